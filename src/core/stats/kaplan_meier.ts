// Kaplan–Meier estimator as R survival's survfit(Surv(time, status) ~ 1): survival at each
// distinct time, Greenwood variance (std.err of the cumulative hazard: sqrt Σ d/(n(n−d))),
// pointwise 95% CI on the log (default), log-log or plain scale (survfit_confint), median
// survival with CI (quantile.survfit / findq, tolerance sqrt(ε)), survival and number at
// risk at requested times (summary.survfit(times =)).

import { qnorm } from '../math/distributions.ts'

export type ConfType = 'log' | 'log-log' | 'plain'

export interface KaplanMeier {
  n: number
  events: number
  /** distinct times (events and censorings), increasing */
  time: number[]
  nRisk: number[]
  nEvent: number[]
  nCensor: number[]
  surv: number[]
  /** standard error of the cumulative hazard (R's std.err) */
  stdErr: number[]
  /** CI bounds (null where undefined, e.g. S = 0 on the log scale) */
  lower: (number | null)[]
  upper: (number | null)[]
  confType: ConfType
  confLevel: number
  median: number | null
  medianLower: number | null
  medianUpper: number | null
}

export interface KmOptions {
  confType?: ConfType
  confLevel?: number
}

/** Kaplan–Meier curve of one group. */
export function kaplanMeier(time: ArrayLike<number>, status: ArrayLike<number>, opts: KmOptions = {}): KaplanMeier {
  const confType = opts.confType ?? 'log'
  const confLevel = opts.confLevel ?? 0.95
  const n = time.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b])
  const times: number[] = []
  const nRisk: number[] = []
  const nEvent: number[] = []
  const nCensor: number[] = []
  let events = 0
  for (let k = 0; k < n; ) {
    const t = time[idx[k]]
    let d = 0
    let c = 0
    let e = k
    while (e < n && time[idx[e]] === t) {
      if (status[idx[e]] === 1) d++
      else c++
      e++
    }
    times.push(t)
    nRisk.push(n - k)
    nEvent.push(d)
    nCensor.push(c)
    events += d
    k = e
  }
  const surv: number[] = []
  const stdErr: number[] = []
  let s = 1
  let v = 0
  for (let i = 0; i < times.length; i++) {
    const r = nRisk[i]
    const d = nEvent[i]
    s *= 1 - d / r
    if (d > 0) v += r > d ? d / (r * (r - d)) : Infinity
    surv.push(s)
    stdErr.push(Math.sqrt(v))
  }
  const z = qnorm(1 - (1 - confLevel) / 2)
  const lower: (number | null)[] = []
  const upper: (number | null)[] = []
  for (let i = 0; i < times.length; i++) {
    const [lo, up] = confidenceBounds(surv[i], stdErr[i], z, confType)
    lower.push(lo)
    upper.push(up)
  }
  const x = [0, ...times]
  const med = findQuantileTime(x, [0, ...surv.map((q) => 1 - q)], 0.5)
  // the lower curve crosses 1/2 first: it gives the median's lower bound (survival's doquant)
  const medLo = findQuantileTime(x, [0, ...lower.map((q) => (q === null ? null : 1 - q))], 0.5)
  const medUp = findQuantileTime(x, [0, ...upper.map((q) => (q === null ? null : 1 - q))], 0.5)
  return { n, events, time: times, nRisk, nEvent, nCensor, surv, stdErr, lower, upper, confType, confLevel, median: med, medianLower: medLo, medianUpper: medUp }
}

/** Pointwise CI of S from the std.err of the cumulative hazard (survfit_confint, ulimit = TRUE). */
export function confidenceBounds(p: number, se: number, z: number, type: ConfType): [number | null, number | null] {
  if (type === 'plain') {
    const se2 = se * p * z
    if (!Number.isFinite(se2)) return [null, null]
    return [Math.max(p - se2, 0), Math.min(p + se2, 1)]
  }
  if (type === 'log') {
    if (p === 0 || !Number.isFinite(se)) return [null, null]
    const se2 = z * se
    return [Math.exp(Math.log(p) - se2), Math.min(Math.exp(Math.log(p) + se2), 1)]
  }
  if (p === 0 || p === 1 || !Number.isFinite(se)) return [null, null]
  const se2 = (z * se) / Math.log(p)
  const ll = Math.log(-Math.log(p))
  return [Math.exp(-Math.exp(ll - se2)), Math.exp(-Math.exp(ll + se2))]
}

/**
 * Time at which a cumulative curve y (= 1 − S, non-decreasing, null = undefined) reaches
 * probability q, as survival's findq: when y equals q (within sqrt(ε)) over an interval,
 * the midpoint of that interval. null when never reached.
 */
export function findQuantileTime(x: number[], y: (number | null)[], q: number, tol = Math.sqrt(2.220446049250313e-16)): number | null {
  let maxY = -Infinity
  for (const v of y) if (v !== null && !Number.isNaN(v) && v > maxY) maxY = v
  if (maxY < q) return null
  const xmax = x[x.length - 1]
  // drop duplicated y values (keep first occurrence); nulls are duplicates of each other
  const xs: number[] = []
  const ys: (number | null)[] = []
  const seen = new Set<number | null>()
  for (let i = 0; i < y.length; i++) {
    const key = y[i] === null || Number.isNaN(y[i]) ? null : y[i]
    if (seen.has(key)) continue
    seen.add(key)
    xs.push(x[i])
    ys.push(key)
  }
  // approx(y ± tol, 1:n, q, "constant", f = 1): first knot ≥ q among defined points, NA outside range
  const locate = (shift: number): number | null => {
    const pts: number[] = []
    for (let i = 0; i < ys.length; i++) if (ys[i] !== null) pts.push(i)
    if (pts.length === 0) return null
    const first = (ys[pts[0]] as number) + shift
    const last = (ys[pts[pts.length - 1]] as number) + shift
    if (q < first || q > last) return null
    for (const i of pts) if ((ys[i] as number) + shift >= q) return i
    return null
  }
  const i1 = locate(tol)
  const i2 = locate(-tol)
  let quant: number | null = i1 !== null && i2 !== null ? (xs[i1] + xs[i2]) / 2 : null
  const yn = ys[ys.length - 1]
  if (yn !== null && Math.abs(q - yn) < tol) quant = i1 !== null ? (xs[i1] + xmax) / 2 : null
  return quant
}

export interface SurvivalAt {
  time: number
  surv: number
  lower: number | null
  upper: number | null
  nRisk: number
}

/** Survival, CI and number at risk at given times (step function value at the last time ≤ t). */
export function survivalAt(km: KaplanMeier, at: number[]): SurvivalAt[] {
  return at.map((t) => {
    let i = -1
    for (let k = 0; k < km.time.length && km.time[k] <= t; k++) i = k
    let nRisk = 0
    for (let k = 0; k < km.time.length; k++)
      if (km.time[k] >= t) {
        nRisk = km.nRisk[k]
        break
      }
    if (i < 0) return { time: t, surv: 1, lower: 1, upper: 1, nRisk }
    return { time: t, surv: km.surv[i], lower: km.lower[i], upper: km.upper[i], nRisk }
  })
}
