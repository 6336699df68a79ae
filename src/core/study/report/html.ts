// The offline study report: one self-contained HTML file (tables, inline SVG figures,
// settings, software versions, seed, input checksums, generated methods paragraph).
// Its own CSP forbids every fetch, so opening it never makes a request.

import { esc } from './svg.ts'
import type { FigureSpec } from '../../figures/index.ts'

export interface ReportTable { id: string; title: string; columns: string[]; rows: (string | number | null)[][]; note?: string }
export interface ReportFigure { id: string; title: string; svg: string; caption?: string; /** the figure's specification, drawn with plotly in the app */ spec?: FigureSpec }

export interface ReportInput {
  title: string
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
  if (/^p$|p-value|adj/i.test(column) && v < 0.001) return '&lt; 0.001'
  if (Number.isInteger(v)) return String(v)
  return String(Number(v.toPrecision(3)))
}

export function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('')
  const body = t.rows.map((r) => '<tr>' + r.map((v, i) => `<td>${cell(v, t.columns[i])}</td>`).join('') + '</tr>').join('\n')
  return `<section id="${esc(t.id)}"><h2>${esc(t.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${t.note ? `<p class="note">${esc(t.note)}</p>` : ''}</section>`
}

export function reportHtml(r: ReportInput): string {
  const css = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;color:#1d2330}table{border-collapse:collapse;font-size:12px;margin:.5rem 0}th,td{border-bottom:1px solid #ccd;padding:2px 8px;text-align:right}th:first-child,td:first-child{text-align:left}.note{font-size:12px;color:#555}figure{margin:1rem 0}pre{background:#f4f5f7;padding:.5rem;font-size:11px;overflow:auto}.warn{color:#a61b1b}`
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(r.title)}</title><style>${css}</style></head><body>`,
    `<h1>${esc(r.title)}</h1><p>Created ${esc(r.created)} · seed ${r.seed} · computed locally, offline.</p>`,
    r.warnings.length ? `<ul class="warn">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '',
    `<section id="methods"><h2>Methods</h2><p>${esc(r.methods)}</p></section>`,
    ...r.tables.map(tableHtml),
    ...r.figures.map((f) => `<figure id="${esc(f.id)}"><h2>${esc(f.title)}</h2>${f.svg}${f.caption ? `<figcaption class="note">${esc(f.caption)}</figcaption>` : ''}</figure>`),
    `<section id="inputs"><h2>Inputs</h2><table><thead><tr><th>file</th><th>SHA-256</th></tr></thead><tbody>${r.checksums.map((c) => `<tr><td>${esc(c.file)}</td><td><code>${c.sha256}</code></td></tr>`).join('')}</tbody></table></section>`,
    `<section id="software"><h2>Software</h2><table><tbody>${Object.entries(r.versions).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</tbody></table></section>`,
    `<section id="settings"><h2>Settings</h2><pre>${esc(JSON.stringify(r.settings, null, 2))}</pre></section>`,
    '</body></html>',
  ].join('\n')
}
