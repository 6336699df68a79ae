// TMM normalisation factors (Robinson & Oshlack, Genome Biology 2010) exactly as edgeR
// calcNormFactors(method = "TMM"): all-zero genes dropped; reference = the sample whose
// upper-quartile-scaled library is closest to the mean (or the largest Σ√count when the
// upper quartiles vanish); per sample the weighted mean of trimmed M-values (30 % logratio,
// 5 % abundance trim, inverse asymptotic variance weights); factors scaled to product 1.
// A sample with library size 0 (no counts) is refused by name (edgeR stops with "missing
// value where TRUE/FALSE needed").

import type { CountMatrix } from '../cohort/cohort.ts'
import { librarySizes } from './counts.ts'
import { InputError } from '../errors.ts'
import { averageRankWindow } from '../math/ranks.ts'
import { median, quantile } from '../math/quantiles.ts'

export interface TmmResult {
  normFactors: Float64Array
  libSizes: Float64Array
  /** 0-based index of the reference sample */
  refColumn: number
}

export interface TmmOptions {
  libSizes?: Float64Array
  logratioTrim?: number
  sumTrim?: number
  doWeighting?: boolean
  acutoff?: number
  refColumn?: number
}

/** InputError naming the samples whose library size is not positive. */
export function refuseEmptySamples(samples: string[], lib: ArrayLike<number>, what: string): void {
  const empty = samples.filter((_, s) => !(lib[s] > 0))
  if (empty.length)
    throw new InputError(
      `${empty.length === 1 ? 'sample' : `${empty.length} samples`} ${empty.slice(0, 5).map((x) => `"${x}"`).join(', ')}${empty.length > 5 ? ', …' : ''} ${empty.length === 1 ? 'has' : 'have'} no counts (library size 0): ` +
        `${what} needs a positive library size; remove ${empty.length === 1 ? 'that column' : 'those columns'} from the count matrix`,
    )
}

export function calcNormFactors(m: CountMatrix, opts: TmmOptions = {}): TmmResult {
  const ns = m.samples.length
  const lib = opts.libSizes ?? librarySizes(m)
  refuseEmptySamples(m.samples, lib, 'TMM normalisation')
  // drop genes that are zero in every sample
  const rows: number[] = []
  for (let g = 0; g < m.genes.length; g++) {
    let any = false
    for (let s = 0; s < ns; s++) if (m.data[g * ns + s] > 0) { any = true; break }
    if (any) rows.push(g)
  }
  const nr = rows.length
  if (nr === 0 || ns === 1) return { normFactors: new Float64Array(ns).fill(1), libSizes: lib, refColumn: 0 }
  const col = (s: number): Float64Array => {
    const v = new Float64Array(nr)
    for (let i = 0; i < nr; i++) v[i] = m.data[rows[i] * ns + s]
    return v
  }
  const cols = Array.from({ length: ns }, (_, s) => col(s))
  let ref = opts.refColumn ?? -1
  if (ref < 0) {
    const f75 = cols.map((c, s) => quantile(c, 0.75) / lib[s])
    if (median(f75) < 1e-20) {
      let best = -Infinity
      cols.forEach((c, s) => {
        let t = 0
        for (let i = 0; i < nr; i++) t += Math.sqrt(c[i])
        if (t > best) { best = t; ref = s }
      })
    } else {
      const mean = f75.reduce((a, b) => a + b, 0) / ns
      let best = Infinity
      f75.forEach((f, s) => {
        const d = Math.abs(f - mean)
        if (d < best) { best = d; ref = s }
      })
    }
  }
  // log2(y / N) per sample, computed once (the same expression edgeR evaluates per pair)
  const logs = cols.map((c, s) => c.map((y) => Math.log2(y / lib[s])))
  const f = new Float64Array(ns)
  for (let s = 0; s < ns; s++)
    f[s] = tmmFactor(cols[s], cols[ref], logs[s], logs[ref], lib[s], lib[ref], opts.logratioTrim ?? 0.3, opts.sumTrim ?? 0.05, opts.doWeighting ?? true, opts.acutoff ?? -1e10)
  let lg = 0
  for (let s = 0; s < ns; s++) lg += Math.log(f[s])
  const gm = Math.exp(lg / ns)
  for (let s = 0; s < ns; s++) f[s] /= gm
  return { normFactors: f, libSizes: lib, refColumn: ref }
}

/** edgeR's .calcFactorTMM for one sample against the reference. */
function tmmFactor(obs: Float64Array, ref: Float64Array, logObs: Float64Array, logRef: Float64Array, nO: number, nR: number, logratioTrim: number, sumTrim: number, doWeighting: boolean, acutoff: number): number {
  const m = obs.length
  const logR = new Float64Array(m)
  const absE = new Float64Array(m)
  const v = new Float64Array(m)
  let n = 0
  let maxAbs = 0
  for (let i = 0; i < m; i++) {
    const o = obs[i], r = ref[i]
    if (o === 0 || r === 0) continue // log ratio or abundance not finite
    const lr = Math.log2(o / nO / (r / nR))
    const ae = (logObs[i] + logRef[i]) / 2
    if (Number.isFinite(lr) && Number.isFinite(ae) && ae > acutoff) {
      logR[n] = lr
      absE[n] = ae
      v[n] = (nO - o) / nO / o + (nR - r) / nR / r
      if (Math.abs(lr) > maxAbs) maxAbs = Math.abs(lr)
      n++
    }
  }
  if (maxAbs < 1e-6) return 1
  const loL = Math.floor(n * logratioTrim) + 1
  const hiL = n + 1 - loL
  const loS = Math.floor(n * sumTrim) + 1
  const hiS = n + 1 - loS
  // rank(logR) in [loL, hiL] and rank(absE) in [loS, hiS] (ties averaged, as R's rank)
  const [l0, l1] = averageRankWindow(logR.subarray(0, n), loL, hiL)
  const [e0, e1] = averageRankWindow(absE.subarray(0, n), loS, hiS)
  let num = 0
  let den = 0
  let cnt = 0
  for (let i = 0; i < n; i++) {
    if (logR[i] >= l0 && logR[i] <= l1 && absE[i] >= e0 && absE[i] <= e1) {
      if (doWeighting) {
        num += logR[i] / v[i]
        den += 1 / v[i]
      } else {
        num += logR[i]
        den += 1
      }
      cnt++
    }
  }
  let f = cnt > 0 ? num / den : NaN
  if (Number.isNaN(f)) f = 0
  return Math.pow(2, f)
}

/** Effective library sizes lib.size × norm.factors. */
export function effectiveLibSizes(t: TmmResult): Float64Array {
  return t.libSizes.map((l, s) => l * t.normFactors[s])
}
