// Table builders and the study's test chooser: each reported p equals the chosen base
// test's p (whose R parity tests.test.ts checks), and the choice follows the rules.
import { describe, it, expect } from 'vitest'
import { SURVIVAL, dataset, expectAbs, fixture } from './helpers.ts'
import { compareTwoGroups } from '../../../src/core/stats/choose_test.ts'
import { associationTable } from '../../../src/core/stats/association.ts'
import { table1 } from '../../../src/core/stats/table1.ts'
import { shapiroWilk } from '../../../src/core/stats/shapiro_wilk.ts'
import { tTest } from '../../../src/core/stats/ttest.ts'
import { wilcoxonTest } from '../../../src/core/stats/wilcoxon.ts'
import { chisqTest, crossTable } from '../../../src/core/stats/chisq.ts'
import { numericColumn, stringColumn } from '../../../src/core/table/table.ts'

describe('t-test vs Mann–Whitney by Shapiro–Wilk', () => {
  it('chooses the t-test for normal-looking groups and Mann–Whitney otherwise', () => {
    const a = [4.1, 5.2, 4.8, 5.0, 4.6, 5.5, 4.9, 5.1, 4.4, 5.3]
    const b = [5.9, 6.1, 5.4, 6.6, 6.0, 5.7, 6.3, 5.8, 6.2, 6.4]
    const r = compareTwoGroups(a, b)
    expect(r.shapiroP[0]! > 0.05 && r.shapiroP[1]! > 0.05).toBe(true)
    expect(r.test).toBe('ttest')
    expect(r.p).toBe(tTest(a, b, true).p)
    const skew = [1, 1.1, 1.2, 1.1, 1.3, 1.2, 9, 15, 1.0, 1.15]
    const r2 = compareTwoGroups(skew, b)
    expect(shapiroWilk(skew).p).toBeLessThan(0.05)
    expect(r2.test).toBe('wilcoxon')
    expect(r2.p).toBe(wilcoxonTest(skew, b).p)
  })
  it.skipIf(!SURVIVAL)('reproduces R for lung age by sex (R: Shapiro p per group, then the chosen test)', () => {
    const f = fixture('tests.json')
    const t = dataset('lung')
    const age = numericColumn(t, 'age')
    const sex = stringColumn(t, 'sex')
    const m = [...age].filter((_, i) => sex[i] === 'male')
    const w = [...age].filter((_, i) => sex[i] === 'female')
    const r = compareTwoGroups(m, w)
    const ref = r.test === 'ttest' ? f.ttest.find((c: { name: string }) => c.name === 'lung_age_student') : f.wilcoxon.find((c: { name: string }) => c.name === 'lung_age_sex')
    expectAbs(r.p, ref.p, 1e-6, 'p')
  })
})

describe.skipIf(!SURVIVAL)('association and Table 1', () => {
  const t = SURVIVAL ? dataset('lung') : (null as never)
  it('association table picks the test per variable and adjusts by BH', () => {
    const rows = associationTable(t, 'sex', ['age', 'ph.ecog', 'wt.loss', 'inst'])
    expect(rows.map((r) => r.kind)).toEqual(['continuous', 'categorical', 'continuous', 'continuous'])
    const ecog = rows[1]
    const keep = [...t.rows.keys()].filter((i) => t.rows[i][5] !== 'NA' && t.rows[i][5] !== '')
    const ct = crossTable(keep.map((i) => t.rows[i][5]), keep.map((i) => t.rows[i][4]))
    const chi = chisqTest(ct.counts)
    expect(ecog.test).toBe(chi.warnings.length ? 'fisher' : 'chisq')
    for (const r of rows) expect(r.pAdjusted! >= r.p!).toBe(true)
  })
  it('Table 1 summarises overall and per group', () => {
    const tb = table1(t, ['age', 'sex', 'ph.ecog'], 'sex')
    expect(tb.groups).toEqual(['female', 'male'])
    expect(tb.counts.female + tb.counts.male).toBe(228)
    const age = tb.rows[0].summaries.all as { mean: number; n: number; text: string }
    const ages = [...numericColumn(t, 'age')]
    expect(age.n).toBe(228)
    expect(age.mean).toBeCloseTo(ages.reduce((a, b) => a + b, 0) / 228, 12)
    expect(age.text).toMatch(/±/)
    const sex = tb.rows[1].summaries.all as { level: string; count: number }[]
    expect(sex.map((l) => l.count)).toEqual([90, 138])
  })
})
