// plotly.js traces and layout of a figure specification (spec.ts), for the app: pure (plain
// objects out, no plotly import), so the app draws exactly what the report's SVG shows.

import { DIVERGING_SCALE } from './colour.ts'
import { directionColour, tickText, type Axis, type FigureSpec } from './spec.ts'
import { VOLCANO_MARGIN } from './volcano.ts'

export interface PlotlyFigure { data: object[]; layout: Record<string, unknown> }

function axis(a: Axis, extra: object = {}): object {
  return {
    title: { text: a.title },
    type: a.scale,
    range: a.scale === 'log' ? a.range.map(Math.log10) : a.range,
    ...(a.ticks ? { tickvals: a.ticks, ticktext: a.ticks.map((t) => tickText(t, a.scale)) } : {}),
    zeroline: false,
    showline: true,
    linecolor: '#333',
    ...extra,
  }
}

const refLine = (x: number) => ({ type: 'line', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#777', width: 1 } })

function steps(time: number[], surv: number[]): { x: number[]; y: number[] } {
  const x = [0], y = [1]
  let prev = 1
  for (let i = 0; i < time.length; i++) {
    x.push(time[i], time[i])
    y.push(prev, surv[i])
    prev = surv[i]
  }
  return { x, y }
}

export function figurePlotly(s: FigureSpec): PlotlyFigure {
  const base = { title: { text: s.title, font: { size: 14 }, y: 0.995, yanchor: 'top' }, paper_bgcolor: '#fff', plot_bgcolor: '#fff', height: s.height, font: { family: 'Helvetica, Arial, sans-serif', size: 11 } }
  switch (s.kind) {
    case 'km': {
      const data: object[] = []
      for (const c of s.curves) {
        const st = steps(c.time, c.surv)
        data.push({ x: st.x, y: st.y, mode: 'lines', name: c.name, line: { color: c.colour, width: 2 }, legendgroup: c.name })
        data.push({ x: c.censorTime, y: c.censorSurv, mode: 'markers', marker: { symbol: 'line-ns-open', size: 8, color: c.colour }, showlegend: false, legendgroup: c.name, hovertemplate: 'censored at %{x}<extra></extra>' })
      }
      // risk table: one row per group, each number at its tick's x (xref 'x' keeps them aligned under the axis)
      const rows = s.risk.rows.length
      const rowPx = 18
      const bottom = 90 + rowPx * rows
      const plotH = s.height - bottom - (40 + 20 * Math.ceil(s.curves.length / 2))
      const annotations: object[] = [{ xref: 'paper', yref: 'paper', x: 0, xanchor: 'right', y: -(62 / plotH), yanchor: 'middle', text: '<b>Number at risk</b>', showarrow: false }]
      s.risk.rows.forEach((r, i) => {
        const y = -((62 + rowPx * (i + 1)) / plotH)
        annotations.push({ xref: 'paper', yref: 'paper', x: -0.02, xanchor: 'right', y, yanchor: 'middle', text: r.name, showarrow: false, font: { color: r.colour } })
        s.risk.times.forEach((t, j) => annotations.push({ xref: 'x', yref: 'paper', x: t, y, yanchor: 'middle', text: String(r.n[j]), showarrow: false }))
      })
      if (s.note) annotations.push({ xref: 'paper', yref: 'paper', x: 0.99, y: 0.99, xanchor: 'right', yanchor: 'top', text: s.note, showarrow: false })
      return { data, layout: { ...base, xaxis: axis(s.x), yaxis: axis(s.y, { gridcolor: '#eee' }), legend: { orientation: 'h', x: 0, y: 1.01, yanchor: 'bottom' }, margin: { l: 110, r: 24, t: 40 + 20 * Math.ceil(s.curves.length / 2), b: bottom }, annotations } }
    }
    case 'interval': {
      const [lo, hi] = s.x.range
      const clip = (v: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : v > 0 ? hi : lo)
      const rows = [...s.rows].reverse().map((r) => ({ ...r, estimate: clip(r.estimate), lower: clip(r.lower), upper: clip(r.upper) }))
      const data = [{
        x: rows.map((r) => r.estimate), y: rows.map((r) => r.label), type: 'scatter', mode: 'markers', marker: { symbol: 'square', size: 9, color: '#1d2330' },
        error_x: { type: 'data', symmetric: false, array: rows.map((r) => r.upper - r.estimate), arrayminus: rows.map((r) => r.estimate - r.lower), color: '#1d2330' },
        text: rows.map((r) => r.text), hovertemplate: '%{y}: %{text}<extra></extra>', showlegend: false,
      }]
      const annotations = rows.map((r) => ({ xref: 'paper', x: 1.02, xanchor: 'left', y: r.label, yref: 'y', text: r.text, showarrow: false }))
      return { data, layout: { ...base, xaxis: axis(s.x), yaxis: { automargin: true, type: 'category' }, shapes: s.x.reference !== undefined ? [refLine(s.x.reference)] : [], annotations, margin: { l: 40, r: 200, t: 44, b: 56 } } }
    }
    case 'volcano': {
      const data = (['none', 'down', 'up'] as const).map((d) => {
        const p = s.points.filter((q) => q.direction === d)
        return { x: p.map((q) => q.x), y: p.map((q) => q.y), text: p.map((q) => q.gene), type: 'scatter', mode: 'markers', name: d === 'up' ? 'up' : d === 'down' ? 'down' : 'not significant', marker: { size: 5, color: directionColour(d), opacity: d === 'none' ? 0.5 : 0.85 }, hovertemplate: '%{text}: log2FC %{x:.2f}, −log10 p %{y:.2f}<extra></extra>' }
      })
      const annotations = s.labels.map((l) => ({ x: l.x, y: l.y, text: l.text, showarrow: true, arrowhead: 0, arrowwidth: 0.7, arrowcolor: '#555', ax: l.dx, ay: l.dy, font: { size: 10 }, bgcolor: 'rgba(255,255,255,0.7)' }))
      const M = VOLCANO_MARGIN
      return { data, layout: { ...base, width: s.width, xaxis: axis(s.x), yaxis: axis(s.y), shapes: s.guides.x.map(refLine), annotations, legend: { orientation: 'h', y: 1.06, x: 0 }, margin: { l: M.left, r: M.right, t: M.top, b: M.bottom } } }
    }
    case 'bars': {
      const bars = [...s.bars].reverse()
      const data = [{ x: bars.map((b) => b.value), y: bars.map((b) => b.label), type: 'bar', orientation: 'h', marker: { color: bars.map((b) => directionColour(b.direction)) }, hovertemplate: '%{y}: −log10 adj. p %{x:.2f}<extra></extra>', showlegend: false }]
      return { data, layout: { ...base, xaxis: axis(s.x), yaxis: { automargin: true, type: 'category', tickfont: { size: 10 } }, shapes: s.x.reference !== undefined ? [refLine(s.x.reference)] : [], margin: { l: 20, r: 24, t: 44, b: 50 } } }
    }
    case 'heatmap': {
      const nc = s.columns.length
      const z = s.rows.map((_, i) => s.values.slice(i * nc, (i + 1) * nc))
      const levels = Object.keys(s.annotation.colours)
      const annotZ = [s.annotation.labels.map((g) => levels.indexOf(g))]
      const annotScale = levels.map((l, i) => [[i / levels.length, s.annotation.colours[l]], [(i + 1) / levels.length, s.annotation.colours[l]]]).flat()
      const data = [
        { z, x: s.columns, y: s.rows, type: 'heatmap', colorscale: DIVERGING_SCALE, zmin: s.scale.min, zmax: s.scale.max, colorbar: { title: { text: s.scale.title }, len: 0.6 }, xaxis: 'x', yaxis: 'y', hovertemplate: '%{y} in %{x}: z %{z:.2f}<extra></extra>' },
        { z: annotZ, x: s.columns, y: [s.annotation.title], type: 'heatmap', colorscale: annotScale, zmin: 0, zmax: levels.length - 1e-9, showscale: false, xaxis: 'x', yaxis: 'y2', text: [s.annotation.labels], hovertemplate: '%{x}: %{text}<extra></extra>' },
      ]
      const annotations = levels.map((l, i) => ({ xref: 'paper', yref: 'paper', x: i * 0.22, y: 1.0, yanchor: 'bottom', xanchor: 'left', text: `<span style="color:${s.annotation.colours[l]}">■</span> ${l}`, showarrow: false }))
      return { data, layout: { ...base, xaxis: { showticklabels: false, title: { text: `samples (${nc})` } }, yaxis: { domain: [0, 0.93], automargin: true, autorange: 'reversed', tickfont: { size: 9 } }, yaxis2: { domain: [0.945, 0.985], automargin: true }, annotations, margin: { l: 20, r: 24, t: 70, b: 40 } } }
    }
  }
}
