// Cohort preprocessing (resample → N4 → histogram matching → rescale) survives a reload:
// each finished case is checkpointed in IndexedDB; after a reload the Preprocessing page
// offers to resume the unfinished run of the loaded cohort, runs only the remaining cases,
// and ends with the per-case outputs (SHA-256 of each final image, grid, N4 iterations,
// bias range, planted-bias check) of an uninterrupted run in a fresh browser profile.
// No request leaves the origin.
import { test, expect, type Page } from '@playwright/test'
import { watch } from './watch.ts'

const PATIENTS = 6

async function openPreprocess(page: Page, loadDemo: boolean) {
  await page.goto('/')
  if (loadDemo) {
    await page.fill('[data-input=demo-patients]', String(PATIENTS))
    await page.fill('[data-input=demo-seed]', '2')
    await page.click('[data-action=load-demo]')
    await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(PATIENTS, { timeout: 60_000 })
  }
  await page.click('[data-nav=preprocess]')
  await expect(page.locator('[data-page=preprocess] h2')).toHaveText('Preprocessing')
}

/** CE-T1 only, a lighter N4 (2 levels × 20 iterations): the same pipeline, smaller. */
async function setSmallRun(page: Page) {
  await page.uncheck('[data-input=pp-seq-t1]')
  await page.uncheck('[data-input=pp-seq-t2]')
  await page.check('[data-input=pp-seq-ce_t1]')
  await page.fill('[data-input=pp-n4-levels]', '2')
  await page.fill('[data-input=pp-n4-iterations]', '20')
}

/** Per case: the final image's hash and every column but the seconds. */
async function caseOutputs(page: Page): Promise<Record<string, string>> {
  await expect(page.locator('[data-testid=preprocess-status]')).toHaveAttribute('data-complete', 'true', { timeout: 60_000 })
  const rows = page.locator('[data-table=preprocess-cases] tbody tr')
  await expect(rows).toHaveCount(PATIENTS)
  return rows.evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => {
      const cells = Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '').slice(0, -1)
      return [tr.getAttribute('data-case') ?? '', `${tr.getAttribute('data-output')} | ${cells.join(' | ')}`]
    })),
  )
}

test('cohort N4 preprocessing resumes after a reload with the outputs of an uninterrupted run', async ({ browser, baseURL }) => {
  test.setTimeout(90_000)
  const ctx1 = await browser.newContext()
  const page = await ctx1.newPage()
  const w1 = watch(page, ctx1, baseURL!)
  await openPreprocess(page, true)
  await setSmallRun(page)
  await page.click('[data-action=run-preprocess]')
  // reload once the reference and one more case are done (both checkpointed), before the end
  const rows = page.locator('[data-table=preprocess-cases] tbody tr')
  await expect.poll(() => rows.count(), { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(2)
  const before = await rows.count()
  expect(before).toBeLessThan(PATIENTS)
  await page.reload()
  await openPreprocess(page, false)
  const note = page.locator('[data-status=unfinished]')
  await expect(note).toBeVisible({ timeout: 30_000 })
  await expect(note).toContainText(`of ${PATIENTS} images done`)
  await page.click('[data-action=resume-preprocess]')
  // the run's settings are back in the form
  await expect(page.locator('[data-input=pp-n4-iterations]')).toHaveValue('20')
  await expect(page.locator('[data-input=pp-seq-t1]')).not.toBeChecked()
  const resumedNote = page.locator('[data-status=resumed]')
  await expect(resumedNote).toContainText('Resumed from a checkpoint')
  const restored = Number(/: (\d+) of/.exec((await resumedNote.textContent()) ?? '')?.[1])
  expect(restored).toBeGreaterThanOrEqual(1)
  expect(restored).toBeLessThan(PATIENTS)
  const resumed = await caseOutputs(page)
  // finished: nothing is offered after another reload
  await page.reload()
  await openPreprocess(page, false)
  await page.waitForTimeout(1000)
  await expect(note).toHaveCount(0)
  await ctx1.close()

  // uninterrupted, in a fresh profile
  const ctx2 = await browser.newContext()
  const page2 = await ctx2.newPage()
  const w2 = watch(page2, ctx2, baseURL!)
  await openPreprocess(page2, true)
  await setSmallRun(page2)
  await page2.click('[data-action=run-preprocess]')
  const fresh = await caseOutputs(page2)
  await expect(page2.locator('[data-status=resumed]')).toHaveCount(0)
  await ctx2.close()

  console.log(`preprocess resume: reloaded with ${before} case(s) shown, ${restored} restored from the checkpoint`)
  expect(Object.keys(resumed).length).toBe(PATIENTS)
  for (const v of Object.values(resumed)) expect(v).toMatch(/^[0-9a-f]{64} \| /)
  expect(resumed).toEqual(fresh)
  expect([...w1.foreign, ...w2.foreign]).toEqual([])
  expect([...w1.problems, ...w2.problems]).toEqual([])
})
