// Stratified Cox (coxph + strata()), aliased covariates (coef NA) and stepwise selection in
// every direction (step(direction = "backward" | "forward" | "both"), with scope), against
// R survival (tests/fixtures/stats/make_strata_step.R; the data are embedded in the fixture,
// so these tests need neither R nor ../shared). Tolerance: 1e-6 relative (issue 20).
import { describe, it, expect } from 'vitest'
import { arr, expectAbs, expectRel, fixture } from './helpers.ts'
import type { Table } from '../../../src/core/table/table.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { coxph } from '../../../src/core/stats/cox.ts'
import { stepwiseCox, type StepDirection } from '../../../src/core/stats/stepwise_aic.ts'
import { runTest } from '../../../src/core/stats/run_test.ts'

const fx = fixture('strata_step.json')

/** The fixture's embedded columns as a Table (R's NA → empty cell). */
function table(name: string, data: Record<string, unknown>): Table {
  const cols = Object.keys(data)
  const cells = cols.map((c) => arr(data[c] as unknown[]))
  const rows = cells[0].map((_, r) => cells.map((col) => (col[r] === null ? 'NA' : String(col[r]))))
  return { name, columns: cols, rows }
}

describe('stratified and aliased Cox vs coxph', () => {
  for (const c of fx.cox) {
    const strata = arr<string>(c.strata)
    it(`${c.dataset}: ${arr(c.covariates).join(' + ')}${strata.length ? ` + strata(${strata.join(', ')})` : ''} (${c.ties})`, () => {
      const frame = buildModelFrame(table(c.dataset, c.data), { time: c.time, event: c.event, covariates: arr(c.covariates), strata })
      const m = coxph(frame, { ties: c.ties })
      expect(m.n).toBe(c.n)
      expect(m.events).toBe(c.events)
      expect(m.deleted).toBe(c.deleted)
      expect(m.terms.map((t) => t.term.replace('=', ''))).toEqual(arr(c.names))
      const coef = arr<number | null>(c.coef)
      m.terms.forEach((t, i) => {
        expectRel(t.coef, coef[i], 1e-6, `coef ${t.term}`)
        expectRel(t.se, arr<number | null>(c.se)[i], 1e-6, `se ${t.term}`)
      })
      expectAbs(m.loglik[0], c.loglik[0], 1e-8, 'loglik null')
      expectAbs(m.loglik[1], c.loglik[1], 1e-8, 'loglik final')
      expectRel(m.score.stat, c.score, 1e-6, 'score')
      expectRel(m.wald.stat, c.wald, 1e-6, 'wald')
      expectAbs(m.concordance, c.concordance, 1e-8, 'concordance')
      expectRel(m.aic, c.aic, 1e-9, 'aic')
      expect(m.iter).toBe(c.iter)
      const aliased = coef.some((v) => v === null)
      if (aliased) expect(m.warnings.join(' ')).toMatch(/singular.*coefficient NA/)
      else expect(m.warnings).toEqual([])
      if (strata.length) expect(m.strata?.length).toBeGreaterThan(1)
    })
  }
})

describe('stepwise AIC vs step()', () => {
  for (const c of fx.step) {
    it(`${c.dataset}: ${c.name} (${c.direction})`, () => {
      const upper = arr<string>(c.upper)
      const start = arr<string>(c.start)
      const all = [...new Set([...start, ...upper, ...arr<string>(c.lower)])]
      const frame = buildModelFrame(table(c.dataset, c.data), { time: c.time, event: c.event, covariates: all })
      expect(frame.n).toBe(c.n)
      const res = stepwiseCox(frame, { direction: c.direction as StepDirection, start, upper: c.scope ? upper : undefined, forced: arr(c.lower) })
      const path = res.steps.map((s) => (s.dropped ? `- ${s.dropped}` : s.added ? `+ ${s.added}` : ''))
      expect(path).toEqual(arr(c.path))
      res.steps.forEach((s, i) => expectRel(s.aic, arr<number>(c.pathAic)[i], 1e-9, `AIC step ${i}`))
      expect(res.selected).toEqual(arr(c.selected))
      expectRel(res.model.aic, c.aic, 1e-9, 'final AIC')
      if (/aliased/.test(c.name)) expect(res.warnings.join(' ')).toMatch(/not estimable/)
    })
  }
})

describe('Cox degenerate designs', () => {
  const frame = (x: number[], status: number[]) => {
    const n = status.length
    return { time: Float64Array.from({ length: n }, (_, i) => i + 1), status: Uint8Array.from(status), x: Float64Array.from(x), n, p: 1, terms: [{ name: 'g', kind: 'numeric' as const, columns: ['g'] }], columnNames: ['g'], rows: new Int32Array(n), deleted: 0 }
  }
  it('refuses a model with no events', () => {
    expect(() => coxph(frame([1, 2, 3, 4], [0, 0, 0, 0]))).toThrow(/not estimable: no events/)
  })
  it('a constant covariate has coefficient NA, not HR 1 (1–1)', () => {
    const m = coxph(frame([5, 5, 5, 5, 5], [1, 0, 1, 1, 0]))
    expect(Number.isNaN(m.terms[0].hr)).toBe(true)
    expect(Number.isNaN(m.terms[0].se)).toBe(true)
    expect(m.warnings.join(' ')).toMatch(/variable 1 \(g\)/)
    expect(m.aic).toBeCloseTo(-2 * m.loglik[1], 12)
  })
})

describe('factor with a single level', () => {
  it('gets no coefficient and a warning naming it (R refuses such a factor)', () => {
    const c = fx.cox[0]
    const t = table('veteran', { ...c.data, site: arr(c.data.time).map(() => 'A') })
    const frame = buildModelFrame(t, { time: 'time', event: 'status', covariates: ['karno', 'site'] })
    const m = coxph(frame)
    expect(m.terms.map((x) => x.term)).toEqual(['karno'])
    expect(m.warnings.join(' ')).toMatch(/site has a single level \("A"\)/)
    const res = stepwiseCox(frame, { direction: 'backward' })
    expect(res.selected).toEqual(['karno'])
    expect(res.model.warnings).toEqual([])
  })
})

describe('two-column tests on degenerate data (as R)', () => {
  const g6 = ['a', 'a', 'a', 'b', 'b', 'b']
  it('t-tests refuse essentially constant data (R: "data are essentially constant")', () => {
    expect(() => runTest('ttest', ['1', '1', '1', '1', '1', '1'], g6)).toThrow(/essentially constant/)
    expect(() => runTest('welch', ['1', '1', '1', '2', '2', '2'], g6)).toThrow(/essentially constant/)
    expect(() => runTest('welch', ['5', '5', '5', '5', '5', String(5 + 1e-15)], g6)).toThrow(/essentially constant/)
  })
  it('all-tied Wilcoxon and Kruskal–Wallis give p NA with a warning; one group is refused', () => {
    const w = runTest('wilcoxon', ['1', '1', '1', '1', '1', '1'], g6)
    expect(w.statistic).toBe(4.5)
    expect(Number.isNaN(w.p)).toBe(true)
    expect(w.warnings.join(' ')).toMatch(/tied/)
    const k = runTest('kruskal', ['1', '1', '1', '1'], ['a', 'a', 'b', 'b'])
    expect(Number.isNaN(k.p)).toBe(true)
    expect(k.warnings.join(' ')).toMatch(/tied/)
    expect(() => runTest('kruskal', ['1', '2', '3', '4'], ['a', 'a', 'a', 'a'])).toThrow(/same group/)
  })
})
