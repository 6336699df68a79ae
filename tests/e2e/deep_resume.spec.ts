// Deep training's CV repeats survive a reload: a small CAE is trained on a demo cohort,
// the page is reloaded once at least one repeat's checkpoint is kept in IndexedDB, the
// Deep page offers "Resume training from repeat r/R" with the restored loss history, and
// the resumed run ends with exactly the metrics and latent vectors of an uninterrupted run
// in a fresh browser profile (same backend: tfjs CPU, deterministic). No request leaves
// the origin.
import { test, expect, type Page } from '@playwright/test'
import { watch } from './watch.ts'

const REPEATS = 3

async function openDeep(page: Page, loadDemo: boolean) {
  await page.goto('/')
  if (loadDemo) {
    await page.fill('[data-input=demo-patients]', '12')
    await page.fill('[data-input=demo-seed]', '1')
    await page.click('[data-action=load-demo]')
    await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(12, { timeout: 60_000 })
  }
  await page.click('[data-nav=deep]')
  await expect(page.locator('[data-page=deep]')).toBeVisible()
}

async function setSmallRun(page: Page) {
  await page.selectOption('[data-input=deep-size]', '16')
  await page.fill('[data-input=deep-epochs]', '4')
  await page.fill('[data-input=deep-repeats]', String(REPEATS))
  await page.fill('[data-input=deep-views]', '2')
  await page.fill('[data-input=deep-seed]', '3')
  await page.selectOption('[data-input=deep-backend]', 'cpu')
}

async function finalResult(page: Page) {
  const latents = page.locator('[data-out=deep-latents]')
  await expect(latents.or(page.locator('[data-page=deep] [role=alert]'))).toBeVisible({ timeout: 120_000 })
  await expect(page.locator('[data-page=deep] [role=alert]')).toHaveCount(0)
  await expect(latents).toContainText('12 patients × 1024')
  return {
    mse: JSON.parse((await latents.getAttribute('data-mse')) ?? 'null') as Record<string, number>,
    latentsSha: await latents.getAttribute('data-latents-sha'),
    metrics: await page.locator('[data-out=deep-metrics]').innerText(),
  }
}

test('deep training resumes after a reload from the last completed repeat with the result of an uninterrupted run', async ({ browser, baseURL }) => {
  test.setTimeout(90_000)
  // interrupted: pause once a repeat's checkpoint is kept, reload, resume
  const ctx1 = await browser.newContext()
  const page = await ctx1.newPage()
  const w1 = watch(page, ctx1, baseURL!)
  await openDeep(page, true)
  await setSmallRun(page)
  await page.click('[data-action=deep-train]')
  const kept = page.locator('[data-out=deep-checkpoint]')
  await expect(kept).toHaveAttribute('data-repeats', /^[12]$/, { timeout: 60_000 })
  await page.click('[data-action=deep-pause]')
  const repeatsKept = Number(await kept.getAttribute('data-repeats'))
  expect(repeatsKept).toBeLessThan(REPEATS)
  await page.reload()
  await openDeep(page, false)
  // the restored project keeps the cohort; the page finds the checkpoint of this cohort
  const resume = page.locator('[data-action=deep-resume-checkpoint]')
  await expect(resume).toBeVisible({ timeout: 30_000 })
  const r = Number(await page.locator('[data-out=deep-checkpoint]').getAttribute('data-repeats'))
  expect(r).toBeGreaterThanOrEqual(repeatsKept)
  await expect(resume).toHaveText(`Resume training from repeat ${r + 1}/${REPEATS}`)
  await expect(page.locator('[data-input=deep-size]')).toHaveValue('16')
  await expect(page.locator('[data-input=deep-views]')).toHaveValue('2')
  // the chart shows the restored history (at least one epoch per completed repeat)
  const chart = page.locator('[data-plot=deep-loss]')
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(r)
  await resume.click()
  const resumed = await finalResult(page)
  await expect(page.locator('[data-out=deep-checkpoint]')).toHaveCount(0)
  // completed: nothing is offered after another reload
  await page.reload()
  await openDeep(page, false)
  await page.waitForTimeout(1000)
  await expect(resume).toHaveCount(0)
  await ctx1.close()

  // uninterrupted, in a fresh profile
  const ctx2 = await browser.newContext()
  const page2 = await ctx2.newPage()
  const w2 = watch(page2, ctx2, baseURL!)
  await openDeep(page2, true)
  await setSmallRun(page2)
  await page2.click('[data-action=deep-train]')
  const fresh = await finalResult(page2)
  await ctx2.close()

  console.log(`deep resume: reloaded after ${r}/${REPEATS} repeats; test MSE ${resumed.mse.test} (resumed) vs ${fresh.mse.test} (uninterrupted)`)
  expect(resumed.latentsSha).toBe(fresh.latentsSha)
  expect(resumed.mse).toEqual(fresh.mse)
  expect(resumed.metrics).toBe(fresh.metrics)
  expect([...w1.foreign, ...w2.foreign]).toEqual([])
  expect([...w1.problems, ...w2.problems]).toEqual([])
})
