// Preprocessing end-to-end: a small demo cohort preprocessed in the UI (workers, progress
// bar), every case listed, before/after slices and histograms drawn, and on CE-T1 the
// planted multiplicative bias visibly removed: muscle's coefficient of variation drops
// after N4 (the demo generator plants one smooth bias field per patient).
import { test, expect } from '@playwright/test'

test('demo cohort preprocesses in workers with progress; corrected CE-T1 is flatter', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '3')
  await page.fill('[data-input=demo-seed]', '1')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(3, { timeout: 30_000 })

  await page.click('[data-nav=preprocess]')
  await expect(page.locator('[data-page=preprocess] h2')).toHaveText('Preprocessing')
  await page.click('[data-action=run-preprocess]')
  // progress is reported while the workers run
  const bar = page.locator('[data-job=preprocessing]')
  await expect(bar).toBeVisible({ timeout: 10_000 })
  await expect(bar.locator('.msg')).toContainText('images', { timeout: 30_000 })
  await expect(page.locator('[data-testid=preprocess-status]')).toHaveAttribute('data-complete', 'true', { timeout: 150_000 })
  await expect(bar).toBeHidden()
  await expect(page.locator('[data-table=preprocess-cases] tbody tr')).toHaveCount(9)

  // planted bias: CE-T1 muscle flatter after N4, on average and in most patients
  const s = page.locator('[data-testid=flatness-summary]')
  await expect(s).toBeVisible()
  const before = Number(await s.getAttribute('data-cv-before'))
  const after = Number(await s.getAttribute('data-cv-after'))
  const improved = Number(await s.getAttribute('data-improved'))
  console.log(`CE-T1 muscle CV ${before.toFixed(4)} → ${after.toFixed(4)} (${improved}/3 flatter)`)
  expect(after).toBeLessThan(0.9 * before)
  expect(improved).toBeGreaterThanOrEqual(2)

  // before/after views of a chosen case
  await page.click('[data-table=preprocess-cases] tbody tr[data-case$="/ce_t1"] >> nth=0')
  await expect(page.locator('[data-testid=preprocess-histograms]')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
  const drawn = await page.locator('canvas[data-canvas=after]').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let bright = 0
    for (let i = 0; i < d.length; i += 4) if (d[i] > 40) bright++
    return { w: c.width, bright }
  })
  expect(drawn.w).toBeGreaterThan(100)
  expect(drawn.bright).toBeGreaterThan(1000)

  // niivue before/after of the same case
  await page.click('[data-action=open-niivue]')
  await expect(page.locator('[data-niivue-ready]')).toHaveAttribute('data-niivue-ready', 'true', { timeout: 60_000 })
  await page.waitForTimeout(500)
  for (const which of ['before', 'after']) {
    const png = await page.locator(`canvas[data-niivue=${which}]`).screenshot()
    const lit = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const c = new OffscreenCanvas(bmp.width, bmp.height)
      const g = c.getContext('2d')!
      g.drawImage(bmp, 0, 0)
      const d = g.getImageData(0, 0, bmp.width, bmp.height).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 90) n++
      return n
    }, png.toString('base64'))
    expect(lit, `${which} view shows the image`).toBeGreaterThan(2000)
  }
  expect(errors).toEqual([])
})

test('preprocessing can be cancelled', async ({ page }) => {
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '8')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(8, { timeout: 30_000 })
  await page.click('[data-nav=preprocess]')
  await page.click('[data-action=run-preprocess]')
  const bar = page.locator('[data-job=preprocessing]')
  await expect(bar).toBeVisible({ timeout: 10_000 })
  await bar.locator('[data-action=cancel]').click()
  await expect(bar).toBeHidden({ timeout: 10_000 })
  await expect(page.locator('[role=alert]')).toContainText('cancelled')
})

test('Nyúl–Udupa standardisation trained on the cohort (CE-T1 only, without N4)', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '3')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(3, { timeout: 30_000 })
  await page.click('[data-nav=preprocess]')
  await page.uncheck('[data-input=pp-n4]')
  await page.uncheck('[data-input=pp-seq-t1]')
  await page.uncheck('[data-input=pp-seq-t2]')
  await page.check('input[type=radio][value=nyul]')
  await page.click('[data-action=run-preprocess]')
  await expect(page.locator('[data-testid=preprocess-status]')).toHaveAttribute('data-complete', 'true', { timeout: 90_000 })
  await expect(page.locator('[data-table=preprocess-cases] tbody tr')).toHaveCount(3)
  await expect(page.locator('[data-table=preprocess-cases] tbody tr >> nth=0')).toContainText('CE-T1')
  expect(errors).toEqual([])
})
