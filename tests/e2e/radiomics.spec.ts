// Radiomics from the UI on a small demo cohort: paper-preset extraction in the worker pool
// (one patient per job, progress), sortable feature table, CSV/TSV export with patient id rows,
// per-feature distribution plot.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'

test('paper preset on the demo cohort: table, sort, export, distribution', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.locator('[data-input="demo-patients"]').fill('4')
  await page.locator('[data-action="load-demo"]').click()
  await expect(page.locator('[data-job="demo cohort"]')).toHaveCount(0, { timeout: 90_000 })
  await page.locator('[data-nav="radiomics"]').click()
  await expect(page.locator('[data-page="radiomics"]')).toBeVisible()
  await expect(page.locator('[data-input="radiomics-preset"]')).toHaveValue('paper')
  await page.locator('[data-action="extract-features"]').click()
  await expect(page.locator('[data-result="radiomics"]')).toBeVisible({ timeout: 120_000 })
  await expect(page.locator('[data-result="radiomics"] .summary')).toContainText('4 patients × 175 features')

  // table: 4 patient rows; sorting by a feature orders the rows by its value
  const rows = page.locator('table[data-table="features"] tbody tr')
  await expect(rows).toHaveCount(4)
  await page.locator('[data-input="feature-filter"]').fill('ce_t1.conv_mean')
  await page.locator('[data-sort="ce_t1.conv_mean"]').click()
  const asc = (await rows.locator('td.num').allTextContents()).map(Number)
  expect(asc).toEqual([...asc].sort((a, b) => a - b))
  await page.locator('[data-sort="ce_t1.conv_mean"]').click()
  const desc = (await rows.locator('td.num').allTextContents()).map(Number)
  expect(desc).toEqual([...asc].reverse())

  // CSV export: header patient_id + 175 features, one row per patient
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()])
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n')
  expect(csv[0].split(',')[0]).toBe('patient_id')
  expect(csv[0].split(',').length).toBe(176)
  expect(csv.length).toBe(5)
  const [tsvDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-tsv"]').click()])
  expect(fs.readFileSync((await tsvDl.path())!, 'utf8').split('\n')[0].split('\t').length).toBe(176)

  // distribution of a feature
  await page.locator('[data-input="distribution-feature"]').selectOption('t2.glcm_entropy_log2_d1')
  await expect(page.locator('[data-plot="feature-distribution"]')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  await expect(page.locator('[data-plot="feature-distribution"]')).toHaveAttribute('data-feature', 't2.glcm_entropy_log2_d1')

  // reproducibility filter: the extracted table against a perturbed copy (second "segmentation")
  const header = csv[0].split(',')
  const perturbed = [csv[0], ...csv.slice(1).map((line, i) => line.split(',').map((c, j) => (j === 0 ? c : j === 1 ? String(Number(c) * 1.5 + (i % 2 ? 40 : -40)) : String(Number(c) * (1 + 1e-4 * ((i + j) % 3))))).join(','))].join('\n')
  await page.locator('[data-input="icc-b"]').setInputFiles({ name: 'seg2.csv', mimeType: 'text/csv', buffer: Buffer.from(perturbed) })
  await page.locator('[data-action="run-icc"]').click()
  await expect(page.locator('[data-result="icc"]')).toBeVisible({ timeout: 60_000 })
  await expect(page.locator('tr[data-icc-feature]')).toHaveCount(header.length - 1)
  await expect(page.locator(`tr[data-icc-feature="${header[1]}"]`)).toContainText('no')
  await expect(page.locator(`tr[data-icc-feature="${header[2]}"]`)).toContainText('yes')

  // a user settings file replaces the preset
  const settings = { name: 'my-stats', discretisation: { method: 'fbn', bins: 16 }, dimensions: ['3D'], families: ['stat'] }
  await page.locator('[data-input="radiomics-settings"]').setInputFiles({ name: 'my.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(settings)) })
  await expect(page.locator('[data-status="custom-settings"]')).toContainText('my-stats')
  await page.locator('[data-action="extract-features"]').click()
  await expect(page.locator('[data-result="radiomics"] .summary')).toContainText('Preset my-stats: 4 patients × 18 features', { timeout: 120_000 })
  expect(errors).toEqual([])
})
