// Deep radiomics in headless Chromium: a small CAE trains in the dedicated worker on the
// best backend available here (chosen by warm-up; reported), the loss chart updates per
// epoch, Cancel stops a run, and the latent vectors land in the study's results.
import { test, expect } from '@playwright/test'

test('deep: CAE in a worker on the fastest backend, live loss chart, cancel, latents in the study', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => { if (m.type() === 'error') console.log(`console: ${m.text()}`) })
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '12')
  await page.fill('[data-input=demo-seed]', '1')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(12, { timeout: 60_000 })
  await page.click('[data-nav=deep]')

  // 1. a short run that completes
  await page.selectOption('[data-input=deep-size]', '16')
  await page.fill('[data-input=deep-epochs]', '3')
  await page.fill('[data-input=deep-repeats]', '2')
  await page.fill('[data-input=deep-views]', '2')
  await page.click('[data-action=deep-train]')
  const backend = page.locator('[data-out=deep-backend]')
  await expect(backend.or(page.locator('[data-page=deep] [role=alert]'))).toBeVisible({ timeout: 90_000 })
  await expect(page.locator('[data-page=deep] [role=alert]')).toHaveCount(0)
  await expect(backend).toBeVisible()
  const chart = page.locator('[data-plot=deep-loss]')
  await expect(chart).toHaveAttribute('data-points', '1', { timeout: 60_000 })
  await expect(chart).toHaveAttribute('data-points', /^[2-6]$/, { timeout: 60_000 })
  await expect(page.locator('[data-out=deep-metrics]')).toBeVisible({ timeout: 90_000 })
  await expect(page.locator('[data-out=deep-latents]')).toContainText('12 patients × 1024')
  const chosen = (await backend.textContent()) ?? ''
  test.info().annotations.push({ type: 'backend', description: chosen })
  console.log(`deep e2e backend: ${chosen}`)
  expect(chosen).toMatch(/Backend: (webgpu|webgl|cpu)/)
  // the chart's traces carry one point per epoch
  const points = await chart.evaluate((el) => ((el as unknown as { data?: { x: number[] }[] }).data ?? [])[0]?.x.length ?? 0)
  expect(points).toBe(Number(await chart.getAttribute('data-points')))

  // 2. a long run, cancelled after its first epoch
  await page.fill('[data-input=deep-epochs]', '40')
  await page.fill('[data-input=deep-repeats]', '5')
  await page.click('[data-action=deep-train]')
  await expect(chart).toHaveAttribute('data-points', '1', { timeout: 60_000 })
  // the bar says %, repeat, epoch, loss and time left while it runs
  await expect(page.locator('[data-out=deep-pct]')).toHaveText(/^\d+%$/)
  await expect(page.locator('[data-out=deep-progress]')).toHaveText(/repeat \d+\/5, epoch \d+\/40.*loss \d\.\d{4}.*· .*\d+ (s|min|h).* left/, { timeout: 30_000 })
  await page.click('[data-action=deep-cancel]')
  await expect(page.locator('[data-out=deep-status]')).toContainText('cancelled', { timeout: 30_000 })
  await expect(page.locator('[data-action=deep-cancel]')).toHaveCount(0)
  const after = Number(await chart.getAttribute('data-points'))
  await page.waitForTimeout(1500)
  expect(Number(await chart.getAttribute('data-points'))).toBe(after)
  expect(errors).toEqual([])
})
