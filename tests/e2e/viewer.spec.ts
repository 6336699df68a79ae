// Viewer for radiologists (issue 17): radiological convention by default (a lateralised test
// volume, bright in the patient's left half, shows bright on the screen's right; the
// neurological toggle flips it), brush radius changes the number of voxels painted, arrow
// keys change the slice, the tools sit beside the image at 1366 × 768; the "Where is my
// data?" popover closes on Esc and outside click and leaves the navigation uncovered;
// aria-current on the active page and a skip link.
import { test, expect, type Page } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { encodeNifti } from '../../src/core/image/nifti_write.ts'

/** Mean grey of the left and right halves of a PNG screenshot (decoded in the page). */
async function halves(page: Page, png: Buffer): Promise<{ left: number; right: number }> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const c = new OffscreenCanvas(bmp.width, bmp.height)
    const g = c.getContext('2d')!
    g.drawImage(bmp, 0, 0)
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data
    let left = 0, right = 0
    for (let y = 0; y < bmp.height; y++)
      for (let x = 0; x < bmp.width; x++) {
        const i = 4 * (y * bmp.width + x)
        const v = d[i] + d[i + 1] + d[i + 2]
        if (x < bmp.width / 2) left += v
        else right += v
      }
    const n = (bmp.width * bmp.height) / 2
    return { left: left / n / 3, right: right / n / 3 }
  }, png.toString('base64'))
}

/** 64 × 64 × 8 volume, LPS axes (identity direction): bright where x > 32 mm, i.e. the patient's LEFT half. */
function lateralisedVolume(): string {
  const [nx, ny, nz] = [64, 64, 8]
  const data = new Float32Array(nx * ny * nz)
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) data[x + nx * (y + ny * z)] = x >= nx / 2 ? 1000 : 100
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'solab-viewer-')), 'left_bright_t1.nii')
  fs.writeFileSync(file, encodeNifti({ dims: [nx, ny, nz], spacing: [1, 1, 4], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data }, false))
  return file
}

test('viewer: radiological convention, brush radius, keyboard slices, tools beside the image at 1366 × 768', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.click('[data-nav=viewer]')
  await expect(page.locator('[data-nav=viewer]')).toHaveAttribute('aria-current', 'page')
  await expect(page.locator('[data-nav=cohort]')).not.toHaveAttribute('aria-current', /.+/)
  await page.setInputFiles('[data-input=open-files]', lateralisedVolume())
  const viewer = page.locator('[data-viewer]')
  await expect(viewer).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })
  const canvas = page.locator('[data-canvas=niivue]')

  // radiological by default: the patient's left (bright) on the screen's right
  await expect(page.locator('[data-input=convention]')).toHaveValue('radiological')
  await page.waitForTimeout(500)
  const radio = await halves(page, await canvas.screenshot())
  expect(radio.right).toBeGreaterThan(2 * radio.left)
  await page.selectOption('[data-input=convention]', 'neurological')
  await page.waitForTimeout(500)
  const neuro = await halves(page, await canvas.screenshot())
  expect(neuro.left).toBeGreaterThan(2 * neuro.right)
  await page.selectOption('[data-input=convention]', 'radiological')

  // tools beside the image, all in view at 1366 × 768
  const img = (await canvas.boundingBox())!
  const tools = (await page.locator('aside.tools').boundingBox())!
  expect(tools.x).toBeGreaterThanOrEqual(img.x + img.width - 1)
  expect(img.y + img.height).toBeLessThanOrEqual(768)
  for (const sel of ['[data-input=slice]', '[data-input=convention]', '[data-tool=draw]', '[data-input=brush-radius]', '[data-action=save-mask]']) {
    const b = (await page.locator(sel).boundingBox())!
    expect(b.y + b.height, sel).toBeLessThanOrEqual(768)
    expect(b.x, sel).toBeGreaterThan(img.x + img.width - 1)
  }

  // keyboard slice navigation
  const sliceNo = async () => Number((await page.locator('[data-out=slice]').textContent())!.split('/')[0])
  const s0 = await sliceNo()
  await page.locator('[data-out=canvas-wrap]').focus()
  await page.keyboard.press('ArrowUp')
  await expect.poll(sliceNo).toBe(s0 + 1)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect.poll(sliceNo).toBe(s0 - 1)

  // brush radius: one click paints 1 voxel at radius 0, (2·3 + 1)² = 49 at radius 3
  const voxels = async () => Number((await page.locator('[data-out=mask-voxels]').textContent())!.match(/(\d+)/)![1])
  await page.click('[data-tool=draw]')
  const click = async (fx: number, fy: number) => {
    await page.mouse.move(img.x + img.width * fx, img.y + img.height * fy)
    await page.mouse.down()
    await page.mouse.up()
  }
  const v0 = await voxels()
  await click(0.4, 0.4)
  await expect.poll(voxels).toBeGreaterThan(v0)
  const one = (await voxels()) - v0
  await page.fill('[data-input=brush-radius]', '3')
  await click(0.6, 0.6)
  await expect.poll(voxels).toBeGreaterThan(v0 + one)
  const big = (await voxels()) - v0 - one
  console.log(`brush: radius 0 painted ${one} voxel(s), radius 3 painted ${big}`)
  expect(one).toBe(1)
  expect(big).toBe(49)
  expect(errors).toEqual([])
})

test('popover closes on Esc and outside click, leaves the navigation uncovered; skip link', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto('/')
  // skip link: first Tab stop, jumps to the main content
  await page.keyboard.press('Tab')
  const skip = page.locator('[data-action=skip]')
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()

  const details = page.locator('details.where')
  const box = page.locator('[data-out=privacy]')
  await page.click('[data-action=privacy]')
  await expect(box).toBeVisible()
  // every navigation button is still the element under its own centre
  for (const id of ['cohort', 'viewer', 'radiomics', 'survival', 'study']) {
    const b = (await page.locator(`[data-nav=${id}]`).boundingBox())!
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-nav') ?? null, [b.x + b.width / 2, b.y + b.height / 2])
    expect(hit, id).toBe(id)
  }
  await page.keyboard.press('Escape')
  await expect(box).toBeHidden()
  await expect(details).not.toHaveAttribute('open', /.*/)
  await page.click('[data-action=privacy]')
  await expect(box).toBeVisible()
  await page.mouse.click(40, 740)
  await expect(box).toBeHidden()
})

test('a mask edited on T2 in the viewer becomes the patient\'s T2 mask, saved with the project (kept after a reload)', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto('/')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-out=header-cohort]')).toContainText('patients', { timeout: 30_000 })
  const first = page.locator('[data-table=patients] tr[data-patient]').first()
  const id = (await first.getAttribute('data-patient'))!
  await expect(first.locator('[data-image=mask_t2]')).toHaveCount(0)
  await page.click('[data-nav=viewer]')
  const viewer = page.locator('[data-viewer]')
  await expect(viewer).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })
  await expect(viewer).toHaveAttribute('data-viewer', id)
  await page.click('[data-seq=t2]')
  await expect(viewer).toHaveAttribute('data-sequence', 't2')
  await expect(viewer).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })
  await page.click('[data-action=use-mask]')
  await expect(page.locator('.viewer [role=status]')).toContainText("is now this patient's T2 mask in the cohort (mask_t2, saved with the project)")
  // saved (debounced) into the local project, restored after a reload
  await page.waitForTimeout(1500)
  await page.reload()
  await page.click('[data-nav=cohort]')
  const row = page.locator(`[data-table=patients] tr[data-patient="${id}"]`)
  await expect(row.locator('[data-image=mask_t2][data-present=true]')).toHaveCount(1, { timeout: 30_000 })
  await expect(page.locator('[data-table=patients] [data-image=mask_t2]')).toHaveCount(1)
})
