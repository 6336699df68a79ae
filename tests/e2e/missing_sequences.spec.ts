// No silent substitution in the app: a manifest cohort where one patient has no T2 and
// another's T1 covers only the upper part of the tumour (its slab starts mid-tumour) → the
// Radiomics page's CSV export has NA in every T2 cell of the first and every T1 cell of the
// second (never CE-T1's values), the other cells measured. The same exclusions in a study
// (demo cohort with clinical table): the Study page's flow chart (Fig. 1) names each reason,
// count and patient, and the warnings name the patient, the file and the fraction covered.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync, strFromU8, unzipSync } from 'fflate'
import { generateDemoCohort, generateDemoPatientVolumes } from '../../src/core/demo/index.ts'
import { demoClinicalTable, demoImagePath, demoPatientImageFiles } from '../../src/core/demo/files.ts'
import { toCsv } from '../../src/core/table/table.ts'
import { encodeNifti } from '../../src/core/image/nifti_write.ts'
import { indexToPhysical, type Volume } from '../../src/core/image/volume.ts'

const SEED = 2, N = 3
const nii = (v: Volume) => gzipSync(encodeNifti(v, false), { level: 1, mtime: 0 })

/** The slices k ≥ k0 of a volume, origin moved accordingly. */
function slab(v: Volume, k0: number): Volume {
  const per = v.dims[0] * v.dims[1]
  const data = (v.data as Float32Array).slice(k0 * per)
  return { ...v, dims: [v.dims[0], v.dims[1], v.dims[2] - k0], origin: indexToPhysical(v, 0, 0, k0), data }
}

test('radiomics CSV: NA for a missing T2 and for a T1 whose field of view misses part of the tumour', async ({ page }) => {
  test.setTimeout(180_000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'missing-seq-'))
  const rows: string[] = ['patient_id,t1,t2,ce_t1,mask']
  for (let i = 0; i < N; i++) {
    const v = generateDemoPatientVolumes(SEED, N, i)
    const id = `P${i + 1}`
    let t1: Volume = v.t1
    if (i === 1) {
      // slab from the tumour's middle slice on (of the T1 grid): about half the tumour outside
      const m = v.mask, per = m.dims[0] * m.dims[1]
      const ks: number[] = []
      for (let k = 0; k < m.dims[2]; k++) if (m.data.subarray(k * per, (k + 1) * per).some((x) => x > 0)) ks.push(k)
      t1 = slab(v.t1, ks[Math.floor(ks.length / 2)])
    }
    for (const [k, vol] of [['t1', t1], ['t2', v.t2], ['ce_t1', v.ce_t1], ['mask', v.mask]] as const) fs.writeFileSync(path.join(dir, `${id}_${k}.nii.gz`), nii(vol))
    rows.push([id, `${id}_t1.nii.gz`, i === 0 ? '' : `${id}_t2.nii.gz`, `${id}_ce_t1.nii.gz`, `${id}_mask.nii.gz`].join(','))
  }
  fs.writeFileSync(path.join(dir, 'manifest.csv'), rows.join('\n') + '\n')
  await page.goto('/')
  await page.setInputFiles('[data-input=import-folder]', dir)
  await expect(page.locator('[data-out=import-summary]')).toContainText('3 patients from the manifest', { timeout: 30_000 })
  await page.locator('[data-nav="radiomics"]').click()
  await page.locator('[data-action="extract-features"]').click()
  await expect(page.locator('[data-result="radiomics"]')).toBeVisible({ timeout: 150_000 })
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()])
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => l.split(','))
  const head = csv[0]
  const cells = (id: string, seq: string) => {
    const r = csv.find((l) => l[0] === id)!
    return head.map((h, j) => [h, r[j]] as const).filter(([h]) => h.startsWith(`${seq}.`)).map(([, x]) => x)
  }
  expect(cells('P1', 't2').length).toBe(57)
  expect(cells('P1', 't2').every((x) => x === 'NA')).toBe(true)
  expect(cells('P1', 't1').every((x) => x !== 'NA')).toBe(true)
  expect(cells('P2', 't1').every((x) => x === 'NA')).toBe(true)
  expect(cells('P2', 't2').every((x) => x !== 'NA')).toBe(true)
  expect(cells('P3', 't1').concat(cells('P3', 't2'), cells('P3', 'ce_t1')).every((x) => x !== 'NA')).toBe(true)
})

/** The slab of T1 starting at the tumour's middle slice: about half the mask outside T1's field of view. */
function halfOutside(v: { t1: Volume; mask: Volume }): Volume {
  const m = v.mask, per = m.dims[0] * m.dims[1]
  const ks: number[] = []
  for (let k = 0; k < m.dims[2]; k++) if (m.data.subarray(k * per, (k + 1) * per).some((x) => x > 0)) ks.push(k)
  return slab(v.t1, ks[Math.floor(ks.length / 2)])
}

test('study: the flow chart (Fig. 1) excludes the patient without T2 and the one whose mask lies outside T1, with the reasons', async ({ page }) => {
  test.setTimeout(180_000)
  const S = 4, M = 16
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'missing-seq-study-'))
  const demo = generateDemoCohort({ seed: S, patients: M })
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true })
  const rows = demo.clinical.map((r, i) => {
    for (const f of demoPatientImageFiles(S, M, i)) fs.writeFileSync(path.join(dir, f.path), f.bytes)
    const paths = (['t1', 't2', 'ce_t1', 'mask'] as const).map((k) => demoImagePath(r.patient_id, k))
    if (i === 0) paths[1] = ''
    if (i === 1) {
      paths[0] = `images/${r.patient_id}_t1_slab.nii.gz`
      fs.writeFileSync(path.join(dir, paths[0]), nii(halfOutside(generateDemoPatientVolumes(S, M, i))))
    }
    return [r.patient_id, ...paths, r.cohort]
  })
  fs.writeFileSync(path.join(dir, 'manifest.csv'), toCsv(['patient_id', 't1', 't2', 'ce_t1', 'mask', 'cohort'], rows))
  const clinical = demoClinicalTable(demo)
  fs.writeFileSync(path.join(dir, 'clinical.csv'), toCsv(clinical.columns, clinical.rows))
  const [noT2, outside] = [rows[0][0], rows[1][0]]

  await page.goto('/')
  await page.setInputFiles('[data-input=import-folder]', dir)
  await expect(page.locator('[data-out=import-summary]')).toContainText(`${M} patients from the manifest`, { timeout: 30_000 })
  await page.click('[data-nav=study]')
  await page.click('[data-action=plan-fast]')
  await page.locator('[data-setting="preprocess.enabled"]').uncheck()
  await page.locator('[data-setting="deep.enabled"]').uncheck()
  await page.fill('[data-setting="consensus.reps"]', '20')
  await page.fill('[data-setting="consensus.maxK"]', '3')
  await page.fill('[data-setting="survival.bootstrap"]', '20')
  await expect(page.getByTestId('plan-problems')).toHaveCount(0)
  await page.click('[data-action=study-run]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 150_000 })
  await expect(page.getByTestId('study-summary')).toHaveAttribute('data-patients', String(M - 2))
  const flow = page.getByTestId('study-flow')
  await expect(flow.locator('[data-box=screened]')).toContainText(`n = ${M}`)
  await expect(flow.locator('[data-box=included]')).toContainText(`n = ${M - 2}`)
  const t2 = flow.locator('[data-box=excluded][data-reason="missing T2"]')
  await expect(t2).toHaveAttribute('data-n', '1')
  await expect(t2).toContainText(noT2)
  const fov = flow.locator('[data-box=excluded][data-reason="mask outside the T1 field of view (< 95 % covered)"]')
  await expect(fov).toHaveAttribute('data-n', '1')
  await expect(fov).toContainText(outside)
  const warnings = page.getByTestId('study-warnings')
  await expect(warnings).toContainText(`${noT2} skipped: ${noT2}: has no t2 image`)
  await expect(warnings).toContainText(new RegExp(`${outside} skipped: .*only \\d+\\.\\d % of the mask .*${outside}_mask\\.nii\\.gz lies inside the t1 image's field of view`))
  // analysis.json carries the same flow
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-json]')])
  const analysis = JSON.parse(fs.readFileSync((await dl.path())!, 'utf8'))
  expect(analysis.flow.screened).toBe(M)
  expect(analysis.flow.included).toBe(M - 2)
  expect(analysis.flow.excluded.map((e: { reason: string; patients: string[] }) => [e.reason, e.patients])).toEqual([['missing T2', [noT2]], ['mask outside the T1 field of view (< 95 % covered)', [outside]]])

  // pseudonymised exports (as study --pseudonymise): no patient id in analysis.json, the report, the tables or the project file; the key apart
  await page.check('[data-input=pseudonymise-exports]')
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-json]')])
  const text = fs.readFileSync((await dl2.path())!, 'utf8')
  const ids = rows.map((r) => r[0])
  const leaks = (t: string) => ids.filter((id) => new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9])`).test(t))
  expect(leaks(text)).toEqual([])
  const pseudo = JSON.parse(text)
  expect(pseudo.flow.excluded[0].patients[0]).toMatch(/^PSN-[0-9a-f]{10}$/)
  const [keyDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-pseudonym-key]')])
  const key = JSON.parse(fs.readFileSync((await keyDl.path())!, 'utf8'))
  expect(key.pseudonyms[noT2]).toBe(pseudo.flow.excluded[0].patients[0])
  expect(key.secret).toMatch(/^[0-9a-f]{64}$/)
  const [reportDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-report]')])
  expect(leaks(fs.readFileSync((await reportDl.path())!, 'utf8'))).toEqual([])
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-csv]')])
  const tables = unzipSync(fs.readFileSync((await csvDl.path())!))
  expect(Object.keys(tables).length).toBeGreaterThan(2)
  for (const [name, bytes] of Object.entries(tables)) expect(leaks(strFromU8(bytes)), name).toEqual([])
  const [projDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-project]')])
  const project = strFromU8(gunzipSync(fs.readFileSync((await projDl.path())!)))
  expect(leaks(project)).toEqual([])
  expect(project).not.toContain(key.secret)
  expect(project).toContain(key.pseudonyms[outside])
})
