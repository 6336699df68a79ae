// Selection of the most variable genes (by sample variance across samples) and the
// samples × genes feature matrix, median-centred per gene, that consensus clustering takes
// (ConsensusClusterPlus practice: sweep(d, 1, apply(d, 1, median))).
import { meanAndSs } from '../math/moments.ts'

/** Indices of the `top` genes with the largest variance (ties by gene order). */
export function mostVariableGenes(E: Float64Array, G: number, n: number, top: number): number[] {
  const v = new Float64Array(G)
  for (let g = 0; g < G; g++) v[g] = meanAndSs(E, g * n, 1, n).ss / (n - 1)
  const idx = Array.from({ length: G }, (_, g) => g).sort((a, b) => v[b] - v[a] || a - b)
  return idx.slice(0, Math.min(top, G))
}

/** Samples × genes matrix of the chosen genes, each gene centred on its median. */
export function samplesByGenes(E: Float64Array, n: number, genes: number[]): { nItems: number; nFeatures: number; data: Float64Array } {
  const p = genes.length
  const out = new Float64Array(n * p)
  const col = new Float64Array(n)
  genes.forEach((g, j) => {
    for (let i = 0; i < n; i++) col[i] = E[g * n + i]
    const s = Float64Array.from(col).sort()
    const med = n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2
    for (let i = 0; i < n; i++) out[i * p + j] = col[i] - med
  })
  return { nItems: n, nFeatures: p, data: out }
}
