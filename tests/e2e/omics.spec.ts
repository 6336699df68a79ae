import { test, expect } from '@playwright/test'

// Transcriptomics page on the demo RNA-seq: normalise + ComBat + consensus clustering
// recovers the planted groups, then volcano, enrichment (planted Hallmark pathways) and the
// PAM heatmap render — all in workers.
test('omics: demo counts → groups → volcano, enrichment, PAM heatmap', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.click('[data-nav="omics"]')
  await page.click('[data-action="omics-demo"]')
  await expect(page.getByTestId('omics-source')).toContainText('110 samples', { timeout: 60_000 })
  await page.locator('label:has-text("resamplings") input').fill('50')
  await page.click('[data-action="omics-cluster"]')
  const groups = page.getByTestId('omics-groups')
  await expect(groups).toContainText('ARI', { timeout: 90_000 })
  const ari = Number(await groups.getAttribute('data-ari'))
  expect(ari).toBeGreaterThanOrEqual(0.8)
  await page.locator('label:has-text("PAM genes") input').fill('300')
  await page.locator('label:has-text("CV folds") input').fill('5')
  await page.click('[data-action="omics-characterise"]')
  await expect(page.getByTestId('omics-de-summary')).toBeVisible({ timeout: 90_000 })
  await expect(page.getByTestId('volcano-plot')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
  await expect(page.getByTestId('enrichment-plot')).toHaveAttribute('data-rendered', 'true')
  await expect(page.getByTestId('pam-heatmap')).toHaveAttribute('data-rendered', 'true')
  // the planted pathways of the demo cohort are among the significant sets
  const table = page.getByTestId('enrichment-table')
  for (const s of ['HALLMARK_E2F_TARGETS', 'HALLMARK_INTERFERON_GAMMA_RESPONSE']) await expect(table.locator(`tr[data-set="${s}"]`)).toHaveCount(1)
  const up = Number(await page.getByTestId('omics-de-summary').getAttribute('data-up'))
  const down = Number(await page.getByTestId('omics-de-summary').getAttribute('data-down'))
  expect(up + down).toBeGreaterThan(50)
  expect(Number(await page.getByTestId('pam-summary').getAttribute('data-genes'))).toBeGreaterThan(0)
  await page.click('[data-action="omics-gsea"]')
  await expect(page.getByTestId('gsea-table')).toBeVisible({ timeout: 60_000 })
  await page.screenshot({ path: 'test-results/omics-page.png', fullPage: true })
  expect(errors).toEqual([])
})
