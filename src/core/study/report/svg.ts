// Minimal SVG charts for the offline report (step curves, scatter, bars, heatmap,
// forest). Pure string building, so the report is made identically in Node (CLI) and
// in a worker; the interactive app draws the same data with plotly.js.

export interface Axis { min: number; max: number; label: string; log?: boolean }
export interface Frame { width: number; height: number; left: number; right: number; top: number; bottom: number }

const PALETTE = ['#2456a6', '#c0392b', '#27ae60', '#8e44ad', '#d68910', '#17a2b8']
export const color = (i: number): string => PALETTE[i % PALETTE.length]

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const fmt = (x: number): string => (Math.abs(x) >= 1000 || (Math.abs(x) < 0.01 && x !== 0) ? x.toExponential(1) : String(Number(x.toPrecision(3))))

function niceTicks(min: number, max: number, n = 5): number[] {
  if (!(max > min)) return [min]
  const raw = (max - min) / n
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)))
  return out
}

/** A plotting frame with axes; returns the svg opening, scale functions and the closing. */
export function frame(x: Axis, y: Axis, title: string, f: Frame = { width: 560, height: 360, left: 60, right: 20, top: 30, bottom: 50 }) {
  const tx = (v: number) => { const a = x.log ? Math.log10(v) : v, lo = x.log ? Math.log10(x.min) : x.min, hi = x.log ? Math.log10(x.max) : x.max; return f.left + ((a - lo) / (hi - lo || 1)) * (f.width - f.left - f.right) }
  const ty = (v: number) => f.height - f.bottom - ((v - y.min) / (y.max - y.min || 1)) * (f.height - f.top - f.bottom)
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" font-family="sans-serif" font-size="11">`]
  parts.push(`<text x="${f.width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`)
  const xt = x.log ? [0.25, 0.5, 1, 2, 4, 8].filter((t) => t >= x.min && t <= x.max) : niceTicks(x.min, x.max)
  for (const t of xt) parts.push(`<line x1="${tx(t)}" x2="${tx(t)}" y1="${f.height - f.bottom}" y2="${f.height - f.bottom + 4}" stroke="#333"/><text x="${tx(t)}" y="${f.height - f.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`)
  for (const t of niceTicks(y.min, y.max)) parts.push(`<line x1="${f.left - 4}" x2="${f.left}" y1="${ty(t)}" y2="${ty(t)}" stroke="#333"/><text x="${f.left - 6}" y="${ty(t) + 4}" text-anchor="end">${fmt(t)}</text>`)
  parts.push(`<line x1="${f.left}" x2="${f.width - f.right}" y1="${f.height - f.bottom}" y2="${f.height - f.bottom}" stroke="#333"/><line x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.height - f.bottom}" stroke="#333"/>`)
  parts.push(`<text x="${(f.left + f.width - f.right) / 2}" y="${f.height - 12}" text-anchor="middle">${esc(x.label)}</text>`)
  parts.push(`<text transform="translate(14 ${(f.top + f.height - f.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(y.label)}</text>`)
  return { parts, tx, ty, f, close: () => parts.join('') + '</svg>' }
}

export interface StepCurve { name: string; times: ArrayLike<number>; surv: ArrayLike<number>; censorTimes?: ArrayLike<number>; censorSurv?: ArrayLike<number> }

/** Kaplan–Meier step curves with censor ticks and a number-at-risk table under the axis. */
export function kmSvg(curves: StepCurve[], title: string, note: string, risk?: { times: number[]; rows: { name: string; n: number[] }[] }): string {
  const tmax = Math.max(1, ...curves.flatMap((c) => Array.from(c.times)))
  const rows = risk?.rows.length ?? 0
  const fr = frame({ min: 0, max: tmax, label: 'Time (months)' }, { min: 0, max: 1, label: 'Metastasis-free survival' }, title, { width: 560, height: 360 + rows * 16 + (rows ? 24 : 0), left: 110, right: 20, top: 30, bottom: 50 + rows * 16 + (rows ? 24 : 0) })
  curves.forEach((c, i) => {
    let d = `M${fr.tx(0)},${fr.ty(1)}`
    let prev = 1
    for (let j = 0; j < c.times.length; j++) {
      d += ` H${fr.tx(c.times[j])} V${fr.ty(c.surv[j])}`
      prev = c.surv[j]
    }
    d += ` H${fr.tx(tmax)}`
    void prev
    fr.parts.push(`<path d="${d}" fill="none" stroke="${color(i)}" stroke-width="1.8"/>`)
    if (c.censorTimes) for (let j = 0; j < c.censorTimes.length; j++) fr.parts.push(`<line x1="${fr.tx(c.censorTimes[j])}" x2="${fr.tx(c.censorTimes[j])}" y1="${fr.ty(c.censorSurv![j]) - 4}" y2="${fr.ty(c.censorSurv![j]) + 4}" stroke="${color(i)}"/>`)
    fr.parts.push(`<text x="${fr.f.width - 30}" y="${fr.f.top + 14 * (i + 1)}" text-anchor="end" fill="${color(i)}">${esc(c.name)}</text>`)
  })
  fr.parts.push(`<text x="${fr.f.left + 8}" y="${fr.ty(0.05)}">${esc(note)}</text>`)
  if (risk) {
    const y0 = fr.f.height - fr.f.bottom + 40
    fr.parts.push(`<text x="4" y="${y0 - 4}" font-weight="bold">Number at risk</text>`)
    risk.rows.forEach((r, i) => {
      fr.parts.push(`<text x="4" y="${y0 + 14 * (i + 1)}" fill="${color(i)}">${esc(r.name)}</text>`)
      risk.times.forEach((t, j) => fr.parts.push(`<text x="${fr.tx(t)}" y="${y0 + 14 * (i + 1)}" text-anchor="middle">${r.n[j]}</text>`))
    })
  }
  return fr.close()
}

/** Scatter plot with optional point labels (volcano plot). */
export function scatterSvg(points: { x: number; y: number; group: number; label?: string }[], x: Axis, y: Axis, title: string): string {
  const fr = frame(x, y, title)
  for (const p of points) fr.parts.push(`<circle cx="${fr.tx(p.x).toFixed(1)}" cy="${fr.ty(p.y).toFixed(1)}" r="2" fill="${p.group === 0 ? '#9aa3b2' : color(p.group)}" fill-opacity="0.7"/>`)
  for (const p of points) if (p.label) fr.parts.push(`<text x="${fr.tx(p.x) + 3}" y="${fr.ty(p.y) - 3}" font-size="9">${esc(p.label)}</text>`)
  return fr.close()
}

/** Horizontal bar chart (e.g. −log10 adjusted p of gene sets, coloured by direction). */
export function barsSvg(bars: { label: string; value: number; group: number }[], xLabel: string, title: string): string {
  const h = 40 + bars.length * 18 + 40
  const maxV = Math.max(1e-9, ...bars.map((b) => b.value))
  const left = 260, width = 620
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" font-family="sans-serif" font-size="11">`, `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`]
  bars.forEach((b, i) => {
    const y = 30 + i * 18
    const w = (b.value / maxV) * (width - left - 30)
    parts.push(`<text x="${left - 6}" y="${y + 12}" text-anchor="end">${esc(b.label)}</text><rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="13" fill="${color(b.group)}"/>`)
  })
  parts.push(`<text x="${left + (width - left) / 2}" y="${h - 10}" text-anchor="middle">${esc(xLabel)}</text></svg>`)
  return parts.join('')
}

/** Heatmap of a row-major matrix (values centred on 0, blue–white–red), with row labels. */
export function heatmapSvg(values: ArrayLike<number>, rows: string[], cols: number, title: string, colGroups?: number[]): string {
  const cw = Math.max(2, Math.min(12, Math.floor(600 / cols))), ch = Math.max(4, Math.min(12, Math.floor(500 / Math.max(1, rows.length))))
  const left = 110, top = 40
  const width = left + cw * cols + 20, height = top + ch * rows.length + 20
  let amax = 1e-9
  for (let i = 0; i < values.length; i++) amax = Math.max(amax, Math.abs(values[i]))
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="9">`, `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`]
  if (colGroups) colGroups.forEach((g, j) => parts.push(`<rect x="${left + j * cw}" y="${top - 8}" width="${cw}" height="6" fill="${color(g)}"/>`))
  rows.forEach((r, i) => {
    parts.push(`<text x="${left - 4}" y="${top + i * ch + ch - 1}" text-anchor="end">${esc(r)}</text>`)
    for (let j = 0; j < cols; j++) {
      const v = Math.max(-1, Math.min(1, values[i * cols + j] / amax))
      const c = v >= 0 ? `rgb(255,${Math.round(255 * (1 - v))},${Math.round(255 * (1 - v))})` : `rgb(${Math.round(255 * (1 + v))},${Math.round(255 * (1 + v))},255)`
      parts.push(`<rect x="${left + j * cw}" y="${top + i * ch}" width="${cw}" height="${ch}" fill="${c}"/>`)
    }
  })
  return parts.join('') + '</svg>'
}

/** Forest plot of hazard ratios with 95% CI on a log axis. */
export function forestSvg(terms: { term: string; hr: number; lower: number; upper: number; p: number }[], title: string): string {
  const finite = terms.filter((t) => Number.isFinite(t.lower) && Number.isFinite(t.upper) && t.lower > 0)
  const lo = Math.min(0.25, ...finite.map((t) => t.lower)), hi = Math.max(4, ...finite.map((t) => t.upper))
  const h = 60 + terms.length * 20 + 40
  const left = 220, right = 110, width = 640
  const tx = (v: number) => left + ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (width - left - right)
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" font-family="sans-serif" font-size="11">`, `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`]
  parts.push(`<line x1="${tx(1)}" x2="${tx(1)}" y1="30" y2="${h - 40}" stroke="#999" stroke-dasharray="3,3"/>`)
  terms.forEach((t, i) => {
    const y = 44 + i * 20
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(t.term)}</text>`)
    if (Number.isFinite(t.lower) && Number.isFinite(t.upper) && t.lower > 0) parts.push(`<line x1="${tx(Math.max(lo, t.lower))}" x2="${tx(Math.min(hi, t.upper))}" y1="${y}" y2="${y}" stroke="#333"/><rect x="${tx(Math.min(hi, Math.max(lo, t.hr))) - 4}" y="${y - 4}" width="8" height="8" fill="${color(0)}"/>`)
    parts.push(`<text x="${width - right + 8}" y="${y + 4}">${fmt(t.hr)} (${fmt(t.lower)}–${fmt(t.upper)})</text>`)
  })
  for (const t of [0.25, 0.5, 1, 2, 4].filter((v) => v >= lo && v <= hi)) parts.push(`<text x="${tx(t)}" y="${h - 24}" text-anchor="middle">${t}</text>`)
  parts.push(`<text x="${(left + width - right) / 2}" y="${h - 8}" text-anchor="middle">Hazard ratio (95% CI, log scale)</text></svg>`)
  return parts.join('')
}
