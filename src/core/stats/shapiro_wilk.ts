// Shapiro–Wilk normality test, as R's shapiro.test(): a port of R's swilk.c, Royston's
// algorithm AS R94 (Royston 1995, Applied Statistics 44:547–551) — coefficients from
// normal scores with Royston's polynomial corrections, W as a squared correlation, and a
// normalising transformation of 1 − W for the p-value. 3 ≤ n ≤ 5000.

import { pnorm, qnorm } from '../math/distributions.ts'
import { InputError } from '../errors.ts'

export interface ShapiroResult {
  statistic: number
  p: number
  n: number
}

function poly(cc: number[], x: number): number {
  const nord = cc.length
  let ret = cc[0]
  if (nord > 1) {
    let p = x * cc[nord - 1]
    for (let j = nord - 2; j > 0; j--) p = (p + cc[j]) * x
    ret += p
  }
  return ret
}

const SMALL = 1e-19
const G = [-2.273, 0.459]
const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056]
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633]
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4]
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322]
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915]
const C6 = [-0.4803, -0.082676, 0.0030302]

/** Shapiro–Wilk W and p-value (missing values dropped). */
export function shapiroWilk(values: ArrayLike<number>): ShapiroResult {
  let x = Array.from(values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
  const n = x.length
  if (n < 3 || n > 5000) throw new InputError(`Shapiro–Wilk needs between 3 and 5000 values, got ${n}`)
  const rng = x[n - 1] - x[0]
  if (rng === 0) throw new InputError('all values are identical; Shapiro–Wilk is undefined')
  if (rng < 1e-10) x = x.map((v) => v / rng)
  const nn2 = Math.floor(n / 2)
  const a = new Float64Array(nn2 + 1) // 1-based
  const an = n
  if (n === 3) a[1] = Math.SQRT1_2
  else {
    const an25 = an + 0.25
    let summ2 = 0
    for (let i = 1; i <= nn2; i++) {
      a[i] = qnorm((i - 0.375) / an25)
      summ2 += a[i] * a[i]
    }
    summ2 *= 2
    const ssumm2 = Math.sqrt(summ2)
    const rsn = 1 / Math.sqrt(an)
    const a1 = poly(C1, rsn) - a[1] / ssumm2
    let i1: number
    let fac: number
    if (n > 5) {
      i1 = 3
      const a2 = -a[2] / ssumm2 + poly(C2, rsn)
      fac = Math.sqrt((summ2 - 2 * (a[1] * a[1]) - 2 * (a[2] * a[2])) / (1 - 2 * (a1 * a1) - 2 * (a2 * a2)))
      a[2] = a2
    } else {
      i1 = 2
      fac = Math.sqrt((summ2 - 2 * (a[1] * a[1])) / (1 - 2 * (a1 * a1)))
    }
    a[1] = a1
    for (let i = i1; i <= nn2; i++) a[i] /= -fac
  }
  const range = x[n - 1] - x[0]
  let xx = x[0] / range
  let sx = xx
  let sa = -a[1]
  for (let i = 1, j = n - 1; i < n; j--) {
    const xi = x[i] / range
    sx += xi
    i++
    if (i !== j) sa += Math.sign(i - j) * a[Math.min(i, j)]
    xx = xi
  }
  sa /= n
  sx /= n
  let ssa = 0
  let ssx = 0
  let sax = 0
  for (let i = 0, j = n - 1; i < n; i++, j--) {
    const asa = i !== j ? Math.sign(i - j) * a[1 + Math.min(i, j)] - sa : -sa
    const xsx = x[i] / range - sx
    ssa += asa * asa
    ssx += xsx * xsx
    sax += asa * xsx
  }
  const ssassx = Math.sqrt(ssa * ssx)
  const w1 = ((ssassx - sax) * (ssassx + sax)) / (ssa * ssx)
  const w = 1 - w1
  if (n === 3) {
    const pi6 = 1.90985931710274
    const stqr = 1.0471975511966
    return { statistic: w, p: Math.max(0, pi6 * (Math.asin(Math.sqrt(w)) - stqr)), n }
  }
  let y = Math.log(w1)
  const lxx = Math.log(an)
  let m: number
  let s: number
  if (n <= 11) {
    const gamma = poly(G, an)
    if (y >= gamma) return { statistic: w, p: 1e-99, n }
    y = -Math.log(gamma - y)
    m = poly(C3, an)
    s = Math.exp(poly(C4, an))
  } else {
    m = poly(C5, lxx)
    s = Math.exp(poly(C6, lxx))
  }
  return { statistic: w, p: pnorm((y - m) / s, false), n }
}
