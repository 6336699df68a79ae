// The random variates behind the demo cohort match their distributions' moments
// (gamma: mean a, variance a; Poisson: mean = variance = λ; negative binomial:
// mean μ, variance μ + φμ²) and log-factorial matches the exact sum.
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/core/random.ts'
import { gamma, logFactorial, negativeBinomial, poisson } from '../../../src/core/demo/sampling.ts'

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0, s2 = 0
  for (let i = 0; i < n; i++) {
    const x = draw()
    s += x
    s2 += x * x
  }
  const mean = s / n
  return { mean, variance: (s2 - n * mean * mean) / (n - 1) }
}

describe('demo sampling', () => {
  it('logFactorial equals the sum of logs', () => {
    let exact = 0
    for (let k = 1; k <= 300; k++) {
      exact += Math.log(k)
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9 * Math.max(1, exact))
    }
    expect(logFactorial(0)).toBe(0)
  })

  it.each([0.3, 1, 2.5, 12])('gamma(%s) has mean and variance equal to the shape', (a) => {
    const rng = createRng(11)
    const m = moments(() => gamma(rng, a), 200_000)
    expect(m.mean).toBeCloseTo(a, 1)
    expect(Math.abs(m.mean - a)).toBeLessThan(5 * Math.sqrt(a / 200_000))
    expect(Math.abs(m.variance / a - 1)).toBeLessThan(0.03)
  })

  it.each([0.5, 4, 9.5, 10, 37, 2500, 3e6])('Poisson(%s) has mean = variance = λ', (lambda) => {
    const rng = createRng(5)
    const n = 200_000
    const m = moments(() => poisson(rng, lambda), n)
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n))
    expect(Math.abs(m.variance / lambda - 1)).toBeLessThan(0.03)
  })

  it('Poisson(4) frequencies match the probability mass function', () => {
    const rng = createRng(9)
    const n = 200_000
    const freq = new Float64Array(20)
    for (let i = 0; i < n; i++) freq[Math.min(19, poisson(rng, 4))]++
    for (let k = 0; k < 10; k++) {
      const p = Math.exp(-4 + k * Math.log(4) - logFactorial(k))
      expect(Math.abs(freq[k] / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n))
    }
  })

  it.each([
    [50, 0.1],
    [2000, 0.15],
    [3, 0.5],
  ])('negative binomial (μ %s, φ %s) has variance μ + φμ²', (mu, phi) => {
    const rng = createRng(3)
    const m = moments(() => negativeBinomial(rng, mu, phi), 200_000)
    const v = mu + phi * mu * mu
    expect(Math.abs(m.mean - mu)).toBeLessThan(5 * Math.sqrt(v / 200_000))
    expect(Math.abs(m.variance / v - 1)).toBeLessThan(0.05)
  })
})
