// Every study figure, drawn by plotly from its specification on the Study page (the flow chart
// and the Grad-CAM panel as the report's own SVG), checked and photographed: the C-index on a
// linear axis with the 0.5 reference, KM legends naming the variable with an "MFS (months)"
// axis, the colour convention stated in the captions, no "= <" anywhere; a reload keeps the
// plan and the result. Then the study's OWN report.html is printed to PDF by Chromium (A4, as
// "Save as PDF" does): page 1 is the title page, page 2 the contents, and every page that shows
// rows of a table also shows that table's header row (read back per page with Ghostscript).
// UPDATE_FIGURES=1 writes the screenshots to docs/figures/ and the PDF's pages to
// docs/figures/report-pages/ (committed there, docs/figures/README.md says what each shows);
// otherwise to the test's output folder.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { hasGs, pdfPageCount, pdfPageText, pdfToPngs } from './pdf.ts'

// every figure this plan gives (deep models on, RNA subset, profile); the page may not show fewer
const REQUIRED = ['flow', 'km-hrf', 'km-cae', 'km-hscae', 'km-rna', 'km-rna_x_hscae', 'forest', 'cindex', 'volcano', 'enrichment-bars', 'pam-heatmap', 'gradcam']

test('study figures: specifications drawn by plotly, checked and photographed; the report prints to a clean A4 PDF', async ({ page, context }, testInfo) => {
  test.setTimeout(780_000)
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
  // the figures do not depend on the preprocessing; without it the run fits this shared machine
  await page.locator('[data-setting="preprocess.enabled"]').uncheck()
  await set('pam.folds', '3')
  await page.click('[data-action=study-run]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 540_000 })

  const out = process.env.UPDATE_FIGURES ? path.resolve('docs/figures') : testInfo.outputPath('figures')
  fs.mkdirSync(out, { recursive: true })
  const shown = (await page.locator('[data-testid^="study-figure-"]').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid')!.slice('study-figure-'.length), kind: e.getAttribute('data-kind')! }))))
  expect(shown.map((f) => f.id)).toEqual(expect.arrayContaining(REQUIRED))
  for (const { id, kind } of shown) {
    const fig = page.getByTestId(`study-figure-${id}`)
    if (kind !== 'svg') await expect(fig.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
    else await expect(fig.locator('svg').first()).toBeVisible()
    await fig.scrollIntoViewIfNeeded()
    await fig.screenshot({ path: path.join(out, `${id}.png`) })
  }
  console.log(`photographed ${shown.length} figures: ${shown.map((f) => f.id).join(', ')}`)
  // C-index: linear axis, reference line at 0.5
  const cindex = await page.getByTestId('plot-cindex').evaluate((el) => {
    const l = (el as unknown as { layout: { xaxis: { type: string; range: number[] }; shapes: { x0: number }[] } }).layout
    return { type: l.xaxis.type, range: l.xaxis.range, refs: l.shapes.map((s) => s.x0) }
  })
  expect(cindex.type).toBe('linear')
  expect(cindex.refs).toEqual([0.5])
  expect(cindex.range[0]).toBeLessThanOrEqual(0.5)
  // forest: log axis with few, unrotated tick labels through 1
  const forest = await page.getByTestId('plot-forest').evaluate((el) => (el as unknown as { layout: { xaxis: { type: string; tickvals: number[] } } }).layout.xaxis)
  expect(forest.type).toBe('log')
  expect(forest.tickvals).toContain(1)
  expect(forest.tickvals.length).toBeLessThanOrEqual(7)
  // KM: the legend names the grouping variable, the axis its unit
  for (const id of shown.filter((f) => f.id.startsWith('km-')).map((f) => f.id)) {
    const km = page.getByTestId(`study-figure-${id}`)
    await expect(km).toContainText(/ = \S+ \(n = \d+\)/)
    await expect(km).toContainText('MFS (months)')
    await expect(km).toContainText('Number at risk')
  }
  await expect(page.getByTestId('study-figure-km-hscae')).toContainText('HSCAE group = ')
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
  await expect(page.locator('[data-setting="deep.size"]')).toHaveValue('32')
  await expect(page.locator('[data-setting="preprocess.enabled"]')).not.toBeChecked()
  await expect(page.getByTestId('study-summary')).toHaveAttribute('data-patients', '40')
  await expect(page.getByTestId('study-figure-cindex').getByTestId('plot-cindex')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })

  // the study's own report, printed to PDF by Chromium
  test.skip(!hasGs, 'Ghostscript (gs) is not installed: cannot read the PDF pages back')
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-report]')])
  const html = fs.readFileSync((await dl.path())!, 'utf8')
  const print = await context.newPage()
  await print.setContent(html)
  // a mark in every table's header cell and in every body row's first cell ([[t3-h]], [[t3-r12]]),
  // so that each PDF page says which table's rows and headers it holds
  const nTables = await print.evaluate(() => {
    const tables = [...document.querySelectorAll('table')].filter((t) => t.tHead && t.tBodies[0]?.rows.length)
    const mark = (cell: HTMLTableCellElement, text: string) => {
      const s = document.createElement('span')
      s.style.whiteSpace = 'nowrap' // one unbroken word in the PDF's text
      s.textContent = ` ${text}`
      cell.append(s)
    }
    tables.forEach((t, i) => {
      mark(t.tHead!.rows[0].cells[0], `[[t${i}-h]]`)
      ;[...t.tBodies[0].rows].forEach((r, j) => mark(r.cells[0], `[[t${i}-r${j}]]`))
    })
    return tables.length
  })
  expect(nTables).toBeGreaterThan(5)
  const pdf = testInfo.outputPath('report.pdf')
  await print.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true })
  const pages = pdfPageCount(pdf)
  const texts = Array.from({ length: pages }, (_, i) => pdfPageText(pdf, i + 1))
  expect(texts[0]).toMatch(/sarcomas:?\s+study report/i)
  expect(texts[0]).toMatch(/40 patients/)
  expect(texts[1]).toContain('Contents')
  expect(texts[1]).toMatch(/Methods[\s\S]*Patient characteristics[\s\S]*Metastasis-free survival/)
  let spanning = 0
  const seen = new Set<number>()
  texts.forEach((t, p) => {
    const rows = new Set([...t.matchAll(/\[\[t(\d+)-r\d+\]\]/g)].map((m) => Number(m[1])))
    for (const ti of rows) {
      expect(t, `page ${p + 1}: rows of table ${ti} without its header`).toContain(`[[t${ti}-h]]`)
      if (seen.has(ti)) spanning++
      seen.add(ti)
    }
  })
  expect(seen.size).toBe(nTables) // every table's rows were found in the PDF's text
  const dir = process.env.UPDATE_FIGURES ? path.resolve('docs/figures/report-pages') : testInfo.outputPath('report-pages')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  // the pages as pictures (without the test's marks), to look at
  await print.setContent(html)
  const clean = testInfo.outputPath('report-clean.pdf')
  await print.pdf({ path: clean, format: 'A4', printBackground: true, preferCSSPageSize: true })
  pdfToPngs(clean, dir, 50)
  console.log(`report PDF: ${pages} A4 pages, ${nTables} tables, ${spanning} table continuations onto a new page, each with its header row`)
})
