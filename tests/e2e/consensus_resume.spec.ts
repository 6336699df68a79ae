// A long consensus clustering run checkpoints its resamplings (IndexedDB): reloading the
// page mid-run and running again with the same settings resumes from the checkpoint and
// gives exactly the result of an uninterrupted run; no request leaves the origin.
import { test, expect, type Page } from '@playwright/test'

const REPS = '60000'

async function openCluster(page: Page, loadDemo: boolean) {
  await page.goto('/')
  if (loadDemo) {
    await page.locator('[data-action="load-demo"]').click()
    await expect(page.locator('[data-job="demo cohort"]')).toHaveCount(0, { timeout: 90_000 })
  }
  await page.locator('[data-nav="cluster"]').click()
  await expect(page.locator('[data-page="cluster"]')).toBeVisible()
  await expect(page.locator('[data-input="source-demo"]')).toBeChecked()
  await page.locator('[data-input="reps"]').fill(REPS)
  await page.locator('[data-input="max-k"]').fill('3')
}

async function resultRows(page: Page): Promise<string[]> {
  await expect(page.locator('[data-result="consensus"]')).toBeVisible({ timeout: 240_000 })
  return page.locator('tr[data-k]').allInnerTexts()
}

test('consensus clustering resumes after a reload with the result of an uninterrupted run', async ({ browser }) => {
  test.setTimeout(600_000)
  const foreign: string[] = []
  const watch = (page: Page) => page.on('request', (r) => void (new URL(r.url()).origin !== `http://127.0.0.1:${process.env.PW_PORT ?? 4173}` && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && foreign.push(r.url())))

  // interrupted: reload once a fifth of the resamplings is done, then run again
  const ctx1 = await browser.newContext()
  const page = await ctx1.newPage()
  watch(page)
  await openCluster(page, true)
  await page.locator('[data-action="run-consensus"]').click()
  const bar = page.locator('[data-job="consensus clustering"]')
  await expect.poll(async () => Number((await bar.locator('progress').getAttribute('value').catch(() => '0')) ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(20)
  await page.reload()
  await expect(page.locator('[data-nav="cluster"]')).toBeVisible()
  // the restored project keeps the demo cohort; the page is opened again with the same settings
  await openCluster(page, false)
  await page.locator('[data-action="run-consensus"]').click()
  await expect(page.locator('[data-status="resumed"]')).toContainText('Resumed from a checkpoint', { timeout: 60_000 })
  const resumed = await resultRows(page)
  await ctx1.close()

  // uninterrupted, in a fresh profile
  const ctx2 = await browser.newContext()
  const page2 = await ctx2.newPage()
  watch(page2)
  await openCluster(page2, true)
  await page2.locator('[data-action="run-consensus"]').click()
  const fresh = await resultRows(page2)
  await expect(page2.locator('[data-status="resumed"]')).toHaveCount(0)
  await ctx2.close()

  expect(resumed.length).toBe(2)
  expect(resumed).toEqual(fresh)
  expect(foreign).toEqual([])
})
