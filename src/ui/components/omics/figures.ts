// Plotly figures of the transcriptomics page, built from the engine's plain records
// (src/core/omics); no computation beyond choosing what to draw.

import type { GeneTestRow } from '../../../core/omics/ttest_genes.ts'
import type { EnrichmentRow } from '../../../core/omics/enrichment.ts'
import type { HeatmapData } from '../../../core/omics/heatmap.ts'
import type { PamResult } from '../../../core/omics/pam.ts'

export interface Figure {
  data: object[]
  layout: object
}

/** Volcano: log2 FC against -log10 adjusted p, thresholds drawn, the top genes labelled. */
export function volcanoFigure(tests: GeneTestRow[], fcThreshold: number, alpha: number, labelTop = 15): Figure {
  const lp = (p: number) => -Math.log10(Math.max(p, 1e-300))
  const groups: { name: string; rows: GeneTestRow[]; color: string }[] = [
    { name: 'not significant', rows: tests.filter((t) => t.direction === 'none'), color: '#b8bec9' },
    { name: 'up', rows: tests.filter((t) => t.direction === 'up'), color: '#c0392b' },
    { name: 'down', rows: tests.filter((t) => t.direction === 'down'), color: '#2456a6' },
  ]
  const top = tests.filter((t) => t.significant).sort((a, b) => a.adjP - b.adjP || Math.abs(b.logFC) - Math.abs(a.logFC)).slice(0, labelTop)
  const lfc = Math.log2(fcThreshold)
  const ymax = Math.max(2, ...tests.map((t) => lp(t.adjP)))
  return {
    data: [
      ...groups.map((g) => ({
        type: 'scatter', mode: 'markers', name: `${g.name} (${g.rows.length})`,
        x: g.rows.map((t) => t.logFC), y: g.rows.map((t) => lp(t.adjP)), text: g.rows.map((t) => t.gene),
        hovertemplate: '%{text}<br>log2FC %{x:.2f}<br>-log10 adj p %{y:.2f}<extra></extra>',
        marker: { color: g.color, size: 5, opacity: 0.75 },
      })),
      {
        type: 'scatter', mode: 'text', name: 'top genes', showlegend: false,
        x: top.map((t) => t.logFC), y: top.map((t) => lp(t.adjP)), text: top.map((t) => t.gene),
        textposition: 'top center', textfont: { size: 10 },
      },
    ],
    layout: {
      title: { text: 'Differential expression' },
      xaxis: { title: { text: 'log2 fold change' }, zeroline: false },
      yaxis: { title: { text: '-log10 adjusted p (BH)' } },
      shapes: [
        { type: 'line', x0: -lfc, x1: -lfc, y0: 0, y1: ymax, line: { dash: 'dot', color: '#888' } },
        { type: 'line', x0: lfc, x1: lfc, y0: 0, y1: ymax, line: { dash: 'dot', color: '#888' } },
        { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: -Math.log10(alpha), y1: -Math.log10(alpha), line: { dash: 'dot', color: '#888' } },
      ],
      margin: { t: 40, r: 10 },
      height: 460,
    },
  }
}

type Row = EnrichmentRow & { collection?: string }

/** Horizontal bars of the top sets, signed by direction: +(-log10 adj p) for up, − for down (labelled by collection when there are several). */
export function enrichmentFigure(up: Row[], down: Row[], top = 10): Figure {
  const pick = (rows: Row[]) => rows.filter((r) => r.overlap > 0).sort((a, b) => a.p - b.p).slice(0, top)
  const u = pick(up)
  const d = pick(down)
  const lp = (p: number) => -Math.log10(Math.max(p, 1e-300))
  const several = new Set([...up, ...down].map((r) => r.collection)).size > 1
  const short = (r: Row) => (several && r.collection ? `${r.collection}: ` : '') + r.set.replace(/^HALLMARK_/, '').replace(/_/g, ' ')
  const bar = (rows: Row[], sign: number, name: string, color: string) => ({
    type: 'bar', orientation: 'h', name,
    y: rows.map((r) => short(r) + (sign > 0 ? ' ↑' : ' ↓')),
    x: rows.map((r) => sign * lp(r.adjP)),
    text: rows.map((r) => `${r.overlap}/${r.size}`), textposition: 'auto',
    customdata: rows.map((r) => r.adjP),
    hovertemplate: '%{y}<br>adj p %{customdata:.2e}<br>overlap %{text}<extra></extra>',
    marker: { color },
  })
  return {
    data: [bar(u, 1, 'up in target', '#c0392b'), bar(d, -1, 'down in target', '#2456a6')],
    layout: {
      title: { text: 'Gene-set over-representation' },
      xaxis: { title: { text: '± -log10 adjusted p (up → right, down → left)' } },
      yaxis: { automargin: true, autorange: 'reversed' },
      barmode: 'overlay',
      shapes: [-1, 1].map((s) => ({ type: 'line', yref: 'paper', y0: 0, y1: 1, x0: s * -Math.log10(0.05), x1: s * -Math.log10(0.05), line: { dash: 'dot', color: '#888' } })),
      margin: { t: 40, l: 10, r: 10 },
      height: 120 + 22 * (u.length + d.length),
    },
  }
}

/** Clustered heatmap of the PAM genes, samples ordered by group. */
export function heatmapFigure(h: HeatmapData): Figure {
  const groupNames = [...new Set(h.groups)]
  return {
    data: [
      {
        type: 'heatmap', z: h.z, x: h.samples, y: h.genes, colorscale: 'RdBu', reversescale: false, zmin: -3, zmax: 3,
        colorbar: { title: { text: 'z' } }, hovertemplate: '%{y} · %{x}<br>z %{z:.2f}<extra></extra>', yaxis: 'y',
      },
      {
        type: 'heatmap', z: [h.groups.map((g) => groupNames.indexOf(g))], x: h.samples, y: ['group'], showscale: false,
        colorscale: [[0, '#7f8c8d'], [1, '#e67e22']], text: [h.groups], hovertemplate: '%{x}: %{text}<extra></extra>', yaxis: 'y2',
      },
    ],
    layout: {
      title: { text: `PAM signature (${h.genes.length} genes) — ${groupNames.join(' | ')}` },
      xaxis: { showticklabels: false },
      yaxis: { domain: [0, 0.93], automargin: true, tickfont: { size: 9 } },
      yaxis2: { domain: [0.95, 1], showticklabels: true },
      margin: { t: 40, r: 10 },
      height: Math.min(900, 200 + 11 * h.genes.length),
    },
  }
}

/** CV misclassification and genes kept along the threshold path, chosen threshold marked. */
export function pamPathFigure(p: PamResult): Figure {
  return {
    data: [
      { type: 'scatter', mode: 'lines+markers', name: 'CV error rate', x: p.thresholds, y: p.cvErrorRate, yaxis: 'y' },
      { type: 'scatter', mode: 'lines', name: 'genes kept', x: p.thresholds, y: p.nonzero, yaxis: 'y2', line: { dash: 'dot' } },
    ],
    layout: {
      title: { text: 'PAM threshold path' },
      xaxis: { title: { text: 'threshold Δ' } },
      yaxis: { title: { text: 'CV error rate' }, rangemode: 'tozero' },
      yaxis2: { title: { text: 'genes' }, overlaying: 'y', side: 'right', type: 'log' },
      shapes: [{ type: 'line', yref: 'paper', y0: 0, y1: 1, x0: p.chosenThreshold, x1: p.chosenThreshold, line: { color: '#c0392b' } }],
      margin: { t: 40 },
      height: 320,
    },
  }
}
