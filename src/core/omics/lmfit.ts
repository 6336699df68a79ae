// Per-gene linear models as limma lmFit (lm.series): ordinary least squares shared across
// genes when unweighted, weighted least squares gene by gene with observation weights
// (e.g. voom precision weights). Returns coefficients, unscaled standard deviations
// sqrt(diag((X'WX)^-1)), residual standard deviations and residual df.

import { InputError } from '../errors.ts'
import type { Design } from './design.ts'
import { invertSPD } from '../math/linalg.ts'

export interface LinearFit {
  genes: string[]
  coefficientNames: string[]
  /** genes × p, row-major */
  coefficients: Float64Array
  /** genes × p, row-major */
  stdevUnscaled: Float64Array
  sigma: Float64Array
  dfResidual: Float64Array
  /** row means of the expression values */
  amean: Float64Array
}

/**
 * Fit y_g = X β_g + ε per gene. `E` is genes × n row-major; `weights` (same shape) optional.
 */
export function lmFit(E: Float64Array, genes: string[], design: Design, weights?: Float64Array): LinearFit {
  const G = genes.length
  const { n, p } = design
  const X = design.data
  if (E.length !== G * n) throw new InputError(`expression matrix has ${E.length / Math.max(1, G)} samples but the design has ${n} rows`)
  const coef = new Float64Array(G * p)
  const su = new Float64Array(G * p)
  const sigma = new Float64Array(G)
  const df = new Float64Array(G).fill(n - p)
  const amean = new Float64Array(G)
  const xtwx = new Float64Array(p * p)
  const xtwy = new Float64Array(p)
  let shared: Float64Array | null = null
  if (!weights) {
    shared = xtx(X, n, p, null, 0, xtwx)
    if (!shared) throw new InputError('the design matrix is not of full rank (a group or covariate is confounded or constant)')
  }
  for (let g = 0; g < G; g++) {
    const off = g * n
    let m = 0
    for (let i = 0; i < n; i++) m += E[off + i]
    amean[g] = m / n
    const inv = shared ?? xtx(X, n, p, weights!, off, xtwx)
    if (!inv) {
      coef.fill(NaN, g * p, (g + 1) * p)
      su.fill(NaN, g * p, (g + 1) * p)
      sigma[g] = NaN
      continue
    }
    xtwy.fill(0)
    for (let i = 0; i < n; i++) {
      const wy = weights ? weights[off + i] * E[off + i] : E[off + i]
      for (let a = 0; a < p; a++) xtwy[a] += X[i * p + a] * wy
    }
    for (let a = 0; a < p; a++) {
      let s = 0
      for (let b = 0; b < p; b++) s += inv[a * p + b] * xtwy[b]
      coef[g * p + a] = s
      su[g * p + a] = Math.sqrt(inv[a * p + a])
    }
    let rss = 0
    for (let i = 0; i < n; i++) {
      let fit = 0
      for (let a = 0; a < p; a++) fit += X[i * p + a] * coef[g * p + a]
      const r = E[off + i] - fit
      rss += (weights ? weights[off + i] : 1) * r * r
    }
    sigma[g] = n > p ? Math.sqrt(rss / (n - p)) : NaN
  }
  return { genes: genes.slice(), coefficientNames: design.columns.slice(), coefficients: coef, stdevUnscaled: su, sigma, dfResidual: df, amean }
}

function xtx(X: Float64Array, n: number, p: number, w: Float64Array | null, off: number, buf: Float64Array): Float64Array | null {
  buf.fill(0)
  for (let i = 0; i < n; i++) {
    const wi = w ? w[off + i] : 1
    for (let a = 0; a < p; a++) {
      const xa = X[i * p + a] * wi
      for (let b = 0; b <= a; b++) buf[a * p + b] += xa * X[i * p + b]
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) buf[b * p + a] = buf[a * p + b]
  return invertSPD(buf, p)
}
