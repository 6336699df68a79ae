// Negative-binomial distribution in the (size, mu) parametrisation, as R's nmath
// (pnbinom_mu, qnbinom_mu of R 4.2): the CDF is the regularised incomplete beta
// I_{size/(size+mu)}(size, x + 1); the quantile is the smallest integer y with
// P(Y ≤ y) ≥ p·(1 + 8ε) (R's left-continuity fuzz), found from the Cornish–Fisher start
// by bracketing and bisection (the same integer as R's stepwise search, the CDF being monotone).

import { incompleteBeta } from '../math/special.ts'
import { qnorm } from '../math/distributions.ts'

/** P(Y ≤ x) for Y ~ NB(size, mu) (R pnbinom(x, size = size, mu = mu)). */
export function pnbinomMu(x: number, size: number, mu: number): number {
  if (x < 0) return 0
  if (mu === 0) return 1
  const xf = Math.floor(x + 1e-7)
  return incompleteBeta(size / (size + mu), size, xf + 1).lower
}

/** The p-quantile of NB(size, mu) (R qnbinom(p, size = size, mu = mu)). */
export function qnbinomMu(p: number, size: number, mu: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN
  if (mu === 0 || p === 0) return 0
  if (p === 1) return Infinity
  const prob = size / (size + mu)
  const Q = 1 / prob
  const P = (1 - prob) * Q
  const m = size * P
  const sigma = Math.sqrt(size * P * Q)
  const gamma = (Q + P) / sigma
  const z = qnorm(p)
  let y = Math.round(m + sigma * (z + (gamma * (z * z - 1)) / 6))
  if (!(y >= 0)) y = 0
  const target = p * (1 + 8 * 2.220446049250313e-16)
  const ok = (k: number) => pnbinomMu(k, size, mu) >= target
  // bracket lo < answer ≤ hi, lo = -1 meaning "below 0"
  let lo: number, hi: number
  if (ok(y)) {
    hi = y
    let step = 1
    lo = y - step
    while (lo >= 0 && ok(lo)) {
      hi = lo
      step *= 2
      lo = hi - step
    }
    if (lo < -1) lo = -1
  } else {
    lo = y
    let step = 1
    hi = y + step
    while (!ok(hi)) {
      lo = hi
      step *= 2
      hi = lo + step
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (mid >= 0 && ok(mid)) hi = mid
    else lo = mid
  }
  return hi
}
