// Data of the PAM signature heatmap: the kept genes' expression, each gene z-scored across
// samples; samples ordered by group and, within a group, by average-linkage hierarchical
// clustering (Pearson distance); genes ordered by the same clustering over samples
// (src/core/cluster). Plain numbers; the plot is drawn by the UI.

import { distanceMatrix, hclust } from '../cluster/index.ts'
import type { ExpressionMatrix } from './workflow.ts'

export interface HeatmapData {
  genes: string[]
  samples: string[]
  groups: string[]
  /** genes × samples (display order), z-scores */
  z: number[][]
}

export function signatureHeatmap(x: ExpressionMatrix, group: string[], genes: string[], groupOrder: string[]): HeatmapData {
  const n = x.samples.length
  const gi = new Map(x.genes.map((g, i) => [g, i]))
  const rows = genes.filter((g) => gi.has(g)).map((g) => gi.get(g)!)
  const cols = Array.from({ length: n }, (_, i) => i).filter((i) => groupOrder.includes(group[i]))
  const p = rows.length
  const z: Float64Array[] = rows.map((g) => {
    const v = Float64Array.from(cols, (i) => x.data[g * n + i])
    let m = 0
    for (const a of v) m += a
    m /= v.length
    let s = 0
    for (const a of v) s += (a - m) ** 2
    s = Math.sqrt(s / Math.max(1, v.length - 1)) || 1
    return v.map((a) => (a - m) / s)
  })
  const order = (items: Float64Array[]): number[] => {
    if (items.length < 3 || items[0].length < 2) return items.map((_, i) => i)
    const nf = items[0].length
    const data = new Float64Array(items.length * nf)
    items.forEach((r, i) => data.set(r, i * nf))
    // display order only: a constant row (all z = 0) is placed as uncorrelated, not refused
    const tree = hclust(distanceMatrix({ nItems: items.length, nFeatures: nf, data }, 'pearson', true, 'uncorrelated'), items.length, 'average')
    return Array.from(tree.order, (o) => o - 1)
  }
  // samples: by group, then clustered within group
  const sampleOrder: number[] = []
  for (const g of groupOrder) {
    const members = cols.map((c, j) => [c, j] as const).filter(([c]) => group[c] === g).map(([, j]) => j)
    const items = members.map((j) => Float64Array.from(z, (r) => r[j]))
    const o = p >= 2 ? order(items) : items.map((_, i) => i)
    for (const k of o) sampleOrder.push(members[k])
  }
  const geneOrder = p >= 3 ? order(z) : z.map((_, i) => i)
  return {
    genes: geneOrder.map((r) => x.genes[rows[r]]),
    samples: sampleOrder.map((j) => x.samples[cols[j]]),
    groups: sampleOrder.map((j) => group[cols[j]]),
    z: geneOrder.map((r) => sampleOrder.map((j) => z[r][j])),
  }
}
