// Classical tests and distributions against base R (fixtures from make_fixtures.R):
// statistics within 1e-8, p-values within 1e-6 (Shapiro–Wilk 1e-5).
import { describe, it, expect } from 'vitest'
import { arr, expectAbs, expectRel, fixture } from './helpers.ts'
import { chisqTest } from '../../../src/core/stats/chisq.ts'
import { fisherTest } from '../../../src/core/stats/fisher.ts'
import { wilcoxonTest } from '../../../src/core/stats/wilcoxon.ts'
import { tTest } from '../../../src/core/stats/ttest.ts'
import { shapiroWilk } from '../../../src/core/stats/shapiro_wilk.ts'
import { kruskalTest } from '../../../src/core/stats/kruskal.ts'
import { friedmanTest } from '../../../src/core/stats/friedman.ts'
import { pAdjust } from '../../../src/core/math/p_adjust.ts'
import { pchisq, pf, pnorm, pt, qnorm } from '../../../src/core/math/distributions.ts'

const f = fixture('tests.json')

/** R matrices arrive column-major as arrays of rows? jsonlite writes a matrix as an array of rows. */
const rows = (m: number[][]): number[][] => m

describe('chi-square vs chisq.test', () => {
  for (const c of f.chisq) {
    it(c.name, () => {
      const r = chisqTest(rows(c.table), c.correct)
      expectRel(r.statistic, c.r.statistic, 1e-8, 'X²')
      expect(r.df).toBe(c.r.df)
      expectAbs(r.p, c.r.p, 1e-6, 'p')
    })
  }
  it('warns when an expected count is below 5', () => {
    expect(chisqTest([[3, 1], [1, 3]]).warnings.length).toBe(1)
    expect(chisqTest([[30, 10], [10, 30]]).warnings.length).toBe(0)
  })
})

describe('Fisher exact vs fisher.test', () => {
  for (const c of f.fisher) {
    it(c.name, () => expectAbs(fisherTest(rows(c.table)).p, c.p, 1e-6, 'p'))
  }
})

describe('Wilcoxon rank-sum vs wilcox.test', () => {
  for (const c of f.wilcoxon) {
    it(c.name, () => {
      const r = wilcoxonTest(arr(c.x), arr(c.y))
      expectRel(r.statistic, c.statistic, 1e-8, 'W')
      expectAbs(r.p, c.p, 1e-6, 'p')
    })
  }
  it('uses the exact distribution without ties for small n', () => {
    expect(wilcoxonTest([1, 2, 3], [4, 5, 6, 7]).exact).toBe(true)
    expect(wilcoxonTest([1, 2, 3], [3, 5, 6, 7]).exact).toBe(false)
  })
})

describe('t-tests vs t.test', () => {
  for (const c of f.ttest) {
    it(c.name, () => {
      const r = tTest(arr(c.x), arr(c.y), c.varEqual)
      expectRel(r.statistic, c.statistic, 1e-8, 't')
      expectRel(r.df, c.df, 1e-8, 'df')
      expectAbs(r.p, c.p, 1e-6, 'p')
      expectRel(r.lower, c.lower, 1e-8, 'CI lower')
      expectRel(r.upper, c.upper, 1e-8, 'CI upper')
    })
  }
})

describe('Shapiro–Wilk vs shapiro.test', () => {
  for (const c of f.shapiro) {
    it(c.name, () => {
      const r = shapiroWilk(arr<number | null>(c.x).map((v) => (v === null ? NaN : v)))
      expectRel(r.statistic, c.statistic, 1e-8, 'W')
      expectAbs(r.p, c.p, 1e-5, 'p')
    })
  }
})

describe('Kruskal–Wallis vs kruskal.test', () => {
  for (const c of f.kruskal) {
    it(c.name, () => {
      const r = kruskalTest(arr(c.x), arr(c.g))
      expectRel(r.statistic, c.statistic, 1e-8, 'H')
      expect(r.df).toBe(c.df)
      expectAbs(r.p, c.p, 1e-6, 'p')
    })
  }
})

describe('Friedman vs friedman.test', () => {
  for (const c of f.friedman) {
    it(c.name, () => {
      const r = friedmanTest(c.y)
      expectRel(r.statistic, c.r.statistic, 1e-8, 'statistic')
      expect(r.df).toBe(c.r.df)
      expectAbs(r.p, c.r.p, 1e-6, 'p')
    })
  }
})

describe('p.adjust', () => {
  for (const m of ['BH', 'bonferroni', 'holm'] as const) {
    it(m, () => {
      const r = pAdjust(f.padjust.p, m)
      f.padjust[m].forEach((v: number, i: number) => expectAbs(r[i], v, 1e-12, `${m}[${i}]`))
    })
  }
})

describe('distributions vs R', () => {
  it('pnorm (relative 1e-10, tails included)', () => {
    for (const c of f.distributions.pnorm) expectRel(pnorm(c.x), c.p, 1e-10, `pnorm(${c.x})`)
  })
  it('qnorm', () => {
    for (const c of f.distributions.qnorm) expectRel(qnorm(c.p), c.q, 1e-10, `qnorm(${c.p})`)
  })
  it('pt', () => {
    for (const c of f.distributions.pt) expectRel(pt(c.t, c.df), c.p, 1e-9, `pt(${c.t}, ${c.df})`)
  })
  it('pchisq upper tail', () => {
    for (const c of f.distributions.pchisq) expectRel(pchisq(c.x, c.df, false), c.upper, 1e-9, `pchisq(${c.x}, ${c.df})`)
  })
  it('pf upper tail', () => {
    for (const c of f.distributions.pf) expectRel(pf(c.f, c.df1, c.df2, false), c.upper, 1e-9, `pf(${c.f})`)
  })
})
