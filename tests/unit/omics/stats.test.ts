// Per-gene t-tests (R t.test), ComBat (sva), hypergeometric ORA (R phyper) against R 4.2.
import { describe, expect, it } from 'vitest'
import { geneTTests } from '../../../src/core/omics/ttest_genes.ts'
import { combat } from '../../../src/core/omics/combat.ts'
import { phyper, pt, ptTwoSided } from '../../../src/core/math/distributions.ts'
import { overRepresentation } from '../../../src/core/omics/enrichment.ts'
import { parseGmt } from '../../../src/core/omics/gmt.ts'
import { pAdjust } from '../../../src/core/math/p_adjust.ts'
const adjustBH = (p: ArrayLike<number>) => pAdjust(p, 'BH')
import { sampleAnnotation } from '../../../src/core/omics/counts.ts'
import { col, matrix, maxAbsDiff, readText, samples, strCol, table } from './fixtures.ts'
import { readFileSync } from 'node:fs'
import { HALLMARK_GMT, haveData } from '../shared_data.ts'

const S = samples()
const E = matrix('voom_E.csv.gz')
const group = sampleAnnotation(S, 'group', E.samples)
const batch = sampleAnnotation(S, 'batch', E.samples)

describe('per-gene t-tests (R t.test)', () => {
  for (const [welch, file] of [[false, 'ttest_student.csv'], [true, 'ttest_welch.csv']] as const) {
    it(`${welch ? 'Welch' : 'Student'}: logFC, t, df, p, BH within 1e-8`, () => {
      const r = geneTTests(E.data, E.genes, group, 'A', 'B', { welch })
      const ref = table(file)
      expect(r.map((x) => x.gene)).toEqual(strCol(ref, 'gene'))
      expect(maxAbsDiff(r.map((x) => x.logFC), col(ref, 'logFC'))).toBeLessThan(1e-8)
      expect(maxAbsDiff(r.map((x) => x.t), col(ref, 't'))).toBeLessThan(1e-8)
      expect(maxAbsDiff(r.map((x) => x.df), col(ref, 'df'))).toBeLessThan(1e-8)
      expect(maxAbsDiff(r.map((x) => x.p), col(ref, 'p'))).toBeLessThan(1e-8)
      expect(maxAbsDiff(r.map((x) => x.adjP), col(ref, 'adjP'))).toBeLessThan(1e-8)
      // relative accuracy of small p-values too
      const pr = col(ref, 'p')
      r.forEach((x, i) => expect(Math.abs(x.p - pr[i]) / pr[i]).toBeLessThan(1e-8))
    })
  }
  it('flags |FC| ≥ 2 and adjusted p < 0.05', () => {
    const r = geneTTests(E.data, E.genes, group, 'A', 'B')
    for (const x of r) expect(x.significant).toBe(Math.abs(x.logFC) >= 1 && x.adjP < 0.05)
    expect(r.filter((x) => x.direction === 'up').length).toBeGreaterThan(10)
    expect(r.filter((x) => x.direction === 'down').length).toBeGreaterThan(10)
  })
  it('pt matches known values', () => {
    expect(pt(2.5, 10)).toBeCloseTo(0.9842766, 7)
    expect(ptTwoSided(-3, 4.5)).toBeCloseTo(2 * pt(-3, 4.5), 14)
  })
})

describe('ComBat (sva 3.46)', () => {
  const X = matrix('combat_in.csv.gz')
  const G = X.genes.length
  it('parametric, no covariates: within 1e-4', () => {
    const ref = matrix('combat_par.csv.gz')
    const r = combat(X.data, G, batch)
    expect(maxAbsDiff(r.data, ref.data)).toBeLessThan(1e-4)
  })
  it('parametric, protecting group: within 1e-4', () => {
    const ref = matrix('combat_par_cov.csv.gz')
    const cov = Float64Array.from(group, (g) => (g === 'B' ? 1 : 0))
    const r = combat(X.data, G, batch, { covariates: { columns: ['groupB'], data: cov } })
    expect(maxAbsDiff(r.data, ref.data)).toBeLessThan(1e-4)
  })
  it('non-parametric: within 1e-4', () => {
    const ref = matrix('combat_nonpar.csv.gz')
    const r = combat(X.data, G, batch, { parametric: false })
    expect(maxAbsDiff(r.data, ref.data)).toBeLessThan(1e-4)
  })
  it('rejects a covariate confounded with batch', () => {
    const cov = Float64Array.from(batch, (b) => (b === 'b2' ? 1 : 0))
    expect(() => combat(X.data, G, batch, { covariates: { columns: ['x'], data: cov } })).toThrow(/confounded/)
  })
})

describe('hypergeometric over-representation (R phyper)', () => {
  it('phyper upper and lower tails within 1e-10 (relative) on genome-sized cases', () => {
    const t = table('phyper.csv')
    const k = col(t, 'k'), m = col(t, 'm'), nn = col(t, 'nn'), N = col(t, 'N'), p = col(t, 'p'), lower = col(t, 'lower')
    for (let i = 0; i < k.length; i++) {
      const up = phyper(k[i] - 1, m[i], N[i] - m[i], nn[i], false)
      const lo = phyper(k[i], m[i], N[i] - m[i], nn[i], true)
      expect(Math.abs(up - p[i])).toBeLessThanOrEqual(1e-10 * Math.max(p[i], 1e-300))
      expect(Math.abs(lo - lower[i])).toBeLessThanOrEqual(1e-10 * Math.max(lower[i], 1e-300))
    }
  })
  it.skipIf(!haveData('ORA on Hallmark sets', HALLMARK_GMT))('ORA on Hallmark sets with universe = tested genes: p within 1e-10, BH', () => {
    const sets = parseGmt(readFileSync(HALLMARK_GMT, 'utf8'))
    const sel = readText('ora_selected.txt').trim().split('\n')
    const uni = readText('ora_universe.txt').trim().split('\n')
    const r = overRepresentation(sel, uni, sets)
    const ref = table('ora.csv')
    expect(r.map((x) => x.set)).toEqual(strCol(ref, 'set'))
    expect(r.map((x) => x.size)).toEqual(col(ref, 'size'))
    expect(r.map((x) => x.overlap)).toEqual(col(ref, 'overlap'))
    const p = col(ref, 'p')
    r.forEach((x, i) => expect(Math.abs(x.p - p[i])).toBeLessThanOrEqual(1e-10 * p[i]))
    expect(maxAbsDiff(r.map((x) => x.adjP), col(ref, 'adjP'))).toBeLessThan(1e-10)
    // the planted sets come first
    const top = [...r].sort((a, b) => a.p - b.p).slice(0, 2).map((x) => x.set).sort()
    expect(top).toEqual(['HALLMARK_INTERFERON_GAMMA_RESPONSE', 'HALLMARK_MYOGENESIS'])
  })
  it('BH matches p.adjust on ties and NaN', () => {
    const a = adjustBH([0.01, 0.04, 0.04, NaN, 0.5])
    expect(Array.from(a).map((x) => (Number.isNaN(x) ? 'NA' : x.toFixed(10)))).toEqual(['0.0400000000', '0.0533333333', '0.0533333333', 'NA', '0.5000000000'])
  })
})
