// Random variates for the demo cohort, all drawn from the seeded generator of
// src/core/random.ts so that a seed reproduces every number.
// - gamma: Marsaglia & Tsang, "A simple method for generating gamma variables",
//   ACM TOMS 26(3), 2000 (shape < 1 by the U^(1/a) boost).
// - Poisson: inversion by sequential search for λ < 10; PTRS transformed rejection
//   (Hörmann, "The transformed rejection method for generating Poisson random
//   variables", Insurance: Mathematics and Economics 12, 1993) above, as numpy does.
// - negative binomial as the gamma–Poisson mixture with mean μ and dispersion φ
//   (variance μ + φμ², the parameterisation of edgeR/DESeq2).

import type { Rng } from '../random.ts'

/** Gamma(shape, scale=1) variate. */
export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`)
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number, v: number
    do {
      x = rng.normal()
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = 1 - rng.next()
    if (u < 1 - 0.0331 * x * x * x * x) return d * v
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
  }
}

const LOG_FACTORIAL_TABLE = (() => {
  const t = new Float64Array(16)
  for (let k = 1; k < 16; k++) t[k] = t[k - 1] + Math.log(k)
  return t
})()

/** log(k!) (table below 16, Stirling series above, error < 1e-13). */
export function logFactorial(k: number): number {
  if (k < 16) return LOG_FACTORIAL_TABLE[k]
  const n = k + 1
  const inv = 1 / n, inv2 = inv * inv
  // lgamma(n) by Stirling's series
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
}

/** Poisson(λ) variate. */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0
  if (lambda < 10) {
    // inversion: walk the CDF
    let k = 0
    let p = Math.exp(-lambda)
    let s = p
    const u = rng.next()
    while (u > s && k < 1000) {
      k++
      p *= lambda / k
      s += p
    }
    return k
  }
  const slam = Math.sqrt(lambda)
  const loglam = Math.log(lambda)
  const b = 0.931 + 2.53 * slam
  const a = -0.059 + 0.02483 * b
  const invalpha = 1.1239 + 1.1328 / (b - 3.4)
  const vr = 0.9277 - 3.6224 / (b - 2)
  for (;;) {
    const u = rng.next() - 0.5
    const v = rng.next()
    const us = 0.5 - Math.abs(u)
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43)
    if (us >= 0.07 && v <= vr) return k
    if (k < 0 || (us < 0.013 && v > us)) continue
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k
  }
}

/** Negative-binomial count with mean `mean` and dispersion `phi` (gamma–Poisson mixture). */
export function negativeBinomial(rng: Rng, mean: number, phi: number): number {
  if (!(mean > 0)) return 0
  if (!(phi > 0)) return poisson(rng, mean)
  const shape = 1 / phi
  return poisson(rng, mean * phi * gamma(rng, shape))
}

/** Bernoulli(p) as 0/1. */
export function bernoulli(rng: Rng, p: number): 0 | 1 {
  return rng.next() < p ? 1 : 0
}

/** Uniform on [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next()
}

/** Index drawn with probability proportional to weights. */
export function categorical(rng: Rng, weights: readonly number[]): number {
  let total = 0
  for (const w of weights) total += w
  let u = rng.next() * total
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]
    if (u < 0) return i
  }
  return weights.length - 1
}

/** Standard logistic function. */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** x clamped to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

/** A random unit vector (uniform on the sphere). */
export function unitVector(rng: Rng): [number, number, number] {
  for (;;) {
    const x = rng.normal(), y = rng.normal(), z = rng.normal()
    const n = Math.hypot(x, y, z)
    if (n > 1e-9) return [x / n, y / n, z / n]
  }
}
