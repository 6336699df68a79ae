// The study flow chart (Fig. 1 of Crombé, Lucchesi et al. 2024, in the CONSORT style):
// screened → included, each exclusion beside the arrow with its reason, count and patients,
// then the RNA sub-cohort with the patients that have no RNA-seq. Drawn as SVG from the
// flow record (src/core/study/flow.ts); boxes, arrows and text only, every label escaped.

import { escapeXml } from './svg.ts'

export interface FlowChartInput {
  screened: number
  included: number
  excluded: { reason: string; n: number; patients: string[]; analyses?: string }[]
  rna?: { included: number; without: { reason: string; n: number; patients: string[] } | null }
}

const W = 640
const MAIN_X = 40, MAIN_W = 230, BOX_H = 46
const SIDE_X = 330, SIDE_W = 290, LINE = 14
/** patients named in a side box before "…" */
const MAX_NAMED = 6

function wrap(text: string, chars: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > chars) {
      out.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) out.push(line)
  return out
}

function box(out: string[], x: number, y: number, w: number, lines: string[], bold: number, attrs = ''): number {
  const h = Math.max(BOX_H, 12 + lines.length * LINE)
  out.push(`<g${attrs}><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="#fff" stroke="#2c3e50"/>`)
  lines.forEach((l, i) => out.push(`<text x="${x + 8}" y="${y + 18 + i * LINE}" font-size="12"${i < bold ? ' font-weight="600"' : ''}>${escapeXml(l)}</text>`))
  out.push('</g>')
  return h
}

function arrow(out: string[], x1: number, y1: number, x2: number, y2: number) {
  out.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#2c3e50" stroke-width="1.2" marker-end="url(#flow-arrow)"/>`)
}

function sideLines(e: { reason: string; n: number; patients: string[]; analyses?: string }): string[] {
  const named = e.patients.slice(0, MAX_NAMED).join(', ') + (e.patients.length > MAX_NAMED ? ` … (+${e.patients.length - MAX_NAMED})` : '')
  return [...wrap(`Excluded: ${e.reason} (n = ${e.n})`, 44), ...wrap(named, 46), ...(e.analyses ? wrap(`from ${e.analyses}`, 46) : [])]
}

/**
 * The flow chart as an SVG document.
 * @example flowChartSvg({ screened: 3, included: 2, excluded: [{ reason: 'missing T2', n: 1, patients: ['P1'] }] }) // an <svg> with boxes "Screened (n = 3)", "Included (n = 2)" and "Excluded: missing T2 (n = 1)"
 */
export function flowChartSvg(f: FlowChartInput): string {
  const body: string[] = []
  let y = 20
  const top = y
  const h0 = box(body, MAIN_X, y, MAIN_W, ['Patients screened', `n = ${f.screened}`], 1, ' data-box="screened"')
  y += h0 + 24
  // the exclusions beside the main arrow
  const arrowX = MAIN_X + MAIN_W / 2
  const arrowFrom = top + h0
  for (const e of f.excluded) {
    const lines = sideLines(e)
    const h = box(body, SIDE_X, y, SIDE_W, lines, 1, ` data-box="excluded" data-reason="${escapeXml(e.reason)}" data-n="${e.n}"`)
    arrow(body, arrowX, y + h / 2, SIDE_X - 2, y + h / 2)
    y += h + 12
  }
  y += 12
  arrow(body, arrowX, arrowFrom, arrowX, y - 2)
  const h1 = box(body, MAIN_X, y, MAIN_W, ['Patients included in the analyses', `n = ${f.included}`], 1, ' data-box="included"')
  const inclBottom = y + h1
  y += h1
  if (f.rna) {
    y += 24
    const from = inclBottom
    if (f.rna.without) {
      const lines = [...wrap(`Not in the RNA sub-cohort: ${f.rna.without.reason} (n = ${f.rna.without.n})`, 44), ...wrap(f.rna.without.patients.slice(0, MAX_NAMED).join(', ') + (f.rna.without.n > MAX_NAMED ? ` … (+${f.rna.without.n - MAX_NAMED})` : ''), 46)]
      const h = box(body, SIDE_X, y, SIDE_W, lines, 1, ` data-box="no-rna" data-n="${f.rna.without.n}"`)
      arrow(body, arrowX, y + h / 2, SIDE_X - 2, y + h / 2)
      y += h + 24
    }
    arrow(body, arrowX, from, arrowX, y - 2)
    y += box(body, MAIN_X, y, MAIN_W, ['RNA sub-cohort (RNA-seq)', `n = ${f.rna.included}`], 1, ' data-box="rna"')
  }
  const height = y + 20
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="Study flow chart">`,
    '<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2c3e50"/></marker></defs>',
    ...body,
    '</svg>',
  ].join('\n')
}
