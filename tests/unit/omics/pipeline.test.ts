// TMM, filterByExpr, log-CPM, lowess, voom, lmFit + eBayes against edgeR / limma / stats (R 4.2).
import { describe, expect, it } from 'vitest'
import { calcNormFactors, effectiveLibSizes } from '../../../src/core/omics/tmm.ts'
import { filterByExpr, filterGenes } from '../../../src/core/omics/filter.ts'
import { subsetGenes } from '../../../src/core/omics/counts.ts'
import { logCpm } from '../../../src/core/omics/logcpm.ts'
import { lowess } from '../../../src/core/omics/lowess.ts'
import { voom } from '../../../src/core/omics/voom.ts'
import { lmFit } from '../../../src/core/omics/lmfit.ts'
import { eBayes, topTable } from '../../../src/core/omics/ebayes.ts'
import { modelMatrix } from '../../../src/core/omics/design.ts'
import { sampleAnnotation } from '../../../src/core/omics/counts.ts'
import { col, counts, matrix, maxAbsDiff, maxRelDiff, samples, strCol, table } from './fixtures.ts'

const C = counts()
const S = samples()
const group = sampleAnnotation(S, 'group', C.samples)

describe('TMM (edgeR calcNormFactors)', () => {
  it('matches edgeR on all genes within 1e-6', () => {
    const ref = table('tmm_all.csv')
    const r = calcNormFactors(C)
    expect(maxAbsDiff(r.libSizes, col(ref, 'libSize'))).toBe(0)
    expect(maxAbsDiff(r.normFactors, col(ref, 'normFactor'))).toBeLessThan(1e-6)
  })
  it('matches edgeR after filterByExpr within 1e-6', () => {
    const keep = filterByExpr(C, { group })
    const ref = col(table('filter_expr.csv'), 'keep')
    expect(Array.from(keep)).toEqual(ref)
    const f = subsetGenes(C, keep)
    const r = calcNormFactors(f)
    const rt = table('tmm_filtered.csv')
    expect(maxAbsDiff(r.libSizes, col(rt, 'libSize'))).toBe(0)
    expect(maxAbsDiff(r.normFactors, col(rt, 'normFactor'))).toBeLessThan(1e-6)
  })
  it('zero filter drops exactly the all-zero genes', () => {
    const keep = filterGenes(C, 'zero')
    expect(keep.reduce((a, b) => a + b, 0)).toBe(C.genes.length - 12)
  })
})

describe('lowess (R stats::lowess / clowess)', () => {
  it('reproduces R on voom trend points', () => {
    const i = table('lowess_in.csv')
    const o = table('lowess_out.csv')
    const r = lowess(col(i, 'x'), col(i, 'y'), 0.5)
    expect(maxAbsDiff(r.x, col(o, 'x'))).toBe(0)
    expect(maxAbsDiff(r.y, col(o, 'y'))).toBeLessThan(1e-12)
  })
  it('reproduces R with tied x and outliers (robustness iterations)', () => {
    const i = table('lowess_ties_in.csv')
    const o = table('lowess_ties_out.csv')
    const r = lowess(col(i, 'x'), col(i, 'y'))
    expect(maxAbsDiff(r.y, col(o, 'y'))).toBeLessThan(1e-12)
  })
})

describe('voom + lmFit + eBayes (limma)', () => {
  const keep = filterByExpr(C, { group })
  const f = subsetGenes(C, keep)
  const tmm = calcNormFactors(f)
  const design = modelMatrix([{ name: 'group', values: group }])
  const v = voom(f, design, effectiveLibSizes(tmm))
  it('log-CPM (edgeR cpm, prior.count 2) within 1e-6', () => {
    const ref = matrix('logcpm.csv.gz')
    const lc = logCpm(f, effectiveLibSizes(tmm), 2)
    expect(lc.genes).toEqual(ref.genes)
    expect(maxAbsDiff(lc.data, ref.data)).toBeLessThan(1e-6)
  })
  // voom, lmFit and eBayes follow limma's algorithms step by step (R's clowess with its delta
  // interpolation, approxfun, squeezeVar's trigamma inversion): measured ≤ 1.5e-13 against
  // limma 3.54 on this fixture, so 1e-9 (E, weights, t, p, BH, priors) leaves room only for libm differences
  it('E and weights within 1e-9 (weights relative)', () => {
    const E = matrix('voom_E.csv.gz')
    const W = matrix('voom_weights.csv.gz')
    expect(v.genes).toEqual(E.genes)
    expect(maxAbsDiff(v.E, E.data)).toBeLessThan(1e-9)
    expect(maxRelDiff(v.weights, W.data)).toBeLessThan(1e-9)
  })
  it('moderated t, prior df and variance, p and BH within 1e-9', () => {
    const fit = eBayes(lmFit(v.E, v.genes, design, v.weights))
    const prior = table('limma_prior.csv')
    expect(Math.abs(fit.dfPrior - col(prior, 'dfPrior')[0]) / col(prior, 'dfPrior')[0]).toBeLessThan(1e-9)
    expect(Math.abs(fit.s2Prior - col(prior, 's2Prior')[0]) / col(prior, 's2Prior')[0]).toBeLessThan(1e-9)
    const tt = topTable(fit, 1)
    const ref = table('limma.csv')
    expect(tt.map((r) => r.gene)).toEqual(strCol(ref, 'gene'))
    expect(maxAbsDiff(tt.map((r) => r.logFC), col(ref, 'logFC'))).toBeLessThan(1e-9)
    expect(maxAbsDiff(tt.map((r) => r.t), col(ref, 't'))).toBeLessThan(1e-9)
    expect(maxAbsDiff(tt.map((r) => r.p), col(ref, 'p'))).toBeLessThan(1e-9)
    expect(maxAbsDiff(tt.map((r) => r.adjP), col(ref, 'adjP'))).toBeLessThan(1e-9)
  })
})
