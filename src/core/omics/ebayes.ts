// Empirical-Bayes moderation of gene-wise variances as limma eBayes (Smyth 2004, SAGMB):
// fitFDist estimates the prior df d0 and scale s0² of a scaled-F distribution from the
// log residual variances by moments (digamma/trigamma, trigammaInverse by Newton as
// limma's); posterior variances (d s² + d0 s0²)/(d + d0); moderated t = β / (u · s_post)
// with df.total = min(d + d0, Σ d); two-sided p; BH-adjusted p per coefficient.

import { ptTwoSided } from '../math/distributions.ts'
import { digamma, tetragamma, trigamma } from '../math/special.ts'
import type { LinearFit } from './lmfit.ts'
import { median } from '../math/quantiles.ts'
import { pAdjust } from '../math/p_adjust.ts'

export interface FDistFit {
  scale: number
  df2: number
}

/** limma trigammaInverse: y with trigamma(y) = x (Newton iteration on 1/trigamma). */
export function trigammaInverse(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0) return NaN
  if (x > 1e7) return 1 / Math.sqrt(x)
  if (x < 1e-6) return 1 / x
  let y = 0.5 + 1 / x
  for (let iter = 0; iter < 50; iter++) {
    const tri = trigamma(y)
    const dif = (tri * (1 - tri / x)) / tetragamma(y)
    y += dif
    if (-dif / y < 1e-8) break
  }
  return y
}

/** limma fitFDist(x, df1) without covariate: moment estimation of scale and df2. */
export function fitFDist(x: ArrayLike<number>, df1: ArrayLike<number>): FDistFit {
  const n = x.length
  if (n === 0) return { scale: NaN, df2: NaN }
  if (n === 1) return { scale: x[0], df2: 0 }
  const ok: number[] = []
  for (let i = 0; i < n; i++) if (Number.isFinite(df1[i]) && df1[i] > 1e-15 && Number.isFinite(x[i]) && x[i] > -1e-15) ok.push(i)
  const nok = ok.length
  if (nok === 1) return { scale: x[ok[0]], df2: 0 }
  const xs = ok.map((i) => Math.max(x[i], 0))
  const d = ok.map((i) => df1[i])
  let m = median(xs)
  if (m === 0) m = 1
  const e = xs.map((v, k) => Math.log(Math.max(v, 1e-5 * m)) - digamma(d[k] / 2) + Math.log(d[k] / 2))
  const emean = e.reduce((a, b) => a + b, 0) / nok
  let evar = 0
  for (const v of e) evar += (v - emean) * (v - emean)
  evar /= nok - 1
  let mt = 0
  for (const v of d) mt += trigamma(v / 2)
  evar -= mt / nok
  if (evar > 0) {
    const df2 = 2 * trigammaInverse(evar)
    return { df2, scale: Math.exp(emean + digamma(df2 / 2) - Math.log(df2 / 2)) }
  }
  return { df2: Infinity, scale: xs.reduce((a, b) => a + b, 0) / nok }
}

export interface EBayesFit extends LinearFit {
  dfPrior: number
  s2Prior: number
  s2Post: Float64Array
  dfTotal: Float64Array
  /** genes × p */
  t: Float64Array
  /** genes × p */
  pValue: Float64Array
}

/** limma eBayes(fit) (trend = FALSE, robust = FALSE). */
export function eBayes(fit: LinearFit): EBayesFit {
  const G = fit.genes.length
  const p = fit.coefficientNames.length
  const s2 = fit.sigma.map((s) => s * s)
  const f = fitFDist(s2, fit.dfResidual)
  const d0 = f.df2
  const s2Post = new Float64Array(G)
  for (let g = 0; g < G; g++) {
    const d = fit.dfResidual[g]
    s2Post[g] = Number.isFinite(d0) ? (d * s2[g] + d0 * f.scale) / (d + d0) : f.scale
  }
  let dfPooled = 0
  for (let g = 0; g < G; g++) if (!Number.isNaN(fit.dfResidual[g])) dfPooled += fit.dfResidual[g]
  const dfTotal = fit.dfResidual.map((d) => Math.min(d + d0, dfPooled))
  const t = new Float64Array(G * p)
  const pv = new Float64Array(G * p)
  for (let g = 0; g < G; g++)
    for (let a = 0; a < p; a++) {
      const k = g * p + a
      t[k] = fit.coefficients[k] / fit.stdevUnscaled[k] / Math.sqrt(s2Post[g])
      pv[k] = ptTwoSided(t[k], dfTotal[g])
    }
  return { ...fit, dfPrior: d0, s2Prior: f.scale, s2Post, dfTotal, t, pValue: pv }
}

export interface TopTableRow {
  gene: string
  logFC: number
  aveExpr: number
  t: number
  p: number
  adjP: number
}

/** One coefficient's results (limma topTable(sort.by = "none")), BH across genes. */
export function topTable(fit: EBayesFit, coefficient: number | string): TopTableRow[] {
  const p = fit.coefficientNames.length
  const a = typeof coefficient === 'number' ? coefficient : fit.coefficientNames.indexOf(coefficient)
  if (a < 0 || a >= p) throw new Error(`no coefficient ${coefficient} (have ${fit.coefficientNames.join(', ')})`)
  const G = fit.genes.length
  const pv = new Float64Array(G)
  for (let g = 0; g < G; g++) pv[g] = fit.pValue[g * p + a]
  const adj = pAdjust(pv, 'BH')
  return fit.genes.map((gene, g) => ({ gene, logFC: fit.coefficients[g * p + a], aveExpr: fit.amean[g], t: fit.t[g * p + a], p: pv[g], adjP: adj[g] }))
}
