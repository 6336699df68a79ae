// Intraclass correlation for the reproducibility filter (two-way models, single rater):
// ICC(2,1) absolute agreement and ICC(3,1) consistency (Shrout & Fleiss 1979; McGraw & Wong
// 1996, cases 2A and 3), from the two-way ANOVA mean squares, with 95% confidence intervals
// (F-based; McGraw & Wong's approximate df for ICC(2,1)), as in R's irr::icc. Features with
// ICC ≥ threshold are kept.

import { incompleteBeta } from '../math/special.ts'
import { InputError } from '../errors.ts'

export type IccModel = '2,1' | '3,1'

export interface IccResult {
  icc: number
  lower: number
  upper: number
  /** F statistic of the subjects effect and its p-value (H0: ICC = 0) */
  f: number
  p: number
  n: number
  k: number
  msr: number
  msc: number
  mse: number
}

/** F quantile: the f with P(F ≤ f) = p, by bisection on the incomplete beta variable. */
export function qf(p: number, df1: number, df2: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? 0 : Infinity
  const a = df1 / 2, b = df2 / 2
  let lo = 0, hi = 1
  // solve in the tail that keeps precision
  const upperTarget = 1 - p
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi)
    if (mid === lo || mid === hi) break
    const { lower, upper } = incompleteBeta(mid, a, b)
    const below = p < 0.5 ? lower < p : upper > upperTarget
    if (below) lo = mid
    else hi = mid
  }
  const x = 0.5 * (lo + hi)
  return (df2 * x) / (df1 * (1 - x))
}

/**
 * ICC of an n × k ratings matrix (subjects × raters/segmentations), row-major.
 * @param alpha 1 − confidence level (0.05 for 95% intervals)
 */
export function icc(ratings: Float64Array, n: number, k: number, model: IccModel, alpha = 0.05): IccResult {
  if (n < 2 || k < 2) throw new InputError(`ICC needs at least 2 subjects and 2 ratings (got ${n} × ${k})`)
  let grand = 0
  const rowMean = new Float64Array(n), colMean = new Float64Array(k)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      const x = ratings[i * k + j]
      grand += x
      rowMean[i] += x / k
      colMean[j] += x / n
    }
  grand /= n * k
  let ssr = 0, ssc = 0, sst = 0
  for (let i = 0; i < n; i++) ssr += (rowMean[i] - grand) ** 2
  ssr *= k
  for (let j = 0; j < k; j++) ssc += (colMean[j] - grand) ** 2
  ssc *= n
  for (let t = 0; t < n * k; t++) sst += (ratings[t] - grand) ** 2
  const sse = sst - ssr - ssc
  const msr = ssr / (n - 1), msc = ssc / (k - 1), mse = sse / ((n - 1) * (k - 1))
  const q = 1 - alpha / 2
  const F = msr / mse
  const df1 = n - 1, df2 = (n - 1) * (k - 1)
  const { upper: p } = incompleteBeta((df1 * F) / (df1 * F + df2), df1 / 2, df2 / 2)
  if (model === '3,1') {
    const value = (msr - mse) / (msr + (k - 1) * mse)
    const FL = F / qf(q, df1, df2)
    const FU = F * qf(q, df2, df1)
    return { icc: value, lower: (FL - 1) / (FL + k - 1), upper: (FU - 1) / (FU + k - 1), f: F, p, n, k, msr, msc, mse }
  }
  const value = (msr - mse) / (msr + (k - 1) * mse + (k * (msc - mse)) / n)
  const a = (k * value) / (n * (1 - value))
  const b = 1 + (k * value * (n - 1)) / (n * (1 - value))
  const v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
  const FL = qf(q, n - 1, v)
  const FU = qf(q, v, n - 1)
  const lower = (n * (msr - FL * mse)) / (FL * (k * msc + (k * n - k - n) * mse) + n * msr)
  const upper = (n * (FU * msr - mse)) / (k * msc + (k * n - k - n) * mse + n * FU * msr)
  return { icc: value, lower, upper, f: F, p, n, k, msr, msc, mse }
}

export interface IccFeatureRow extends IccResult { feature: string; keep: boolean }

/**
 * ICC per feature between two feature tables of the same patients (matched by id), and the
 * reproducibility filter: keep features with ICC ≥ threshold. Non-finite values drop the patient
 * for that feature; a feature left with fewer than 2 complete pairs gets ICC = NA (not kept)
 * with a warning, as do patients found in one table only. A feature present in one table and
 * not the other is refused (InputError naming them): the tables must come from the same
 * extraction settings.
 */
export function iccFilter(
  a: { ids: string[]; columns: string[]; values: Float64Array[] },
  b: { ids: string[]; columns: string[]; values: Float64Array[] },
  model: IccModel,
  threshold = 0.9,
): IccFeatureRow[] & { warnings: string[] } {
  const rowB = new Map(b.ids.map((id, r) => [id, r]))
  const pairs: [number, number][] = []
  a.ids.forEach((id, r) => { const s = rowB.get(id); if (s !== undefined) pairs.push([r, s]) })
  if (pairs.length < 2) throw new InputError(`the two tables share ${pairs.length} patient id(s); at least 2 are needed — check that both use the same ids in the first column`)
  const colB = new Map(b.columns.map((c, j) => [c, j]))
  const setA = new Set(a.columns)
  const onlyA = a.columns.filter((c) => !colB.has(c))
  const onlyB = b.columns.filter((c) => !setA.has(c))
  if (onlyA.length || onlyB.length) {
    const list = (x: string[]) => `${x.slice(0, 5).join(', ')}${x.length > 5 ? ` and ${x.length - 5} more` : ''}`
    throw new InputError(
      [onlyA.length ? `${onlyA.length} feature(s) only in the first table (${list(onlyA)})` : '', onlyB.length ? `${onlyB.length} feature(s) only in the second table (${list(onlyB)})` : '']
        .filter(Boolean).join('; ') + '; extract both segmentations with the same settings so that every feature can be compared',
    )
  }
  const warnings: string[] = []
  const idsA = new Set(a.ids)
  const unmatched = [...a.ids.filter((id) => !rowB.has(id)), ...b.ids.filter((id) => !idsA.has(id))]
  if (unmatched.length) warnings.push(`${unmatched.length} patient(s) in only one table, left out of the ICC: ${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? ', …' : ''}`)
  const out: IccFeatureRow[] = []
  const notEstimable: string[] = []
  const constant: string[] = []
  a.columns.forEach((feature, j) => {
    const jb = colB.get(feature)!
    const xs: number[] = []
    for (const [ra, rb] of pairs) {
      const x = a.values[j][ra], y = b.values[jb][rb]
      if (Number.isFinite(x) && Number.isFinite(y)) xs.push(x, y)
    }
    const n = xs.length / 2
    if (n < 2) {
      notEstimable.push(feature)
      out.push({ feature, icc: NaN, lower: NaN, upper: NaN, f: NaN, p: NaN, n, k: 2, msr: NaN, msc: NaN, mse: NaN, keep: false })
      return
    }
    const r = icc(Float64Array.from(xs), n, 2, model)
    if (!Number.isFinite(r.icc)) constant.push(feature)
    out.push({ feature, ...r, keep: r.icc >= threshold })
  })
  if (constant.length)
    warnings.push(`${constant.length} feature(s) constant over the patients and segmentations: ICC NA, not kept (${constant.slice(0, 5).join(', ')}${constant.length > 5 ? ', …' : ''})`)
  if (notEstimable.length)
    warnings.push(`${notEstimable.length} feature(s) with fewer than 2 patients having finite values in both tables: ICC NA, not kept (${notEstimable.slice(0, 5).join(', ')}${notEstimable.length > 5 ? ', …' : ''})`)
  return Object.assign(out, { warnings })
}
