// Transcriptomics page with a loaded cohort: it starts on the cohort's counts; the demo set
// is offered only as a separate data set, said so on the page, and the cohort's counts come
// back with one click (issue 17: the demo button must not silently replace them).
import { test, expect } from '@playwright/test'

test('omics: the cohort\'s counts by default; a separate demo set is never silently the cohort\'s', async ({ page }) => {
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '40')
  await page.fill('[data-input=demo-seed]', '1')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-out=header-cohort]')).toContainText('40 patients', { timeout: 30_000 })
  await page.click('[data-nav=omics]')
  const source = page.getByTestId('omics-source')
  await expect(source).toContainText('cohort "')
  await expect(source).toHaveAttribute('data-from-cohort', 'true')
  await expect(page.locator('[data-out=omics-separate]')).toHaveCount(0)
  await expect(page.locator('[data-action=omics-demo]')).toHaveText('Separate demo RNA-seq set (not the cohort)')
  await page.click('[data-action=omics-demo]')
  await expect(source).toContainText('demo cohort (seed 42)', { timeout: 60_000 })
  await expect(source).toHaveAttribute('data-from-cohort', 'false')
  await expect(page.locator('[data-out=omics-separate]')).toContainText('not passed to Survival, Clustering or the Study')
  await page.click('[data-action=omics-cohort]')
  await expect(source).toContainText('cohort "')
  await expect(source).toHaveAttribute('data-from-cohort', 'true')
})
