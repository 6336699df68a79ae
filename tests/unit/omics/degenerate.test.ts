// Degenerate omics inputs (issue 20) against what R does (tests/fixtures/omics/make_degenerate.R):
// ComBat leaves genes constant within a batch up to rounding out of its priors (R reference:
// the same genes made exactly constant, which sva drops), a one-sample batch gives sva's
// mean-only ComBat, no residual df is refused; t-tests give NA for essentially constant genes
// and leave them out of BH as p.adjust does; empty samples, tied GSEA scores, --perm 0 and an
// enrichment selection outside the universe are refused.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { combat } from '../../../src/core/omics/combat.ts'
import { geneTTests } from '../../../src/core/omics/ttest_genes.ts'
import { calcNormFactors } from '../../../src/core/omics/tmm.ts'
import { voom } from '../../../src/core/omics/voom.ts'
import { gseaPreranked, rankGenes } from '../../../src/core/omics/gsea.ts'
import { overRepresentation } from '../../../src/core/omics/enrichment.ts'
import { InputError } from '../../../src/core/errors.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync('tests/fixtures/omics/degenerate.json', 'utf8'))
const flat = (m: number[][]) => Float64Array.from(m.flat())
const G = fx.noisy.length
const n = fx.noisy[0].length

function expectMatrix(actual: Float64Array, expected: number[][], rows: number[], tol: number) {
  let worst = 0
  for (const g of rows) for (let s = 0; s < n; s++) worst = Math.max(worst, Math.abs(actual[g * n + s] - expected[g][s]) / Math.max(1, Math.abs(expected[g][s])))
  expect(worst).toBeLessThanOrEqual(tol)
}

describe('ComBat on degenerate designs', () => {
  it('genes constant within a batch up to rounding are left out of the priors (as sva does for exact constants)', () => {
    const r = combat(flat(fx.noisy), G, fx.batch)
    expect(r.unadjusted).toEqual([0, 1])
    expect(r.nearConstant).toBe(2)
    expect(r.warnings.join(' ')).toMatch(/2 gene\(s\) constant within a batch \(2 up to rounding/)
    const others = Array.from({ length: G - 2 }, (_, i) => i + 2)
    expectMatrix(r.data, fx.combatRef, others, 1e-9)
    // and unadjusted genes are returned unchanged
    for (const g of [0, 1]) for (let s = 0; s < n; s++) expect(r.data[g * n + s]).toBe(fx.noisy[g][s])
    // sva on the noisy matrix as given moves the other genes by up to 0.34: that is what is avoided
    let moved = 0
    for (const g of others) for (let s = 0; s < n; s++) moved = Math.max(moved, Math.abs(fx.combatNoisy[g][s] - fx.combatRef[g][s]))
    expect(moved).toBeGreaterThan(0.1)
  })
  it('a one-sample batch gives the mean-only ComBat of sva, with a warning naming the batch', () => {
    const all = Array.from({ length: G }, (_, i) => i)
    const par = combat(flat(fx.x), G, fx.oneBatch)
    expectMatrix(par.data, fx.oneParametric, all, 1e-9)
    expect(par.warnings.join(' ')).toMatch(/batch "C" has one sample: only the batch means are adjusted/)
    const np = combat(flat(fx.x), G, fx.oneBatch, { parametric: false })
    expectMatrix(np.data, fx.oneNonparametric, all, 1e-9)
  })
  it('no residual degrees of freedom is refused, not written as NaN', () => {
    const x = flat(fx.x.map((r: number[]) => r.slice(0, 3)))
    expect(() => combat(x, G, ['A', 'B', 'C'])).toThrow(/every batch has a single sample \(A, B, C\)/)
    const x4 = flat(fx.x.map((r: number[]) => r.slice(0, 4)))
    expect(() => combat(x4, G, ['A', 'A', 'B', 'C'], { covariates: { columns: ['c'], data: Float64Array.from([1, 2, 3, 4]) } })).toThrow(/no residual degrees of freedom/)
  })
})

describe('per-gene t-tests with constant genes', () => {
  const group = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B']
  const genes = Array.from({ length: G }, (_, i) => `g${i + 1}`)
  for (const welch of [true, false]) {
    it(`${welch ? 'Welch' : 'Student'}: NA where t.test says "essentially constant", BH over the others as p.adjust`, () => {
      const r = geneTTests(flat(fx.ttData), genes, group, 'A', 'B', { welch })
      const p: (number | null)[] = welch ? fx.welchP : fx.studentP
      const bh: (number | null)[] = welch ? fx.welchBH : fx.studentBH
      expect(r.constant).toEqual(['g1', 'g2'])
      r.forEach((row, g) => {
        if (p[g] === null) {
          expect(Number.isNaN(row.p) && Number.isNaN(row.adjP) && Number.isNaN(row.t)).toBe(true)
          expect(row.significant).toBe(false)
        } else {
          expect(Math.abs(row.p - (p[g] as number))).toBeLessThanOrEqual(1e-12 + 1e-9 * (p[g] as number))
          expect(Math.abs(row.adjP - (bh[g] as number))).toBeLessThanOrEqual(1e-12 + 1e-9 * (bh[g] as number))
        }
      })
    })
  }
})

describe('refusals', () => {
  it('TMM and voom name a zero-count sample (edgeR: "missing value where TRUE/FALSE needed")', () => {
    expect(fx.tmmZeroSampleError).toMatch(/missing value/)
    const samples = ['s1', 's2', 's3', 's4']
    const data = Float64Array.from({ length: 40 }, (_, i) => (i % 4 === 2 ? 0 : 10 + (i % 7)))
    const m = { genes: Array.from({ length: 10 }, (_, i) => `g${i}`), samples, data }
    expect(() => calcNormFactors(m)).toThrow(/sample "s3" has no counts \(library size 0\)/)
    const design = { n: 4, p: 1, data: Float64Array.from([1, 1, 1, 1]), columns: ['(Intercept)'] }
    expect(() => voom(m, design, Float64Array.from([100, 120, 0, 90]))).toThrow(/sample "s3" has no counts/)
  })
  it('GSEA refuses all-zero and all-tied scores, and a permutation count out of bounds', () => {
    const genes = Array.from({ length: 40 }, (_, i) => `g${i}`)
    const sets = [{ name: 'S', description: '', genes: genes.slice(0, 15) }]
    expect(() => gseaPreranked(rankGenes(genes, new Float64Array(40)), sets)).toThrow(/all 40 ranking scores are equal \(all zero\)/)
    expect(() => gseaPreranked(rankGenes(genes, new Float64Array(40).fill(2.5)), sets)).toThrow(/all 2.5/)
    expect(() => gseaPreranked(rankGenes(genes, new Float64Array(40).fill(2.5).map((v, i) => v * (1 + i * 1e-16))), sets)).toThrow(InputError)
    const scores = Float64Array.from(genes, (_, i) => 40 - i)
    expect(() => gseaPreranked(rankGenes(genes, scores), sets, { permutations: 2e6 })).toThrow(/--perm must be an integer from 1 to 1000000/)
    expect(() => gseaPreranked(rankGenes(genes, scores), sets, { permutations: 10, minSize: 20, maxSize: 10 })).toThrow(/--max-size/)
    expect(gseaPreranked(rankGenes(genes, scores), sets, { permutations: 10 })).toHaveLength(1)
  })
  it('enrichment refuses a selection or gene sets outside the universe', () => {
    const sets = [{ name: 'S', description: '', genes: ['A', 'B', 'C'] }]
    expect(() => overRepresentation(['X1', 'X2'], ['A', 'B', 'C', 'D'], sets)).toThrow(/none of the 2 selected genes is in the universe/)
    expect(() => overRepresentation(['A'], ['A', 'B', 'C', 'D'], [{ name: 'T', description: '', genes: ['ENSG1'] }])).toThrow(/no gene of the 1 gene sets is in the universe/)
    expect(() => overRepresentation(['A'], [], sets)).toThrow(/universe is empty/)
    // an empty selection (nothing significant) is not an error: every set has p = 1
    expect(overRepresentation([], ['A', 'B', 'C', 'D'], sets)[0].p).toBe(1)
  })
})
