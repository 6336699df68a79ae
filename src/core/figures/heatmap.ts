// PAM signature heatmap specification: samples (columns, ordered by group) × signature genes
// (rows), expression standardised per gene (z-score across the samples shown, clipped at
// ±2.5), a group annotation bar above the columns and a blue–white–red colour scale
// (red: above the gene's mean, blue: below).

import { groupColour, type HeatmapSpec } from './spec.ts'

export interface SignatureInput {
  genes: string[]
  samples: string[]
  /** genes × samples, row-major, log-expression */
  values: ArrayLike<number>
  /** group of each sample */
  groups: string[]
  /** group order (first = the target group) */
  levels: string[]
}

export const Z_CLIP = 2.5

export function signatureHeatmapSpec(id: string, title: string, x: SignatureInput): HeatmapSpec {
  const order = x.samples.map((_, j) => j).filter((j) => x.levels.includes(x.groups[j])).sort((a, b) => x.levels.indexOf(x.groups[a]) - x.levels.indexOf(x.groups[b]) || (x.samples[a] < x.samples[b] ? -1 : 1))
  const n = x.samples.length
  const values: number[] = []
  for (let g = 0; g < x.genes.length; g++) {
    let s = 0, ss = 0
    for (const j of order) s += x.values[g * n + j]
    const mean = s / order.length
    for (const j of order) ss += (x.values[g * n + j] - mean) ** 2
    const sd = Math.sqrt(ss / Math.max(1, order.length - 1)) || 1
    for (const j of order) values.push(Math.max(-Z_CLIP, Math.min(Z_CLIP, (x.values[g * n + j] - mean) / sd)))
  }
  const colours = Object.fromEntries(x.levels.map((l, i) => [l, groupColour(i + 1)]))
  const counts = x.levels.map((l) => `${l} (n = ${order.filter((j) => x.groups[j] === l).length})`).join(', ')
  return {
    kind: 'heatmap', id, title,
    caption: `Expression of the ${x.genes.length} PAM signature genes (rows) in each sample (columns, grouped: ${counts}), standardised per gene (z-score, clipped at ±${Z_CLIP}); red: above the gene's mean, blue: below.`,
    width: 760, height: 110 + 12 * x.genes.length,
    rows: x.genes,
    columns: order.map((j) => x.samples[j]),
    values,
    annotation: { title: 'group', labels: order.map((j) => x.groups[j]), colours },
    scale: { title: 'z-score', min: -Z_CLIP, max: Z_CLIP },
  }
}
