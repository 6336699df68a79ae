// Harrell's C: counts vs R's coxph concordance, held-out fold C vs R (fixed folds),
// and the seeded CV / bootstrap comparison's determinism and invariants.
import { describe, it, expect } from 'vitest'
import { SURVIVAL, arr, dataset, expectAbs, fixture } from './helpers.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { coxFitCore, linearPredictor } from '../../../src/core/stats/cox.ts'
import { concordance } from '../../../src/core/stats/concordance.ts'
import { cindexAssessment } from '../../../src/core/stats/cindex_cv.ts'

describe.skipIf(!SURVIVAL)('concordance counts vs R', () => {
  for (const c of fixture('cox.json').cases) {
    it(`${c.dataset}: ${arr(c.covariates).join('+')} (${c.ties})`, () => {
      const ref = c.ref && !Array.isArray(c.ref) ? c.ref : undefined
      const f = buildModelFrame(dataset(c.dataset), { time: c.time, event: c.event, covariates: arr(c.covariates), ref, factors: arr(c.factors) })
      const fit = coxFitCore(f.time, f.status, f.x, f.p, { ties: c.ties })
      const k = concordance(f.time, f.status, linearPredictor(f.x, f.n, f.p, fit.coef))
      expect([k.concordant, k.discordant, k.tiedX, k.tiedY]).toEqual(c.concordanceCounts)
      expectAbs(k.concordance, c.concordance, 1e-8, 'C')
    })
  }
})

describe.skipIf(!SURVIVAL)('held-out C per fold vs R (fixed folds)', () => {
  for (const c of fixture('cindex_folds.json').cases) {
    it(`${c.dataset}: ${arr(c.covariates).join('+')}`, () => {
      const f = buildModelFrame(dataset(c.dataset), { time: c.time, event: c.event, covariates: arr(c.covariates) })
      const folds = Int32Array.from({ length: f.n }, (_, i) => i % c.k)
      const r = cindexAssessment(f, [arr(c.covariates)], { folds: c.k, repeats: 1, bootstrap: 0, foldAssignment: folds })
      r.cv[0].folds.forEach((v, i) => expectAbs(v, c.c[i], 1e-8, `fold ${i}`))
    })
  }
})

describe.skipIf(!SURVIVAL)('seeded CV and bootstrap comparison', () => {
  const f = SURVIVAL ? buildModelFrame(dataset('veteran'), { time: 'time', event: 'status', covariates: ['trt', 'celltype', 'karno', 'age'] }) : (null as never)
  const models = [['karno'], ['celltype', 'karno'], ['karno']]
  const run = (seed: number) => cindexAssessment(f, models, { folds: 5, repeats: 2, bootstrap: 100, seed })
  it('is reproducible for a seed and changes with the seed', () => {
    const a = run(7)
    expect(run(7)).toEqual(a)
    expect(run(8).cv[0].folds).not.toEqual(a.cv[0].folds)
  })
  it('reports CIs around the mean and a p = 1 for a model against itself', () => {
    const r = run(7)
    expect(r.cv[0].folds.length).toBe(10)
    for (const s of r.cv) expect(s.lower < s.mean && s.mean < s.upper).toBe(true)
    const self = r.bootstrap!.pairs.find((p) => p.a === 'karno' && p.b === 'karno')!
    expect(self.diff).toBe(0)
    expect(self.p).toBe(1)
    const better = r.bootstrap!.pairs.find((p) => p.a === 'karno' && p.b === 'celltype+karno')!
    expect(better.diff).toBeGreaterThan(0)
    expect(better.p).toBeGreaterThanOrEqual(0)
    expect(better.p).toBeLessThanOrEqual(1)
    for (const m of r.bootstrap!.models) expect(m.lower <= m.upper).toBe(true)
  })
})

describe('cross-validated C: the CI stays in [0, 1]', () => {
  // a nearly perfect predictor on 25 patients: fold C near 1 with a spread, so mean + t·sd/√m passes 1
  const rows: string[][] = []
  for (let i = 0; i < 25; i++) {
    const x = i + (i % 5 === 2 ? 6 : 0) // a few patients out of order
    rows.push([String(100 - i * 3), i % 4 === 3 ? '0' : '1', String(x)])
  }
  const f = buildModelFrame({ name: 'near_perfect', columns: ['time', 'event', 'x'], rows }, { time: 'time', event: 'event', covariates: ['x'], factors: [] })
  it('truncates at 1 with a warning naming the raw interval', () => {
    const r = cindexAssessment(f, [['x']], { folds: 5, repeats: 1, seed: 3 })
    const s = r.cv[0]
    const vals = s.folds.filter((c) => !Number.isNaN(c))
    const raw = s.mean + (2.7764451051977987 * s.sd) / Math.sqrt(vals.length) // t(0.975, 4)
    expect(vals.length).toBe(5)
    expect(raw).toBeGreaterThan(1)
    expect(s.upper).toBe(1)
    expect(s.lower).toBeGreaterThanOrEqual(0)
    expect((r.warnings ?? []).join('\n')).toMatch(/reaches outside \[0, 1\].*truncated/)
  })
})
