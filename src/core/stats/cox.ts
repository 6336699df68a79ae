// Cox proportional hazards regression for right-censored data, as R survival's
// coxph() / coxph.fit / coxfit6.c (Therneau & Grambsch 2000): Newton–Raphson from β = 0
// with step-halving when the partial log-likelihood decreases, convergence when
// |1 − ℓ_old/ℓ_new| ≤ 1e-9 (iter.max 20), Efron (default) or Breslow handling of ties,
// covariates centred and scaled internally (results reported on the original scale),
// generalised Cholesky (toler.chol = ε^0.75): an aliased column (constant, or a linear
// combination of earlier columns) gets coefficient NA with a warning, as coxph does.
// Optional strata (coxph's strata()): the partial likelihood is the sum over strata, each
// with its own risk sets and baseline hazard; concordance is counted within strata.
// Reports coefficients, SE, hazard ratios with 95% CI, Wald z and p, likelihood-ratio,
// Wald and score (log-rank) tests, log-likelihoods, AIC and Harrell's concordance, and
// warns on non-convergence and on a monotone likelihood (β drifting to ±∞).

import { cholesky2, chsolve2, chinv2 } from '../math/linalg.ts'
import { pchisq, pnorm, qnorm } from '../math/distributions.ts'
import { concordanceWithin } from './concordance.ts'
import { orderDecreasing } from '../math/ranks.ts'
import { InputError } from '../errors.ts'
import type { ModelFrame } from './model_frame.ts'

/** s1 += r·z_i and the lower triangle of s2 += r·z_i z_iᵀ (z_i: the p covariates at z[zi …]). */
function addWeighted(r: number, z: Float64Array, zi: number, p: number, s1: Float64Array, s2: Float64Array): void {
  for (let j = 0; j < p; j++) {
    const rz = r * z[zi + j]
    s1[j] += rz
    const row = j * p
    for (let l = 0; l <= j; l++) s2[row + l] += rz * z[zi + l]
  }
}

export type Ties = 'efron' | 'breslow'

export interface CoxOptions {
  ties?: Ties
  maxIter?: number
  eps?: number
  tolerChol?: number
  /** start values (default 0) */
  init?: ArrayLike<number>
  /** stratum index of each row (coxph's strata()); absent = one stratum */
  strata?: ArrayLike<number>
}

/** The raw fit: numbers only, in the order of the design matrix's columns. */
export interface CoxFitCore {
  coef: Float64Array
  /** p × p variance matrix (inverse information), row-major */
  var: Float64Array
  /** [at init, at convergence] */
  loglik: [number, number]
  /** score test statistic at init */
  score: number
  iter: number
  converged: boolean
  /** score vector at the final estimate (original scale) */
  u: Float64Array
  means: Float64Array
  rank: number
  /** columns aliased in the final information matrix (R: coefficient NA; here 0 in `coef`) */
  aliased: boolean[]
  warnings: string[]
}

interface Work {
  n: number
  p: number
  /** subjects ordered by decreasing time */
  order: Int32Array
  /** for each position in order: index where its tie group (same time) ends (exclusive) */
  groupEnd: Int32Array
  /** for each position in order: number of deaths in its tie group */
  groupDeaths: Int32Array
  /** 1 where a new stratum starts (risk-set sums restart there) */
  stratumStart: Uint8Array
  time: Float64Array
  status: Uint8Array
  /** centred + scaled covariates, row-major */
  z: Float64Array
  ties: Ties
  // scratch
  u: Float64Array
  imat: Float64Array
  s1: Float64Array
  s2: Float64Array
  d1: Float64Array
  d2: Float64Array
  a: Float64Array
}

/** Partial log-likelihood, score u and information imat at beta (scaled coordinates). */
function evaluate(w: Work, beta: Float64Array): number {
  const { n, p, order, groupEnd, groupDeaths, stratumStart, status, z, u, imat, s1, s2, d1, d2, a } = w
  const efron = w.ties === 'efron'
  u.fill(0)
  imat.fill(0)
  s1.fill(0)
  s2.fill(0)
  let s0 = 0
  let loglik = 0
  let k = 0
  while (k < n) {
    if (stratumStart[k]) {
      s0 = 0
      s1.fill(0)
      s2.fill(0)
    }
    const end = groupEnd[k]
    const dead = groupDeaths[k]
    // Efron needs the deaths' own sums only when a time has several deaths
    const needD = efron && dead > 1
    let d0 = 0
    if (needD) {
      d1.fill(0)
      d2.fill(0)
    }
    // add the whole tie group to the risk set; accumulate its deaths
    for (let m = k; m < end; m++) {
      const i = order[m]
      const zi = i * p
      let eta = 0
      for (let j = 0; j < p; j++) eta += beta[j] * z[zi + j]
      const r = Math.exp(eta)
      s0 += r
      addWeighted(r, z, zi, p, s1, s2)
      if (status[i] === 1) {
        loglik += eta
        for (let j = 0; j < p; j++) u[j] += z[zi + j]
        if (needD) {
          d0 += r
          addWeighted(r, z, zi, p, d1, d2)
        }
      }
    }
    if (dead > 0) {
      if (!needD) {
        loglik -= dead * Math.log(s0)
        for (let j = 0; j < p; j++) {
          a[j] = s1[j] / s0
          u[j] -= dead * a[j]
        }
        for (let j = 0; j < p; j++) {
          const row = j * p
          for (let l = 0; l <= j; l++) imat[row + l] += dead * (s2[row + l] / s0 - a[j] * a[l])
        }
      } else {
        for (let q = 0; q < dead; q++) {
          const f = q / dead
          const denom = s0 - f * d0
          loglik -= Math.log(denom)
          for (let j = 0; j < p; j++) {
            a[j] = (s1[j] - f * d1[j]) / denom
            u[j] -= a[j]
          }
          for (let j = 0; j < p; j++) {
            const row = j * p
            for (let l = 0; l <= j; l++) imat[row + l] += (s2[row + l] - f * d2[row + l]) / denom - a[j] * a[l]
          }
        }
      }
    }
    k = end
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) imat[l * p + j] = imat[j * p + l]
  return loglik
}

/** Fit a Cox model to a time/status/design triple (coxph.fit). */
export function coxFitCore(time: Float64Array, status: Uint8Array, x: Float64Array, p: number, opts: CoxOptions = {}): CoxFitCore {
  const n = time.length
  const ties = opts.ties ?? 'efron'
  const maxIter = opts.maxIter ?? 20
  const eps = opts.eps ?? 1e-9
  const toler = opts.tolerChol ?? Math.pow(2.220446049250313e-16, 0.75)
  const warnings: string[] = []
  // centre and scale (coxfit6: scale = 1 / mean |x − mean|)
  const means = new Float64Array(p)
  const scale = new Float64Array(p).fill(1)
  const z = new Float64Array(n * p)
  for (let j = 0; j < p; j++) {
    let s = 0
    for (let i = 0; i < n; i++) s += x[i * p + j]
    const m = s / n
    means[j] = m
    let sa = 0, big = 0
    for (let i = 0; i < n; i++) {
      sa += Math.abs(x[i * p + j] - m)
      big = Math.max(big, Math.abs(x[i * p + j]))
    }
    // constant up to rounding (spread ≤ 1e-10 of the column's magnitude, e.g. 1e6 + 1e-9):
    // treated as constant, so aliased (coefficient NA with the warning) — R would rescale
    // the rounding noise to unit spread and report a coefficient of ~1e8
    const constant = !(sa / n > 1e-10 * big)
    const sc = constant ? 1 : n / sa
    scale[j] = sc
    for (let i = 0; i < n; i++) z[i * p + j] = constant ? 0 : (x[i * p + j] - m) * sc
  }
  // decreasing time (within strata); a tie group is processed as a whole, so the order
  // inside it is free
  const strata = opts.strata
  let order = orderDecreasing(time)
  if (strata) {
    const rankInTime = new Int32Array(n)
    for (let k = 0; k < n; k++) rankInTime[order[k]] = k
    order = Int32Array.from(order).sort((i, j) => strata[i] - strata[j] || rankInTime[i] - rankInTime[j])
  }
  const groupEnd = new Int32Array(n)
  const groupDeaths = new Int32Array(n)
  const stratumStart = new Uint8Array(n)
  const sameStratum = (i: number, j: number) => !strata || strata[i] === strata[j]
  for (let k = 0; k < n; ) {
    if (k === 0 || !sameStratum(order[k], order[k - 1])) stratumStart[k] = 1
    let e = k + 1
    while (e < n && time[order[e]] === time[order[k]] && sameStratum(order[e], order[k])) e++
    let d = 0
    for (let m = k; m < e; m++) d += status[order[m]]
    for (let m = k; m < e; m++) {
      groupEnd[m] = e
      groupDeaths[m] = d
    }
    k = e
  }
  const w: Work = {
    n, p, order, groupEnd, groupDeaths, stratumStart, time, status, z, ties,
    u: new Float64Array(p), imat: new Float64Array(p * p), s1: new Float64Array(p), s2: new Float64Array(p * p),
    d1: new Float64Array(p), d2: new Float64Array(p * p), a: new Float64Array(p),
  }
  const beta = new Float64Array(p)
  if (opts.init) for (let j = 0; j < p; j++) beta[j] = opts.init[j] / scale[j]
  let loglik = evaluate(w, beta)
  const loglik0 = loglik
  let deaths = 0
  for (let i = 0; i < n; i++) deaths += status[i]
  // maximum |β| (scaled coordinates), as coxfit6: 20 · sqrt(imat_jj / deaths) at init
  const maxBeta = new Float64Array(p)
  for (let j = 0; j < p; j++) maxBeta[j] = 20 * Math.sqrt(w.imat[j * p + j] / Math.max(1, deaths))
  // score test at init
  let rank = cholesky2(w.imat, p, toler)
  const ua = Float64Array.from(w.u)
  chsolve2(w.imat, p, ua)
  let score = 0
  for (let j = 0; j < p; j++) score += w.u[j] * ua[j]
  const newBeta = new Float64Array(p)
  for (let j = 0; j < p; j++) newBeta[j] = beta[j] + ua[j]
  if (maxIter === 0) {
    newBeta.set(beta)
  }
  let halving = false
  let converged = false
  let iter = 0
  let newlk = loglik
  for (iter = 1; iter <= maxIter; iter++) {
    newlk = evaluate(w, newBeta)
    const finite = Number.isFinite(newlk)
    rank = cholesky2(w.imat, p, toler)
    if (finite && Math.abs(1 - loglik / newlk) <= eps && !halving) {
      converged = true
      break
    }
    if (iter === maxIter) break
    if (!finite || newlk < loglik) {
      halving = true
      for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j] + beta[j]) / 2
    } else {
      halving = false
      loglik = newlk
      const step = Float64Array.from(w.u)
      chsolve2(w.imat, p, step)
      for (let j = 0; j < p; j++) {
        beta[j] = newBeta[j]
        newBeta[j] = newBeta[j] + step[j]
        if (newBeta[j] > maxBeta[j]) newBeta[j] = maxBeta[j]
        else if (newBeta[j] < -maxBeta[j]) newBeta[j] = -maxBeta[j]
      }
    }
  }
  if (maxIter === 0) iter = 0
  // aliased columns: zero pivots of the final information matrix (coxph.fit's which.sing)
  const aliased: boolean[] = []
  for (let j = 0; j < p; j++) aliased.push(rank < p && w.imat[j * p + j] === 0)
  const inv = chinv2(w.imat, p)
  const coef = new Float64Array(p)
  const variance = new Float64Array(p * p)
  const u = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    coef[j] = newBeta[j] * scale[j]
    u[j] = w.u[j] / scale[j]
    for (let l = 0; l < p; l++) variance[j * p + l] = inv[j * p + l] * scale[j] * scale[l]
  }
  if (!converged && maxIter > 0) warnings.push(`Ran out of iterations (${maxIter}) and did not converge`)
  // monotone likelihood check, as coxph.fit: |u · var| large relative to |β|
  const infs: number[] = []
  for (let j = 0; j < p; j++) {
    let s = 0
    for (let l = 0; l < p; l++) s += u[l] * variance[l * p + j]
    const v = Math.abs(s)
    if (v > eps && v > Math.sqrt(eps) * Math.abs(coef[j])) infs.push(j)
  }
  if (infs.length) warnings.push(`Loglik converged before variable ${infs.map((j) => j + 1).join(',')}; coefficient may be infinite (monotone likelihood)`)
  for (let j = 0; j < p; j++) if (aliased[j]) coef[j] = 0
  return { coef, var: variance, loglik: [loglik0, converged ? newlk : newlk], score, iter, converged, u, means, rank, aliased, warnings }
}

export interface CoxTerm {
  term: string
  coef: number
  se: number
  hr: number
  lower: number
  upper: number
  z: number
  p: number
}

export interface CoxTest {
  stat: number
  df: number
  p: number
}

/** The user-facing result: the contract of the `cox` CLI command. */
export interface CoxModel {
  n: number
  events: number
  /** rows dropped for missing values */
  deleted: number
  ties: Ties
  /** strata labels when the model is stratified (coxph's strata()) */
  strata?: string[]
  /** [null model, final model] */
  loglik: [number, number]
  terms: CoxTerm[]
  lrt: CoxTest
  wald: CoxTest
  score: CoxTest
  concordance: number
  aic: number
  iter: number
  converged: boolean
  warnings: string[]
  /** the fitted frame's column names, coefficient vector and variance, for prediction */
  fit: { columns: string[]; coef: number[]; var: number[]; means: number[] }
}

/** Fit a Cox model on a model frame and summarise it as R's summary(coxph). */
export function coxph(frame: ModelFrame, opts: CoxOptions = {}): CoxModel {
  const { time, status, x, n, p } = frame
  const ties = opts.ties ?? 'efron'
  const fitOpts: CoxOptions = frame.strata ? { ...opts, strata: frame.strata } : opts
  const strata = frame.strataLevels ? { strata: frame.strataLevels } : {}
  let events = 0
  for (let i = 0; i < n; i++) events += status[i]
  if (events === 0) throw new InputError(`not estimable: no events among the ${n} complete rows; a Cox model needs at least one event`)
  if (p === 0) {
    const f = coxFitCore(time, status, x, 0, fitOpts)
    return {
      n, events, deleted: frame.deleted, ties, ...strata, loglik: [f.loglik[0], f.loglik[0]], terms: [],
      lrt: { stat: 0, df: 0, p: 1 }, wald: { stat: 0, df: 0, p: 1 }, score: { stat: 0, df: 0, p: 1 },
      concordance: 0.5, aic: -2 * f.loglik[0], iter: 0, converged: true, warnings: [...(frame.warnings ?? [])], fit: { columns: [], coef: [], var: [], means: [] },
    }
  }
  const f = coxFitCore(time, status, x, p, fitOpts)
  const warnings = [...(frame.warnings ?? []), ...f.warnings]
  const aliasedNames = frame.columnNames.filter((_, j) => f.aliased[j])
  if (aliasedNames.length)
    warnings.push(
      `X matrix deemed to be singular; variable ${f.aliased.flatMap((a, j) => (a ? [j + 1] : [])).join(' ')} (${aliasedNames.join(', ')}): ` +
        'coefficient NA (constant, or collinear with the other covariates); drop or recode it',
    )
  const z975 = qnorm(0.975)
  const terms: CoxTerm[] = []
  for (let j = 0; j < p; j++) {
    if (f.aliased[j]) {
      terms.push({ term: frame.columnNames[j], coef: NaN, se: NaN, hr: NaN, lower: NaN, upper: NaN, z: NaN, p: NaN })
      continue
    }
    const coef = f.coef[j]
    const se = Math.sqrt(f.var[j * p + j])
    const zz = coef / se
    terms.push({
      term: frame.columnNames[j], coef, se, hr: Math.exp(coef),
      lower: Math.exp(coef - z975 * se), upper: Math.exp(coef + z975 * se),
      z: zz, p: 2 * pnorm(-Math.abs(zz)),
    })
  }
  // Wald test βᵀ I β via the generalised inverse of var
  const m = Float64Array.from(f.var)
  const df = cholesky2(m, p, 1e-9)
  const b = Float64Array.from(f.coef)
  chsolve2(m, p, b)
  let wald = 0
  for (let j = 0; j < p; j++) wald += f.coef[j] * b[j]
  const lrtStat = 2 * (f.loglik[1] - f.loglik[0])
  const lp = linearPredictor(x, n, p, f.coef)
  const c = concordanceWithin(time, status, lp, frame.strata).concordance
  // extractAIC.coxph: edf = number of non-NA coefficients
  const edf = f.aliased.filter((a) => !a).length
  return {
    n, events, deleted: frame.deleted, ties, ...strata,
    loglik: [f.loglik[0], f.loglik[1]],
    terms,
    lrt: { stat: lrtStat, df, p: pchisq(lrtStat, df, false) },
    wald: { stat: wald, df, p: pchisq(wald, df, false) },
    score: { stat: f.score, df, p: pchisq(f.score, df, false) },
    concordance: c,
    aic: -2 * f.loglik[1] + 2 * edf,
    iter: f.iter, converged: f.converged, warnings,
    fit: { columns: frame.columnNames, coef: Array.from(f.coef), var: Array.from(f.var), means: reportedMeans(x, n, p) },
  }
}

/**
 * Centring used for predictions, as coxph's default nocenter = c(-1, 0, 1): columns whose
 * values are all in {−1, 0, 1} (indicators) are not centred, others by their mean.
 */
export function reportedMeans(x: ArrayLike<number>, n: number, p: number): number[] {
  const out: number[] = []
  for (let j = 0; j < p; j++) {
    let s = 0
    let indicator = true
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j]
      s += v
      if (v !== 0 && v !== 1 && v !== -1) indicator = false
    }
    out.push(indicator ? 0 : s / n)
  }
  return out
}

/** Linear predictor Xβ (uncentred) for a row-major design. */
export function linearPredictor(x: ArrayLike<number>, n: number, p: number, coef: ArrayLike<number>): Float64Array<ArrayBuffer> {
  const lp = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < p; j++) s += x[i * p + j] * coef[j]
    lp[i] = s
  }
  return lp
}
