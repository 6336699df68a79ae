// Every study figure, drawn by plotly from its specification on the Study page, checked and
// photographed: the C-index on a linear axis with the 0.5 reference, KM legends naming the
// variable with an "MFS (months)" axis, the colour convention stated in the captions, no
// "= <" anywhere; a reload keeps the plan and the result. UPDATE_FIGURES=1 writes the screenshots to docs/figures/ (committed there,
// with docs/figures/README.md saying what each shows); otherwise to the test's output folder.
import { test, expect } from '@playwright/test'
import path from 'node:path'

const FIGURES = ['km-hrf', 'km-cae', 'km-hscae', 'km-rna', 'km-rna_x_hscae', 'forest', 'cindex', 'volcano', 'enrichment-bars', 'pam-heatmap']

test('study figures: specifications drawn by plotly, checked and photographed', async ({ page }, testInfo) => {
  test.setTimeout(420_000)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '40')
  await page.fill('[data-input=demo-seed]', '1')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-out=header-cohort]')).toContainText('40 patients', { timeout: 30_000 })
  await page.click('[data-nav=study]')
  await page.click('[data-action=plan-fast]')
  const set = async (p: string, value: string) => page.fill(`[data-setting="${p}"]`, value)
  await set('consensus.reps', '20')
  await set('deep.size', '32')
  await set('deep.epochs', '1')
  await set('deep.repeats', '1')
  await set('survival.bootstrap', '50')
  await set('preprocess.n4Levels', '1')
  await set('preprocess.n4Iterations', '5')
  await set('preprocess.spacing.0', '2')
  await set('preprocess.spacing.1', '2')
  await set('preprocess.spacing.2', '6')
  await set('pam.folds', '3')
  await page.click('[data-action=study-run]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 360_000 })

  const out = process.env.UPDATE_FIGURES ? path.resolve('docs/figures') : testInfo.outputPath('figures')
  for (const id of FIGURES) {
    const fig = page.getByTestId(`study-figure-${id}`)
    await expect(fig.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
    await fig.scrollIntoViewIfNeeded()
    await fig.screenshot({ path: path.join(out, `${id}.png`) })
  }
  // C-index: linear axis, reference line at 0.5
  const cindex = await page.getByTestId('plot-cindex').evaluate((el) => {
    const l = (el as unknown as { layout: { xaxis: { type: string; range: number[] }; shapes: { x0: number }[] } }).layout
    return { type: l.xaxis.type, range: l.xaxis.range, refs: l.shapes.map((s) => s.x0) }
  })
  expect(cindex.type).toBe('linear')
  expect(cindex.refs).toEqual([0.5])
  expect(cindex.range[0]).toBeLessThanOrEqual(0.5)
  // KM: the legend names the grouping variable, the axis its unit
  const km = page.getByTestId('study-figure-km-hscae')
  await expect(km).toContainText('HSCAE group = ')
  await expect(km).toContainText('MFS (months)')
  await expect(km).toContainText('Number at risk')
  // captions state the colour convention
  for (const id of ['volcano', 'enrichment-bars']) await expect(page.getByTestId(`study-figure-${id}`).locator('[data-out=caption]')).toContainText(/Red: .*up-regulated.*blue: .*down-regulated/)
  await expect(page.getByTestId('study-figure-pam-heatmap').locator('[data-out=caption]')).toContainText('red: above')
  // no "= <" anywhere on the page
  expect(await page.locator('[data-page=study]').innerText()).not.toMatch(/=\s*</)

  // a reload keeps the plan and the result (IndexedDB)
  await page.waitForTimeout(800)
  await page.reload()
  await page.click('[data-nav=study]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveValue('20')
  await expect(page.locator('[data-setting="preprocess.spacing.2"]')).toHaveValue('6')
  await expect(page.getByTestId('study-summary')).toHaveAttribute('data-patients', '40')
  await expect(page.getByTestId('study-figure-cindex').getByTestId('plot-cindex')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
})
