// Foundation end-to-end: demo cohort → viewer with the mask overlay (pixels checked in a
// screenshot) → mask drawing, propagation and saving → a long job cancelled → zero requests
// to any origin other than the app's over the whole session. And a DICOM series read in the
// browser with the grid of the same patient's NIfTI.
import { test, expect, type Page } from '@playwright/test'
import { gunzipSync } from 'node:zlib'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { generateDemoPatientVolumes } from '../../src/core/demo/index.ts'
import { watch } from './watch.ts'
import { DATA, haveData } from '../unit/shared_data.ts'

const STS2 = `${DATA}/sts/STS_002/mr_t1`


/** Pixels of a PNG screenshot that are clearly red (the mask overlay), decoded in the page. */
async function reddishPixels(page: Page, png: Buffer): Promise<{ red: number; total: number; nonBlack: number }> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const c = new OffscreenCanvas(bmp.width, bmp.height)
    const g = c.getContext('2d')!
    g.drawImage(bmp, 0, 0)
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data
    let red = 0, nonBlack = 0
    for (let i = 0; i < d.length; i += 4) {
      const [r, gg, b] = [d[i], d[i + 1], d[i + 2]]
      if (r > 120 && r > 2 * gg && r > 2 * b) red++
      if (r + gg + b > 30) nonBlack++
    }
    return { red, total: d.length / 4, nonBlack }
  }, png.toString('base64'))
}

test('demo session: cohort, viewer with mask overlay, drawing, cancellable job, no cross-origin request', async ({ page, context, baseURL }) => {
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await expect(page.locator('h1')).toHaveText('Sarcoma Omics Lab')

  // 1. demo cohort of 12 patients, built in a worker within seconds
  await page.fill('[data-input=demo-patients]', '12')
  await page.fill('[data-input=demo-seed]', '1')
  const t0 = Date.now()
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(12, { timeout: 30_000 })
  const loadSeconds = (Date.now() - t0) / 1000
  expect(loadSeconds).toBeLessThan(15)
  await expect(page.locator('[data-out=cohort-summary]')).toContainText('12 patients')
  await expect(page.locator('[data-out=mapping]')).toContainText('12 clinical rows')

  // 2. viewer: CE-T1 with the mask overlay
  await page.locator('[data-action=view]').first().click()
  const viewer = page.locator('[data-viewer]')
  await expect(viewer).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })
  await expect(viewer).toHaveAttribute('data-sequence', 'ce_t1')
  await expect(page.locator('[data-out=mask-voxels]')).not.toHaveText('mask: 0 voxels')
  const canvas = page.locator('[data-canvas=niivue]')
  await page.waitForTimeout(500)
  const withMask = await reddishPixels(page, await canvas.screenshot())
  expect(withMask.nonBlack).toBeGreaterThan(withMask.total * 0.05) // the image is drawn
  expect(withMask.red).toBeGreaterThan(200) // and the tumour overlay on it
  // control: with the overlay transparent the red pixels vanish
  await page.locator('[data-input=opacity]').fill('0')
  await page.waitForTimeout(300)
  const noMask = await reddishPixels(page, await canvas.screenshot())
  expect(noMask.red).toBeLessThan(withMask.red / 10)
  await page.locator('[data-input=opacity]').fill('0.6')

  // the mask shown (niivue's RAS-ordered drawing, converted back) is the generator's mask, voxel for voxel
  const saveMask = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=save-mask]')])
    return { name: dl.suggestedFilename(), nii: gunzipSync(fs.readFileSync(await dl.path())) }
  }
  const truth = generateDemoPatientVolumes(1, 12, 0).mask
  const initial = (await saveMask()).nii
  expect(initial.length).toBe(352 + truth.data.length)
  let mismatched = 0
  for (let i = 0; i < truth.data.length; i++) if ((truth.data[i] > 0 ? 1 : 0) !== initial[352 + i]) mismatched++
  expect(mismatched).toBe(0)

  // other sequences and slice navigation
  await page.click('[data-seq=t1]')
  await expect(viewer).toHaveAttribute('data-sequence', 't1')
  await page.click('[data-seq=ce_t1]')
  await expect(viewer).toHaveAttribute('data-sequence', 'ce_t1')
  await page.locator('[data-input=slice]').fill('3')
  await expect(page.locator('[data-out=slice]')).toContainText('4 /')

  // 3. draw on a slice, erase, propagate to T1/T2, save as NIfTI
  const voxels = async () => Number((await page.locator('[data-out=mask-voxels]').textContent())!.match(/(\d+)/)![1])
  const before = await voxels()
  await page.click('[data-tool=draw]')
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3)
  await page.mouse.down()
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.02), box.y + box.height * 0.3)
  await page.mouse.up()
  await expect.poll(voxels).toBeGreaterThan(before)
  const drawn = await voxels()
  await page.click('[data-tool=erase]')
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3)
  await page.mouse.down()
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.02), box.y + box.height * 0.3)
  await page.mouse.up()
  await expect.poll(voxels).toBeLessThan(drawn)
  await page.click('[data-tool=navigate]')
  await page.click('[data-action=propagate]')
  await expect(page.locator('.viewer .status')).toContainText('propagated from CE-T1 to T1 and T2')
  const { name, nii } = await saveMask()
  expect(name).toMatch(/_ce_t1_mask\.nii\.gz$/)
  const dv = new DataView(nii.buffer, nii.byteOffset, nii.byteLength)
  expect(dv.getInt32(0, true)).toBe(348)
  const dims = [dv.getInt16(42, true), dv.getInt16(44, true), dv.getInt16(46, true)]
  const dimsShown = (await page.locator('[data-image=ce_t1]').getAttribute('data-dims'))!.split(',').map(Number)
  expect(dims).toEqual(dimsShown)
  let set = 0
  for (let i = 352; i < nii.length; i++) if (nii[i]) set++
  expect(set).toBe(await voxels())

  // 4. a long job with progress, cancelled: check all images of a 225-patient cohort
  await page.click('[data-nav=cohort]')
  await page.fill('[data-input=demo-patients]', '225')
  const t225 = Date.now()
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(225, { timeout: 30_000 })
  const load225 = (Date.now() - t225) / 1000
  test.info().annotations.push({ type: 'demo load seconds', description: `12 patients ${loadSeconds.toFixed(2)} s, 225 patients ${load225.toFixed(2)} s` })
  console.log(`demo cohort load: 12 patients ${loadSeconds.toFixed(2)} s, 225 patients ${load225.toFixed(2)} s`)
  expect(load225).toBeLessThan(15)
  await page.click('[data-action=scan-images]')
  const bar = page.locator('[data-job="image check"]')
  await expect(bar).toBeVisible()
  await expect.poll(async () => Number(await bar.locator('progress').getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0)
  await bar.locator('[data-action=cancel]').click()
  await expect(page.locator('[data-out=scan-status]')).toHaveText('Image check cancelled.')
  await expect(bar).toHaveCount(0)

  // 5. nothing but the app's own origin was ever contacted
  expect(w.requests.length).toBeGreaterThan(5)
  expect(w.requests.some((u) => u.includes('/assets/'))).toBe(true)
  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
})

test('a DICOM series opens in the browser with the grid of the same patient\'s NIfTI', async ({ page, context, baseURL }) => {
  test.skip(!haveData('DICOM/NIfTI/NRRD/RTSTRUCT in the browser', `${STS2}/dicom/image`, `${STS2}/dicom/mask/RS.dcm`, 'mri/brain1_image.nrrd'), 'needs ../shared/data (STS_002, brain1); set SOL_SHARED_DATA')
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await page.click('[data-nav=viewer]')
  await page.setInputFiles('[data-input=open-dicom]', `${STS2}/dicom/image`)
  const dicomRow = page.locator('[data-info] tr[data-image=t1]')
  await expect(dicomRow).toHaveAttribute('data-dims', '115,90,35', { timeout: 60_000 })
  const dcm = { spacing: (await dicomRow.getAttribute('data-spacing'))!.split(',').map(Number), origin: (await dicomRow.getAttribute('data-origin'))!.split(',').map(Number) }
  await expect(page.locator('[data-viewer]')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })

  await page.setInputFiles('[data-input=open-files]', `${STS2}/image.nii.gz`)
  await expect(page.locator('[data-info]')).toHaveAttribute('data-info', 'image.nii.gz', { timeout: 60_000 })
  const niiRow = page.locator('[data-info] tr[data-image=t1]')
  await expect(niiRow).toHaveAttribute('data-dims', '115,90,35')
  const nii = { spacing: (await niiRow.getAttribute('data-spacing'))!.split(',').map(Number), origin: (await niiRow.getAttribute('data-origin'))!.split(',').map(Number) }
  for (let i = 0; i < 3; i++) {
    expect(Math.abs(dcm.spacing[i] - nii.spacing[i])).toBeLessThan(1e-4)
    expect(Math.abs(dcm.origin[i] - nii.origin[i])).toBeLessThan(1e-3)
  }
  // NRRD image + label map opened together: the label map becomes the mask overlay
  await page.setInputFiles('[data-input=open-files]', [`${DATA}/mri/brain1_image.nrrd`, `${DATA}/mri/brain1_label.nrrd`])
  await expect(page.locator('[data-info] tr[data-image=t1]')).toHaveAttribute('data-dims', '256,256,25', { timeout: 60_000 })
  await expect(page.locator('[data-viewer]')).toHaveAttribute('data-ready', 'true')
  await expect(page.locator('[data-out=mask-voxels]')).not.toHaveText('mask: 0 voxels')
  await page.waitForTimeout(300)
  const canvas = page.locator('[data-canvas=niivue]')
  const px = await reddishPixels(page, await canvas.screenshot())
  expect(px.red).toBeGreaterThan(50)
  // window/level changes what is drawn
  const before = await canvas.screenshot()
  await page.locator('[data-input=window-high]').fill(String(Number(await page.locator('[data-input=window-high]').getAttribute('min')) + 1))
  await page.waitForTimeout(300)
  expect(Buffer.compare(before, await canvas.screenshot())).not.toBe(0)
  // the RTSTRUCT beside the series gets a clear message, not a crash
  await page.setInputFiles('[data-input=open-files]', `${STS2}/dicom/mask/RS.dcm`)
  await expect(page.locator('[data-error=viewer]')).toContainText('RTSTRUCT')
  // broken series: clear messages naming the folder and the slices
  await page.setInputFiles('[data-input=open-dicom]', 'tests/fixtures/bad/dicom_mixed_series')
  await expect(page.locator('[data-error=viewer]')).toContainText('dicom_mixed_series: mixes 2 DICOM series', { timeout: 60_000 })
  await page.setInputFiles('[data-input=open-dicom]', 'tests/fixtures/bad/dicom_missing_slice')
  await expect(page.locator('[data-error=viewer]')).toContainText('dicom_missing_slice: 1 slice(s) missing between 000004.dcm', { timeout: 60_000 })
  // itk-wasm's pipelines came from the app's origin
  expect(w.requests.some((u) => u.startsWith(`${w.origin}/itk/dicom/read-image-dicom-file-series`))).toBe(true)
  expect(w.requests.some((u) => u.startsWith(`${w.origin}/itk/image-io/nifti-read-image`))).toBe(true)
  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
})

test('local import of a study folder: manifest, clinical mapping, counts, viewer, image check, clear errors', async ({ page, context, baseURL }) => {
  // a study folder as the CLI writes it (manifest.csv, clinical.csv, counts.csv, samples.csv, images/*.nii.gz)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarcoma-import-'))
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'demo', '--out', dir, '--patients', '4', '--seed', '7'], { stdio: 'ignore' })
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await page.setInputFiles('[data-input=import-folder]', dir)
  await expect(page.locator('[data-out=import-summary]')).toContainText('4 patients from the manifest (manifest.csv)', { timeout: 60_000 })
  await expect(page.locator('[data-out=import-summary]')).toContainText('clinical table clinical.csv (4 rows)')
  await expect(page.locator('[data-out=import-summary]')).toContainText('× 2 samples')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(4)
  await expect(page.locator('[data-out=mapping]')).toContainText('4 clinical rows')
  await expect(page.locator('[data-map=time]')).toHaveValue('mfs_time')
  await expect(page.locator('[data-map=grade]')).toHaveValue('grade')

  // every image is read from the picked files in the workers
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('Checked 4 patients', { timeout: 60_000 })
  await expect(page.locator('[data-out=scan-status]')).toContainText('all images readable')

  // a file-based patient in the viewer, with its mask overlay
  await page.locator('[data-action=view]').nth(1).click()
  await expect(page.locator('[data-viewer]')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })
  await page.waitForTimeout(300)
  const px = await reddishPixels(page, await page.locator('[data-canvas=niivue]').screenshot())
  expect(px.red).toBeGreaterThan(200)

  // a clinical table with a bad value: the message names file, row and column
  await page.click('[data-nav=cohort]')
  await page.setInputFiles('[data-input=clinical]', 'tests/fixtures/bad/clinical_negative_time.csv')
  await expect(page.locator('[data-error=mapping]')).toContainText('clinical_negative_time.csv, row 3, column mfs_time: survival time must be > 0')
  // a folder with nothing recognisable
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sarcoma-empty-'))
  fs.writeFileSync(path.join(empty, 'notes.txt'), 'hello')
  await page.setInputFiles('[data-input=import-folder]', empty)
  await expect(page.locator('[data-error=import]')).toContainText('no patients found: add a manifest.csv')

  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(empty, { recursive: true, force: true })
})
