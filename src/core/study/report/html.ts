// The offline study report: one self-contained HTML file (tables, inline SVG figures,
// settings, software versions, seed, input checksums, generated methods paragraph).
// Its own CSP forbids every fetch, so opening it never makes a request.

import { esc } from './svg.ts'
import { formatP } from '../../math/pvalue.ts'
import { reportSections } from './layout.ts'
import type { ReportFigure, ReportTable } from './types.ts'

export type { ReportFigure, ReportTable }

export interface ReportInput {
  title: string
  /** the cohort in words, for the title page: "Demo cohort: 40 patients (32 training, 8 testing, 20 with RNA-seq)" */
  cohort?: string
  created: string
  seed: number
  settings: unknown
  versions: Record<string, string>
  checksums: { file: string; sha256: string }[]
  methods: string
  tables: ReportTable[]
  figures: ReportFigure[]
  warnings: string[]
}

/** Format a number for a table cell: 3 significant digits, p-values as "< 0.001". */
export function cell(v: string | number | null, column = ''): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') return esc(v)
  if (!Number.isFinite(v)) return '—'
  // p-values through the one formatter ("< 0.001", three decimals)
  if (/(^|\s)p$|p-value|adj/i.test(column)) return esc(formatP(v))
  if (Number.isInteger(v)) return String(v)
  return String(Number(v.toPrecision(3)))
}

export function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('')
  const shown = t.htmlRows !== undefined && t.rows.length > t.htmlRows ? t.rows.slice(0, t.htmlRows) : t.rows
  const body = shown.map((r) => '<tr>' + r.map((v, i) => `<td>${cell(v, t.columns[i])}</td>`).join('') + '</tr>').join('\n')
  const cut = shown.length < t.rows.length ? `<p class="note" data-out="rows-cut">The first ${shown.length} of ${t.rows.length} rows; all ${t.rows.length} are in tables/${esc(t.id)}.csv.</p>` : ''
  return `<section id="${esc(t.id)}"><h3>${esc(t.title)}</h3><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${cut}${t.note ? `<p class="note">${esc(t.note)}</p>` : ''}</section>`
}

/** A4 print layout: the browser's "Save as PDF" gives a clean document (repeated table headers, no split rows or figures). */
const CSS = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem;color:#1d2330;line-height:1.4}',
  'table{border-collapse:collapse;font-size:12px;margin:.5rem 0}th,td{border-bottom:1px solid #ccd;padding:2px 8px;text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}thead th{border-bottom:1.5px solid #1d2330;background:#f4f5f7}',
  '.note{font-size:12px;color:#555}figure{margin:0 0 1rem}figure svg{max-width:100%;height:auto}figcaption{font-size:12px;color:#444}pre{background:#f4f5f7;padding:.5rem;font-size:11px;overflow:auto;white-space:pre-wrap}.warn{color:#a61b1b}',
  '.title-page{min-height:60vh;display:flex;flex-direction:column;justify-content:center}.title-page h1{font-size:2rem;margin:0 0 1rem}.title-page .meta{font-size:1rem;color:#36415a}',
  '.toc ol{columns:2;font-size:14px}.toc a{color:#2456a6;text-decoration:none}',
  '.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;align-items:start}.pair.single{grid-template-columns:minmax(0,1fr)}.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1rem}',
  'h2{margin-top:2rem;border-bottom:2px solid #2456a6;padding-bottom:.2rem}h3{font-size:1rem;margin:.8rem 0 .3rem}',
  '@page{size:A4;margin:14mm 12mm}',
  '@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}.title-page{min-height:0;height:250mm;break-after:page}.toc{break-after:page}',
  'thead{display:table-header-group}tr,figure,svg{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid;page-break-after:avoid}',
  '.pair{display:block}.figs{display:block}figure svg{width:auto;height:auto;max-width:100%;max-height:105mm}table{font-size:8.5pt;width:100%}th,td{padding:1px 4px}section.result{break-before:page}pre{font-size:7.5pt}a{color:inherit}}',
].join('')

function figureHtml(f: ReportFigure): string {
  return `<figure id="${esc(f.id)}"><h3>${esc(f.title)}</h3>${f.svg}${f.caption ? `<figcaption>${esc(f.caption)}</figcaption>` : ''}</figure>`
}

/** "2026-12-04T20:23:38.979Z" → "2026-12-04 20:23 UTC" (the title page's date); anything else as given. */
export function readableDate(created: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/.exec(created)
  return m ? `${m[1]} ${m[2]} UTC` : created
}

export function reportHtml(r: ReportInput): string {
  const sections = reportSections(r.tables, r.figures)
  const tableOf = new Map(r.tables.map((t) => [t.id, t]))
  const figureOf = new Map(r.figures.map((f) => [f.id, f]))
  const toc = [
    ['methods', 'Methods'],
    ...sections.map((s) => [s.id, s.title]),
    ['inputs', 'Inputs'], ['software', 'Software'], ['settings', 'Settings'],
  ]
  const results = sections.map((s) => {
    const tables = s.tables.map((id) => tableHtml(tableOf.get(id)!)).join('')
    const figs = s.figures.map((id) => figureHtml(figureOf.get(id)!)).join('')
    const body = !figs ? `<div class="pair single">${tables}</div>` : !tables ? `<div class="figs">${figs}</div>` : s.figures.length > 2 ? `${tables}<div class="figs">${figs}</div>` : `<div class="pair"><div>${tables}</div><div>${figs}</div></div>`
    return `<section class="result" id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${body}</section>`
  })
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'">`,
    `<title>${esc(r.title)}</title><style>${CSS}</style></head><body>`,
    `<header class="title-page"><h1>${esc(r.title)}</h1>${r.cohort ? `<p class="meta" data-out="cohort">${esc(r.cohort)}</p>` : ''}<p class="meta">Created ${esc(readableDate(r.created))} · seed ${r.seed} · computed locally, offline, in the Sarcoma Omics Lab</p><p class="meta">Reproduces the analysis plan of Crombé, Lucchesi et al., NPJ Precision Oncology 2024.</p></header>`,
    `<nav class="toc" id="contents"><h2>Contents</h2><ol>${toc.map(([id, t]) => `<li><a href="#${esc(id)}">${esc(t)}</a></li>`).join('')}</ol></nav>`,
    r.warnings.length ? `<section id="warnings"><h2>Warnings</h2><ul class="warn">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>` : '',
    `<section id="methods"><h2>Methods</h2><p>${esc(r.methods)}</p></section>`,
    ...results,
    `<section id="inputs"><h2>Inputs</h2><table><thead><tr><th>file</th><th>SHA-256</th></tr></thead><tbody>${r.checksums.map((c) => `<tr><td>${esc(c.file)}</td><td><code>${c.sha256}</code></td></tr>`).join('')}</tbody></table></section>`,
    `<section id="software"><h2>Software</h2><table><tbody>${Object.entries(r.versions).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</tbody></table></section>`,
    `<section id="settings"><h2>Settings</h2><pre>${esc(JSON.stringify(r.settings, null, 2))}</pre></section>`,
    '</body></html>',
  ].join('\n')
}
