// The report printed to PDF by Chromium (what "Save as PDF" gives): A4 pages, a table of
// contents, and no table continued on a new page without its header row (thead repeated:
// `thead { display: table-header-group }`). The PDF's pages are read back with Ghostscript
// (text per page, and PNGs to look at); the test skips where Ghostscript is absent.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { hasGs, pdfPageCount, pdfPageText, pdfToPngs } from './pdf.ts'
import { reportHtml, type ReportTable } from '../../src/core/study/report/html.ts'
import { figureSvg, kmSpec } from '../../src/core/figures/index.ts'

test('report PDF (Chromium, A4): contents page, table headers repeated on every page a table spans', async ({ page }, testInfo) => {
  test.skip(!hasGs, 'Ghostscript (gs) is not installed: cannot read the PDF pages back')
  const long: ReportTable = { id: 'table1', title: 'Table 1. Patient characteristics', columns: ['Variable', 'Level', 'All (n = 150)', 'p'], rows: Array.from({ length: 150 }, (_, i) => [`row-${String(i).padStart(3, '0')}`, i % 2 ? 'Yes' : 'No', `${i}/150 (${((100 * i) / 150).toFixed(1)}%)`, i / 200]) }
  const cox: ReportTable = { id: 'table3b', title: 'Table 3b. Cox models', columns: ['Grouping', 'Term', 'HR', 'p'], rows: Array.from({ length: 60 }, (_, i) => [`cox-${String(i).padStart(2, '0')}`, 'Size (mm)', 1 + i / 100, 0.0001 * i]) }
  const km = kmSpec({ id: 'km-hrf', variable: 'h-RF group', logrankP: 0.01, groups: [{ level: 'A', n: 3, curve: { time: [5, 12, 30], surv: [0.667, 0.333, 0.333], nCensor: [0, 0, 1], nRisk: [3, 2, 1] } }] })
  const html = reportHtml({ title: 'Study report', cohort: 'Test cohort: 150 patients', created: '2026-12-04', seed: 1, settings: { a: 1 }, versions: { app: '0.1.0' }, checksums: [], methods: 'Methods text.', tables: [long, cox], figures: [{ id: 'km-hrf', title: 'KM', svg: figureSvg(km), caption: km.caption }], warnings: [] })
  await page.setContent(html)
  const pdf = testInfo.outputPath('report.pdf')
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true })
  const pages = pdfPageCount(pdf)
  expect(pages).toBeGreaterThan(4)
  const text = (p: number) => pdfPageText(pdf, p)
  const texts = Array.from({ length: pages }, (_, i) => text(i + 1))
  // page 1: title page; page 2: the contents
  expect(texts[0]).toContain('Study report')
  expect(texts[0]).toContain('Test cohort: 150 patients')
  expect(texts[1]).toContain('Contents')
  expect(texts[1]).toMatch(/Methods[\s\S]*Patient characteristics[\s\S]*Cox models/)
  // every page with rows of a table also has that table's header
  let spanned1 = 0, spanned3 = 0
  texts.forEach((t, i) => {
    if (/row-\d{3}/.test(t)) {
      spanned1++
      expect(t, `page ${i + 1}`).toMatch(/Variable\s+Level\s+All \(n = 150\)/)
    }
    if (/cox-\d{2}/.test(t)) {
      spanned3++
      expect(t, `page ${i + 1}`).toMatch(/Grouping\s+Term\s+HR/)
    }
  })
  expect(spanned1).toBeGreaterThan(1) // the long table does span pages
  // the pages as pictures, to look at
  const dir = process.env.UPDATE_FIGURES ? path.resolve('docs/figures/report-pages') : testInfo.outputPath('pages')
  fs.mkdirSync(dir, { recursive: true })
  pdfToPngs(pdf, dir, 40)
  console.log(`report PDF: ${pages} A4 pages; Table 1 over ${spanned1} pages, Table 3b over ${spanned3}, header on each`)
})
