// Plotly figures of a consensus clustering result (presentation only: the numbers come
// from src/core/cluster). Consensus heatmap ordered by the final tree, consensus CDFs,
// delta area, item-consensus bars and the dendrogram with the cut at k.
import type { ConsensusK, ConsensusResult } from '../../../core/cluster/consensus.ts'
import type { HClustResult } from '../../../core/cluster/hclust.ts'
import { nameGroups } from '../../../core/cluster/naming.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
export interface Figure { data: Any[]; layout: Any }

export const PALETTE = ['#1f78b4', '#e31a1c', '#33a02c', '#ff7f00', '#6a3d9a', '#b15928', '#a6cee3', '#fb9a99', '#b2df8a', '#fdbf6f', '#cab2d6', '#ffff99']

/** Consensus matrix with rows and columns in the final tree's order. */
export function heatmapFigure(r: ConsensusK, ids: string[]): Figure {
  const n = ids.length
  const order = Array.from(r.tree.order, (i) => i - 1)
  const z = order.map((i) => order.map((j) => r.consensus[i * n + j]))
  const labels = order.map((i) => ids[i])
  const names = nameGroups(r.clusters).names
  return {
    data: [
      { type: 'heatmap', z, x: labels, y: labels, zmin: 0, zmax: 1, colorscale: [[0, '#ffffff'], [1, '#08306b']], colorbar: { title: { text: 'consensus' } }, hovertemplate: '%{y} · %{x}: %{z:.2f}<extra></extra>' },
      { type: 'scatter', mode: 'markers', x: labels, y: labels.map(() => labels[0]), yaxis: 'y2', marker: { color: order.map((i) => PALETTE[(r.clusters[i] - 1) % PALETTE.length]), symbol: 'square', size: 6 }, text: order.map((i) => `group ${names[i]}`), hoverinfo: 'x+text', showlegend: false },
    ],
    layout: {
      title: { text: `consensus matrix, k = ${r.k}`, font: { size: 13 } },
      xaxis: { showticklabels: false, ticks: '' },
      yaxis: { showticklabels: false, ticks: '', autorange: 'reversed', domain: [0, 0.95] },
      yaxis2: { domain: [0.96, 1], showticklabels: false, showgrid: false, zeroline: false },
    },
  }
}

/** Consensus CDF per k (CCP's 100-bin histogram CDF). */
export function cdfFigure(res: ConsensusResult): Figure {
  const x = Array.from({ length: 100 }, (_, i) => (i + 1) / 100)
  return {
    data: res.perK.map((r, i) => ({ type: 'scatter', mode: 'lines', x, y: Array.from(r.cdf), name: `k = ${r.k}`, line: { color: PALETTE[i % PALETTE.length], width: 2 } })),
    layout: { title: { text: 'consensus CDF', font: { size: 13 } }, xaxis: { title: { text: 'consensus index' }, range: [0, 1] }, yaxis: { title: { text: 'CDF' }, range: [0, 1.02] } },
  }
}

/** Delta area (k = 2: the area itself) and PAC per k. */
export function deltaAreaFigure(res: ConsensusResult): Figure {
  const ks = res.perK.map((r) => r.k)
  return {
    data: [
      { type: 'scatter', mode: 'lines+markers', x: ks, y: res.deltaArea, name: 'delta area' },
      { type: 'scatter', mode: 'lines+markers', x: ks, y: res.perK.map((r) => r.pac), name: 'PAC', yaxis: 'y2', line: { dash: 'dot' } },
    ],
    layout: {
      title: { text: 'relative change in area under the CDF, and PAC', font: { size: 13 } },
      xaxis: { title: { text: 'k' }, dtick: 1 },
      yaxis: { title: { text: 'delta area' } },
      yaxis2: { title: { text: 'PAC' }, overlaying: 'y', side: 'right', rangemode: 'tozero' },
      legend: { orientation: 'h', y: -0.25 },
    },
  }
}

/** Item consensus with each cluster, stacked, items in the final tree's order. */
export function itemConsensusFigure(r: ConsensusK, ids: string[]): Figure {
  const k = r.k
  const order = Array.from(r.tree.order, (i) => i - 1)
  const names = nameGroups(r.clusters).byLabel
  return {
    data: Array.from({ length: k }, (_, c) => ({
      type: 'bar',
      x: order.map((i) => ids[i]),
      y: order.map((i) => r.itemConsensusAll[i * k + c]),
      name: `group ${names.get(c + 1)}`,
      marker: { color: PALETTE[c % PALETTE.length] },
    })),
    layout: { title: { text: `item consensus, k = ${k}`, font: { size: 13 } }, barmode: 'stack', bargap: 0, xaxis: { showticklabels: false }, yaxis: { title: { text: 'item consensus' } } },
  }
}

/** Dendrogram (U-shaped links) with the cut that gives k groups. */
export function dendrogramFigure(tree: HClustResult, clusters: ArrayLike<number>, k: number, ids: string[], title: string): Figure {
  const n = tree.n
  const pos = new Float64Array(n)
  Array.from(tree.order).forEach((item, i) => (pos[item - 1] = i))
  const nodeX = new Float64Array(n - 1), nodeY = new Float64Array(n - 1)
  const xs: (number | null)[] = [], ys: (number | null)[] = []
  const at = (m: number): [number, number] => (m < 0 ? [pos[-m - 1], 0] : [nodeX[m - 1], nodeY[m - 1]])
  for (let s = 0; s < n - 1; s++) {
    const [x1, y1] = at(tree.merge[2 * s]), [x2, y2] = at(tree.merge[2 * s + 1])
    const h = tree.height[s]
    nodeX[s] = (x1 + x2) / 2
    nodeY[s] = h
    xs.push(x1, x1, x2, x2, null)
    ys.push(y1, h, h, y2, null)
  }
  const cut = k >= 2 && k <= n - 1 ? (tree.height[n - k - 1] + tree.height[n - k]) / 2 : null
  const order = Array.from(tree.order, (i) => i - 1)
  const data: Any[] = [
    { type: 'scatter', mode: 'lines', x: xs, y: ys, line: { color: '#444', width: 1 }, hoverinfo: 'skip', showlegend: false },
    { type: 'scatter', mode: 'markers', x: order.map((_, i) => i), y: order.map(() => 0), text: order.map((i) => ids[i]), marker: { color: order.map((i) => PALETTE[(clusters[i] - 1) % PALETTE.length]), size: 5 }, hoverinfo: 'text', showlegend: false },
  ]
  if (cut !== null) data.push({ type: 'scatter', mode: 'lines', x: [-0.5, n - 0.5], y: [cut, cut], line: { color: '#e31a1c', dash: 'dash' }, name: `cut, k = ${k}` })
  return { data, layout: { title: { text: title, font: { size: 13 } }, xaxis: { showticklabels: false, zeroline: false }, yaxis: { title: { text: 'height' } }, showlegend: cut !== null } }
}
