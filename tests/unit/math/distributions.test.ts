// src/core/math special functions and distributions against R's nmath
// (tests/fixtures/math/make_fixtures.R → distributions.json, printed with 17 significant digits).
// Bounds are ~2× the largest relative error measured on the grid (digamma family: the recurrence
// near x = 0.1; Student t: the continued fraction at df = 400), all far inside the 1e-6 the
// R parity tests of the engines require.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { digamma, logGamma, tetragamma, trigamma } from '../../../src/core/math/special.ts'
import { pchisq, pf, phyper, pnorm, pt, ptTwoSided, qnorm, qt } from '../../../src/core/math/distributions.ts'

const R = JSON.parse(readFileSync(new URL('../../fixtures/math/distributions.json', import.meta.url), 'utf8'))

/** Largest relative error (absolute below 1e-300, where both sides underflow alike). */
function maxRel(ours: number[], ref: number[]): number {
  let m = 0
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(ours[i] - ref[i])
    const s = Math.abs(ref[i])
    m = Math.max(m, s < 1e-300 ? d : d / s)
  }
  return m
}

const map = <T,>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))

describe('special functions as R', () => {
  it('lgamma, digamma, trigamma, psigamma(·, 2)', () => {
    const x: number[] = R.x
    expect(maxRel(x.map(logGamma), R.lgamma)).toBeLessThan(1e-14)
    expect(maxRel(x.map(digamma), R.digamma)).toBeLessThan(5e-13)
    expect(maxRel(x.map(trigamma), R.trigamma)).toBeLessThan(5e-13)
    expect(maxRel(x.map(tetragamma), R.tetragamma)).toBeLessThan(5e-13)
  })
})

describe('distributions as R', () => {
  it('pnorm both tails (to z = ±38) and qnorm', () => {
    const z: number[] = R.z
    expect(maxRel(z.map((v) => pnorm(v)), R.pnorm)).toBeLessThan(5e-14)
    expect(maxRel(z.map((v) => pnorm(v, false)), R.pnormUpper)).toBeLessThan(5e-14)
    expect(maxRel((R.p as number[]).map(qnorm), R.qnorm)).toBeLessThan(1e-14)
  })
  it('pt both tails, two-sided, and qt', () => {
    const { t, df, lower, upper } = R.pt
    const n = t.length
    expect(maxRel(map(n, (i) => pt(t[i], df[i])), lower)).toBeLessThan(3e-13)
    expect(maxRel(map(n, (i) => pt(t[i], df[i], false)), upper)).toBeLessThan(3e-13)
    expect(maxRel(map(n, (i) => ptTwoSided(t[i], df[i])), map(n, (i) => 2 * Math.min(lower[i], upper[i])))).toBeLessThan(3e-13)
    const q = R.qt
    expect(maxRel(map(q.p.length, (i) => qt(q.p[i], q.df[i])), q.q)).toBeLessThan(1e-13)
  })
  it('pchisq and pf both tails', () => {
    const c = R.pchisq
    expect(maxRel(map(c.x.length, (i) => pchisq(c.x[i], c.df[i])), c.lower)).toBeLessThan(1e-13)
    expect(maxRel(map(c.x.length, (i) => pchisq(c.x[i], c.df[i], false)), c.upper)).toBeLessThan(1e-13)
    const f = R.pf
    expect(maxRel(map(f.f.length, (i) => pf(f.f[i], f.df1[i], f.df2[i])), f.lower)).toBeLessThan(1e-13)
    expect(maxRel(map(f.f.length, (i) => pf(f.f[i], f.df1[i], f.df2[i], false)), f.upper)).toBeLessThan(1e-13)
  })
  it('phyper both tails', () => {
    const h = R.phyper
    expect(maxRel(map(h.q.length, (i) => phyper(h.q[i], h.m[i], h.n[i], h.k[i])), h.lower)).toBeLessThan(1e-13)
    expect(maxRel(map(h.q.length, (i) => phyper(h.q[i], h.m[i], h.n[i], h.k[i], false)), h.upper)).toBeLessThan(1e-13)
  })
})
