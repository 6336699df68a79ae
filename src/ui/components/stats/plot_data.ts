// Plotly figures for the stats records (pure: records in, traces + layout out; no DOM):
// Kaplan–Meier curves with CI bands, censor ticks, log-rank p and a risk table drawn under
// the x axis (so PNG/SVG exports include it); forest plot of hazard ratios; C-index
// comparison with CIs.

import type { KmReport } from '../../../core/stats/km_report.ts'
import type { CoxTerm } from '../../../core/stats/cox.ts'
import type { CindexReport } from '../../../core/stats/cindex_cv.ts'
import { pLabel } from '../../../core/math/pvalue.ts'
import { GROUP_COLOURS } from '../../../core/figures/index.ts'

/** the figures' group colours (src/core/figures/spec.ts), so the app and the report agree */
export const PALETTE = GROUP_COLOURS


/** Step-function coordinates (post steps) starting at (0, 1). */
function steps(time: number[], y: (number | null)[], start: number | null = 1): { x: number[]; y: (number | null)[] } {
  const x: number[] = [0]
  const yy: (number | null)[] = [start]
  let prev: number | null = start
  for (let i = 0; i < time.length; i++) {
    x.push(time[i], time[i])
    yy.push(prev, y[i])
    prev = y[i]
  }
  return { x, y: yy }
}


export interface KmFigureOptions {
  title?: string
  /** time axis title with its unit */
  timeLabel?: string
  /** grouping variable, named in the legend: "grade = III (n = 31)" */
  variable?: string
  ci?: boolean
}

/** KM figure: curves, CI bands, censor marks, log-rank p, and the risk table at `at`. */
export function kmFigure(rep: KmReport, at: number[], opts: KmFigureOptions = {}): { data: object[]; layout: object } {
  const data: object[] = []
  rep.groups.forEach((g, k) => {
    const color = PALETTE[k % PALETTE.length]
    const c = g.curve
    if (opts.ci !== false) {
      const lo = steps(c.time, c.lower, 1)
      const up = steps(c.time, c.upper, 1)
      data.push({ x: up.x, y: up.y, mode: 'lines', line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: g.group, connectgaps: false })
      data.push({ x: lo.x, y: lo.y, mode: 'lines', line: { width: 0, color }, fill: 'tonexty', fillcolor: color + '22', hoverinfo: 'skip', showlegend: false, legendgroup: g.group })
    }
    const s = steps(c.time, c.surv, 1)
    data.push({ x: s.x, y: s.y, mode: 'lines', name: `${opts.variable ? `${opts.variable} = ` : ''}${g.group} (n = ${g.n})`, line: { color, width: 2 }, legendgroup: g.group })
    const cx: number[] = []
    const cy: number[] = []
    c.time.forEach((t, i) => {
      if (c.nCensor[i] > 0) {
        cx.push(t)
        cy.push(c.surv[i])
      }
    })
    data.push({ x: cx, y: cy, mode: 'markers', marker: { symbol: 'line-ns-open', size: 8, color }, showlegend: false, legendgroup: g.group, name: `${g.group} censored`, hovertemplate: 'censored at %{x}<extra></extra>' })
  })
  const rowHeight = 0.055
  const annotations: object[] = []
  const n = rep.groups.length
  annotations.push({ xref: 'paper', yref: 'paper', x: 0, y: -0.16, text: '<b>Number at risk</b>', showarrow: false, xanchor: 'left', font: { size: 11 } })
  rep.groups.forEach((g, k) => {
    const y = -0.16 - rowHeight * (k + 1)
    annotations.push({ xref: 'paper', yref: 'paper', x: -0.02, y, text: g.group, showarrow: false, xanchor: 'right', font: { size: 11, color: PALETTE[k % PALETTE.length] } })
    g.at.forEach((a) => annotations.push({ xref: 'x', yref: 'paper', x: a.time, y, text: String(a.nRisk), showarrow: false, font: { size: 11 } }))
  })
  if (rep.logrank) annotations.push({ xref: 'paper', yref: 'paper', x: 0.98, y: 0.98, xanchor: 'right', showarrow: false, text: `log-rank ${pLabel(rep.logrank.p)}`, font: { size: 12 } })
  const maxT = Math.max(...at, ...rep.groups.map((g) => g.curve.time[g.curve.time.length - 1] ?? 0))
  return {
    data,
    layout: {
      title: opts.title ? { text: opts.title } : undefined,
      xaxis: { title: { text: opts.timeLabel ?? 'Time' }, range: [0, maxT * 1.02], tickvals: at, zeroline: false },
      yaxis: { title: { text: 'Survival probability' }, range: [0, 1.02] },
      margin: { l: 90, r: 20, t: 40, b: 110 + 22 * n },
      annotations,
      legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' },
      height: 480 + 22 * n,
      paper_bgcolor: '#fff',
      plot_bgcolor: '#fff',
    },
  }
}

/** Forest plot of hazard ratios with 95% CI on a log axis. */
export function forestFigure(terms: CoxTerm[], title = 'Hazard ratios (95% CI)'): { data: object[]; layout: object } {
  const names = terms.map((t) => t.term).reverse()
  const rev = [...terms].reverse()
  return {
    data: [
      {
        x: rev.map((t) => t.hr), y: names, mode: 'markers', type: 'scatter', marker: { symbol: 'square', size: 9, color: '#2456a6' },
        error_x: { type: 'data', symmetric: false, array: rev.map((t) => t.upper - t.hr), arrayminus: rev.map((t) => t.hr - t.lower), color: '#2456a6' },
        hovertemplate: '%{y}: HR %{x:.3f}<extra></extra>',
      },
    ],
    layout: {
      title: { text: title },
      xaxis: { type: 'log', title: { text: 'Hazard ratio (95% CI, log scale)' } },
      yaxis: { automargin: true },
      shapes: [{ type: 'line', x0: 1, x1: 1, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#888' } }],
      margin: { l: 140, r: 20, t: 40, b: 50 },
      height: 120 + 32 * terms.length,
    },
  }
}

/** C-index comparison: cross-validated mean with 95% CI and bootstrap CI per model. */
export function cindexFigure(rep: CindexReport): { data: object[]; layout: object } {
  const models = rep.cv.map((c) => c.model)
  const data: object[] = [
    {
      x: models, y: rep.cv.map((c) => c.mean), type: 'scatter', mode: 'markers', name: `${rep.folds}-fold CV × ${rep.repeats}`,
      error_y: { type: 'data', symmetric: false, array: rep.cv.map((c) => c.upper - c.mean), arrayminus: rep.cv.map((c) => c.mean - c.lower) },
      marker: { size: 10, color: '#2456a6' },
    },
  ]
  if (rep.bootstrap)
    data.push({
      x: models, y: rep.bootstrap.models.map((m) => m.apparent), type: 'scatter', mode: 'markers', name: `apparent, bootstrap CI (B=${rep.bootstrap.replicates})`,
      error_y: { type: 'data', symmetric: false, array: rep.bootstrap.models.map((m) => m.upper - m.apparent), arrayminus: rep.bootstrap.models.map((m) => m.apparent - m.lower) },
      marker: { size: 10, symbol: 'diamond', color: '#c0392b' },
    })
  return {
    data,
    layout: {
      title: { text: "Harrell's C-index (95% CI)" },
      yaxis: { title: { text: "Harrell's C-index" }, type: 'linear', range: [0.4, 1] },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.5, y1: 0.5, line: { dash: 'dot', color: '#888' } }],
      margin: { l: 60, r: 20, t: 40, b: 80 },
      height: 380,
      legend: { orientation: 'h', y: -0.25 },
    },
  }
}
