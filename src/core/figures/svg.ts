// SVG writer of the figure specifications (spec.ts) for the offline report and the CLI: pure
// string building, identical in Node and in a worker. Every text is XML-escaped.

import { divergingColour } from './colour.ts'
import { directionColour, tickText, type Axis, type BarsSpec, type FigureSpec, type HeatmapSpec, type IntervalSpec, type KmSpec, type VolcanoSpec } from './spec.ts'
import { VOLCANO_MARGIN } from './volcano.ts'

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const n1 = (v: number) => (Math.round(v * 10) / 10).toString()

interface Area { left: number; top: number; right: number; bottom: number }

function scale(axis: Axis, from: number, to: number): (v: number) => number {
  const [lo, hi] = axis.scale === 'log' ? axis.range.map(Math.log10) : axis.range
  return (v: number) => from + (((axis.scale === 'log' ? Math.log10(v) : v) - lo) / (hi - lo || 1)) * (to - from)
}

function open(spec: FigureSpec, extra = ''): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.width} ${spec.height}" width="${spec.width}" height="${spec.height}" font-family="Helvetica, Arial, sans-serif" font-size="11" data-figure="${escapeXml(spec.id)}"${extra}>`,
    `<rect width="${spec.width}" height="${spec.height}" fill="#fff"/>`,
    `<text x="${spec.width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ]
}

function xAxis(out: string[], axis: Axis, tx: (v: number) => number, a: Area) {
  out.push(`<line x1="${a.left}" x2="${a.right}" y1="${a.bottom}" y2="${a.bottom}" stroke="#333"/>`)
  for (const t of axis.ticks ?? []) out.push(`<line x1="${n1(tx(t))}" x2="${n1(tx(t))}" y1="${a.bottom}" y2="${a.bottom + 4}" stroke="#333"/><text x="${n1(tx(t))}" y="${a.bottom + 16}" text-anchor="middle">${tickText(t, axis.scale)}</text>`)
  out.push(`<text x="${(a.left + a.right) / 2}" y="${a.bottom + 34}" text-anchor="middle" font-size="12">${escapeXml(axis.title)}</text>`)
}

function yAxis(out: string[], axis: Axis, ty: (v: number) => number, a: Area) {
  out.push(`<line x1="${a.left}" x2="${a.left}" y1="${a.top}" y2="${a.bottom}" stroke="#333"/>`)
  for (const t of axis.ticks ?? []) out.push(`<line x1="${a.left - 4}" x2="${a.left}" y1="${n1(ty(t))}" y2="${n1(ty(t))}" stroke="#333"/><text x="${a.left - 6}" y="${n1(ty(t) + 4)}" text-anchor="end">${tickText(t)}</text>`)
  out.push(`<text transform="translate(${a.left - 40} ${(a.top + a.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(axis.title)}</text>`)
}

function kmSvg(s: KmSpec): string {
  const rows = s.risk.rows.length
  const legendH = 16 * Math.ceil(s.curves.length / 2)
  const a: Area = { left: 110, right: s.width - 24, top: 34 + legendH, bottom: s.height - 70 - 18 * rows }
  const tx = scale(s.x, a.left, a.right)
  const ty = scale(s.y, a.bottom, a.top)
  const out = open(s)
  // legend above the plot area, two per line, never over the curves
  s.curves.forEach((c, i) => {
    const x = a.left + (i % 2) * ((a.right - a.left) / 2)
    const y = 30 + 16 * Math.floor(i / 2) + 6
    out.push(`<line x1="${x}" x2="${x + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${c.colour}" stroke-width="2"/><text x="${x + 22}" y="${y}">${escapeXml(c.name)}</text>`)
  })
  for (const t of s.y.ticks ?? []) out.push(`<line x1="${a.left}" x2="${a.right}" y1="${n1(ty(t))}" y2="${n1(ty(t))}" stroke="#eee"/>`)
  xAxis(out, s.x, tx, a)
  yAxis(out, s.y, ty, a)
  for (const c of s.curves) {
    let d = `M${n1(tx(0))},${n1(ty(1))}`
    for (let j = 0; j < c.time.length; j++) d += ` H${n1(tx(c.time[j]))} V${n1(ty(c.surv[j]))}`
    d += ` H${n1(tx(Math.max(c.time[c.time.length - 1] ?? 0, 0)))}`
    out.push(`<path d="${d}" fill="none" stroke="${c.colour}" stroke-width="1.8"/>`)
    for (let j = 0; j < c.censorTime.length; j++) out.push(`<line x1="${n1(tx(c.censorTime[j]))}" x2="${n1(tx(c.censorTime[j]))}" y1="${n1(ty(c.censorSurv[j]) - 4)}" y2="${n1(ty(c.censorSurv[j]) + 4)}" stroke="${c.colour}"/>`)
  }
  if (s.note) out.push(`<text x="${a.right - 6}" y="${a.top + 14}" text-anchor="end">${escapeXml(s.note)}</text>`)
  // numbers at risk, each column under its x-axis tick
  const y0 = a.bottom + 52
  out.push(`<text x="8" y="${y0}" font-weight="bold">Number at risk</text>`)
  s.risk.rows.forEach((r, i) => {
    const y = y0 + 16 * (i + 1)
    out.push(`<text x="8" y="${y}" fill="${r.colour}">${escapeXml(r.name)}</text>`)
    s.risk.times.forEach((t, j) => out.push(`<text x="${n1(tx(t))}" y="${y}" text-anchor="middle">${r.n[j]}</text>`))
  })
  return out.join('') + '</svg>'
}

function intervalSvg(s: IntervalSpec): string {
  const labelW = Math.min(260, 12 + 6.2 * Math.max(8, ...s.rows.map((r) => r.label.length)))
  const a: Area = { left: labelW, right: s.width - 190, top: 34, bottom: s.height - 48 }
  const tx = scale(s.x, a.left, a.right)
  const rowH = (a.bottom - a.top) / Math.max(1, s.rows.length)
  const out = open(s)
  xAxis(out, s.x, tx, a)
  if (s.x.reference !== undefined) out.push(`<line x1="${n1(tx(s.x.reference))}" x2="${n1(tx(s.x.reference))}" y1="${a.top}" y2="${a.bottom}" stroke="#777" stroke-dasharray="3 3"/>`)
  const [lo, hi] = s.x.range
  const clip = (v: number) => (!Number.isFinite(v) ? (v > 0 ? a.right : a.left) : v <= lo ? a.left : v >= hi ? a.right : tx(v))
  s.rows.forEach((r, i) => {
    const y = a.top + rowH * (i + 0.5)
    out.push(`<text x="${a.left - 8}" y="${n1(y + 4)}" text-anchor="end">${escapeXml(r.label)}</text>`)
    out.push(`<line x1="${n1(clip(r.lower))}" x2="${n1(clip(r.upper))}" y1="${n1(y)}" y2="${n1(y)}" stroke="#1d2330"/>`)
    out.push(`<rect x="${n1(clip(r.estimate) - 4)}" y="${n1(y - 4)}" width="8" height="8" fill="#1d2330"/>`)
    out.push(`<text x="${a.right + 8}" y="${n1(y + 4)}">${escapeXml(r.text)}</text>`)
  })
  return out.join('') + '</svg>'
}

function volcanoSvg(s: VolcanoSpec): string {
  const M = VOLCANO_MARGIN
  const a: Area = { left: M.left, right: s.width - M.right, top: M.top, bottom: s.height - M.bottom }
  const tx = scale(s.x, a.left, a.right)
  const ty = scale(s.y, a.bottom, a.top)
  const out = open(s)
  xAxis(out, s.x, tx, a)
  yAxis(out, s.y, ty, a)
  for (const g of s.guides.x) out.push(`<line x1="${n1(tx(g))}" x2="${n1(tx(g))}" y1="${a.top}" y2="${a.bottom}" stroke="#999" stroke-dasharray="3 3"/>`)
  // grey first, so the coloured genes are on top
  for (const dir of ['none', 'down', 'up'] as const)
    for (const p of s.points) if (p.direction === dir) out.push(`<circle cx="${n1(tx(p.x))}" cy="${n1(ty(p.y))}" r="2.2" fill="${directionColour(p.direction)}" fill-opacity="${dir === 'none' ? 0.5 : 0.85}"/>`)
  for (const l of s.labels) {
    const [x, y] = [tx(l.x), ty(l.y)]
    out.push(`<line x1="${n1(x)}" y1="${n1(y)}" x2="${n1(x + l.dx)}" y2="${n1(y + l.dy)}" stroke="#555" stroke-width="0.7"/>`)
    out.push(`<text x="${n1(x + l.dx)}" y="${n1(y + l.dy + 4)}" text-anchor="middle" font-size="10" paint-order="stroke" stroke="#fff" stroke-width="3">${escapeXml(l.text)}</text>`)
  }
  return out.join('') + '</svg>'
}

function barsSvg(s: BarsSpec): string {
  const labelW = Math.min(s.width - 260, 16 + 6 * Math.max(10, ...s.bars.map((b) => b.label.length)))
  const a: Area = { left: labelW, right: s.width - 30, top: 30, bottom: s.height - 44 }
  const tx = scale(s.x, a.left, a.right)
  const rowH = (a.bottom - a.top) / Math.max(1, s.bars.length)
  const out = open(s)
  xAxis(out, s.x, tx, a)
  s.bars.forEach((b, i) => {
    const y = a.top + rowH * i
    out.push(`<rect x="${a.left}" y="${n1(y + 2)}" width="${n1(tx(b.value) - a.left)}" height="${n1(rowH - 4)}" fill="${directionColour(b.direction)}"/>`)
    out.push(`<text x="${a.left - 6}" y="${n1(y + rowH / 2 + 4)}" text-anchor="end" font-size="10">${escapeXml(b.label)}</text>`)
  })
  if (s.x.reference !== undefined) out.push(`<line x1="${n1(tx(s.x.reference))}" x2="${n1(tx(s.x.reference))}" y1="${a.top}" y2="${a.bottom}" stroke="#333" stroke-dasharray="3 3"/>`)
  return out.join('') + '</svg>'
}

function heatmapSvg(s: HeatmapSpec): string {
  const labelW = 16 + 6.2 * Math.max(4, ...s.rows.map((r) => r.length))
  const a: Area = { left: labelW, right: s.width - 90, top: 48, bottom: s.height - 40 }
  const cw = (a.right - a.left) / Math.max(1, s.columns.length)
  const rh = (a.bottom - a.top) / Math.max(1, s.rows.length)
  const out = open(s)
  // group annotation bar
  s.annotation.labels.forEach((g, j) => out.push(`<rect x="${n1(a.left + j * cw)}" y="${a.top - 14}" width="${n1(cw + 0.3)}" height="10" fill="${s.annotation.colours[g] ?? '#ccc'}"/>`))
  out.push(`<text x="${a.left - 6}" y="${a.top - 5}" text-anchor="end" font-size="10">${escapeXml(s.annotation.title)}</text>`)
  Object.entries(s.annotation.colours).forEach(([g, c], i) => out.push(`<rect x="${a.left + i * 120}" y="24" width="10" height="10" fill="${c}"/><text x="${a.left + i * 120 + 14}" y="33">${escapeXml(g)}</text>`))
  const nc = s.columns.length
  s.rows.forEach((r, i) => {
    for (let j = 0; j < nc; j++) out.push(`<rect x="${n1(a.left + j * cw)}" y="${n1(a.top + i * rh)}" width="${n1(cw + 0.3)}" height="${n1(rh + 0.3)}" fill="${divergingColour(s.values[i * nc + j], s.scale.min, s.scale.max)}"/>`)
    out.push(`<text x="${a.left - 6}" y="${n1(a.top + i * rh + rh / 2 + 3.5)}" text-anchor="end" font-size="9">${escapeXml(r)}</text>`)
  })
  out.push(`<text x="${(a.left + a.right) / 2}" y="${a.bottom + 18}" text-anchor="middle">samples (${nc})</text>`)
  // colour scale
  const sx = a.right + 24, steps = 20, sh = Math.min(160, a.bottom - a.top)
  for (let k = 0; k < steps; k++) out.push(`<rect x="${sx}" y="${n1(a.top + (k * sh) / steps)}" width="14" height="${n1(sh / steps + 0.3)}" fill="${divergingColour(s.scale.max - ((k + 0.5) / steps) * (s.scale.max - s.scale.min), s.scale.min, s.scale.max)}"/>`)
  out.push(`<text x="${sx + 18}" y="${a.top + 8}">${tickText(s.scale.max)}</text><text x="${sx + 18}" y="${n1(a.top + sh / 2 + 4)}">0</text><text x="${sx + 18}" y="${n1(a.top + sh)}">${tickText(s.scale.min)}</text>`)
  out.push(`<text x="${sx}" y="${a.top - 6}">${escapeXml(s.scale.title)}</text>`)
  return out.join('') + '</svg>'
}

/** The figure as a standalone SVG document. */
export function figureSvg(s: FigureSpec): string {
  switch (s.kind) {
    case 'km': return kmSvg(s)
    case 'interval': return intervalSvg(s)
    case 'volcano': return volcanoSvg(s)
    case 'bars': return barsSvg(s)
    case 'heatmap': return heatmapSvg(s)
  }
}
