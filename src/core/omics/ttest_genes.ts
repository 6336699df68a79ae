// Per-gene two-sample t-tests on log-scale expression (R t.test(x_B, x_A, var.equal)):
// Student (pooled variance, df = nA + nB - 2) or Welch (Satterthwaite df); log2 fold
// change = mean_B - mean_A; Benjamini–Hochberg across genes; significance by
// |FC| ≥ fcThreshold (i.e. |log2FC| ≥ log2 fcThreshold) and adjusted p < alpha.
// A gene whose standard error is below rounding level — R t.test's "data are essentially
// constant" rule, se < 10·ε·max(|mean_A|, |mean_B|), with the matrix's largest |value| also
// in the max so that the tolerance follows the data's scale — gets t, p, adjP = NA, is left
// out of the BH adjustment and counted (`constant` on the result array).

import { InputError } from '../errors.ts'
import { ptTwoSided } from '../math/distributions.ts'
import { pAdjust } from '../math/p_adjust.ts'

export interface GeneTestRow {
  gene: string
  logFC: number
  t: number
  df: number
  p: number
  adjP: number
  significant: boolean
  direction: 'up' | 'down' | 'none'
}

export interface GeneTestOptions {
  welch?: boolean
  /** fold-change threshold on the linear scale (default 2) */
  fcThreshold?: number
  /** adjusted-p threshold (default 0.05) */
  alpha?: number
}

/**
 * Compare group B against group A for every gene of a genes × samples matrix (row-major);
 * `group[s]` names each sample's group; samples of other groups are ignored.
 */
export function geneTTests(data: Float64Array, genes: string[], group: string[], groupA: string, groupB: string, opts: GeneTestOptions = {}): GeneTestRow[] & { constant: string[] } {
  const n = group.length
  const ia = group.flatMap((g, i) => (g === groupA ? [i] : []))
  const ib = group.flatMap((g, i) => (g === groupB ? [i] : []))
  if (ia.length < 2 || ib.length < 2)
    throw new InputError(`each group needs at least 2 samples (${groupA}: ${ia.length}, ${groupB}: ${ib.length}); check the group column and the contrast`)
  const welch = opts.welch ?? false
  const fc = opts.fcThreshold ?? 2
  const alpha = opts.alpha ?? 0.05
  const G = genes.length
  const rows: GeneTestRow[] = []
  const pv = new Float64Array(G)
  let scale = 0
  for (let g = 0; g < G; g++) for (const i of [...ia, ...ib]) if (Number.isFinite(data[g * n + i])) scale = Math.max(scale, Math.abs(data[g * n + i]))
  const constant: string[] = []
  for (let g = 0; g < G; g++) {
    const [ma, va] = meanVar(data, g * n, ia)
    const [mb, vb] = meanVar(data, g * n, ib)
    const na = ia.length
    const nb = ib.length
    let se: number, df: number
    if (welch) {
      const sa = va / na
      const sb = vb / nb
      se = Math.sqrt(sa + sb)
      df = (sa + sb) ** 2 / ((sa * sa) / (na - 1) + (sb * sb) / (nb - 1))
    } else {
      df = na + nb - 2
      const v = ((na - 1) * va + (nb - 1) * vb) / df
      se = Math.sqrt(v * (1 / na + 1 / nb))
    }
    const logFC = mb - ma
    if (!(se >= 10 * Number.EPSILON * Math.max(Math.abs(ma), Math.abs(mb), scale))) {
      // essentially constant: no test (R t.test stops here)
      constant.push(genes[g])
      pv[g] = NaN
      rows.push({ gene: genes[g], logFC, t: NaN, df: NaN, p: NaN, adjP: NaN, significant: false, direction: 'none' })
      continue
    }
    const t = logFC / se
    const p = ptTwoSided(t, df)
    pv[g] = p
    rows.push({ gene: genes[g], logFC, t, df, p, adjP: NaN, significant: false, direction: 'none' })
  }
  // BH over the tested genes only (R p.adjust ignores NA in n)
  const tested = rows.flatMap((r, g) => (Number.isNaN(pv[g]) ? [] : [g]))
  const adjTested = pAdjust(Float64Array.from(tested, (g) => pv[g]), 'BH')
  const adj = new Float64Array(G).fill(NaN)
  tested.forEach((g, k) => (adj[g] = adjTested[k]))
  const lfc = Math.log2(fc)
  for (let g = 0; g < G; g++) {
    const r = rows[g]
    r.adjP = adj[g]
    r.significant = Math.abs(r.logFC) >= lfc && r.adjP < alpha
    r.direction = r.significant ? (r.logFC > 0 ? 'up' : 'down') : 'none'
  }
  return Object.assign(rows, { constant })
}

function meanVar(x: Float64Array, off: number, idx: number[]): [number, number] {
  let s = 0
  for (const i of idx) s += x[off + i]
  const m = s / idx.length
  let v = 0
  for (const i of idx) v += (x[off + i] - m) ** 2
  return [m, v / (idx.length - 1)]
}

/** Parse a contrast "B-A" into [B, A]. */
export function parseContrast(contrast: string): [string, string] {
  const parts = contrast.split('-')
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InputError(`--contrast must look like B-A (group names without "-"), got "${contrast}"`)
  return [parts[0].trim(), parts[1].trim()]
}
