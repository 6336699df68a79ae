// Radiomics page with a pyradiomics params.yaml: a bad key is reported by name; a valid file runs
// the pyradiomics-compatible mode in the worker pool and the table has pyradiomics' column names.
import { test, expect } from '@playwright/test'

test('pyradiomics params.yaml on the demo cohort', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.locator('[data-input="demo-patients"]').fill('2')
  await page.locator('[data-action="load-demo"]').click()
  await expect(page.locator('[data-job="demo cohort"]')).toHaveCount(0, { timeout: 90_000 })
  await page.locator('[data-nav="radiomics"]').click()
  await expect(page.locator('[data-page="radiomics"]')).toBeVisible()

  const input = page.locator('[data-input="radiomics-settings"]')
  await input.setInputFiles({ name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from('setting:\n  binWidht: 25\n') })
  await expect(page.locator('[data-page="radiomics"] [role="alert"]')).toContainText('setting.binWidht')

  const yaml = 'setting:\n  binWidth: 25\n  label: 1\nimageType:\n  Original: {}\nfeatureClass:\n  firstorder:\n  glcm:\n'
  await input.setInputFiles({ name: 'params.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) })
  await expect(page.locator('[data-status="pyradiomics-params"]')).toContainText('params.yaml')
  await page.locator('[data-action="extract-features"]').click()
  await expect(page.locator('[data-result="radiomics"]')).toBeVisible({ timeout: 120_000 })
  await expect(page.locator('[data-result="radiomics"] .summary')).toContainText('2 patients × 42 features')
  await page.locator('[data-input="feature-filter"]').fill('original_glcm_JointAverage')
  await expect(page.locator('[data-sort="original_glcm_JointAverage"]')).toBeVisible()
  expect(errors).toEqual([])
})
