// Kaplan–Meier, log-rank, Cox and stepwise AIC against R survival 3.5 (fixtures made by
// tests/fixtures/stats/make_fixtures.R). Tolerances are the issue's acceptance tolerances.
import { describe, it, expect } from 'vitest'
import { SURVIVAL, arr, dataset, expectAbs, expectRel, fixture } from './helpers.ts'
import { kaplanMeier, survivalAt, type ConfType } from '../../../src/core/stats/kaplan_meier.ts'
import { logRank } from '../../../src/core/stats/logrank.ts'
import { coxph } from '../../../src/core/stats/cox.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { stepwiseBackward } from '../../../src/core/stats/stepwise_aic.ts'
import { numericColumn, stringColumn } from '../../../src/core/table/table.ts'

const km = fixture('km.json')
const lr = fixture('logrank.json')
const cox = fixture('cox.json')
const step = fixture('stepwise.json')

function survData(name: string, time: string, event: string, group: string | null) {
  const t = dataset(name)
  const tt = numericColumn(t, time)
  const ev = numericColumn(t, event)
  const g: string[] = group ? stringColumn(t, group) : Array.from(tt, () => 'all')
  const keep = [...tt.keys()].filter((i) => !Number.isNaN(tt[i]) && !Number.isNaN(ev[i]) && g[i] !== '' && g[i] !== 'NA')
  return { time: keep.map((i) => tt[i]), status: keep.map((i) => ev[i]), group: keep.map((i) => g[i]) }
}

describe.skipIf(!SURVIVAL)('Kaplan–Meier vs survfit', () => {
  for (const c of km.cases) {
    const group: string | null = typeof c.group === 'string' ? c.group : null
    it(`${c.dataset} ~ ${group ?? '1'} (${c.confType})`, () => {
      const d = survData(c.dataset, c.time, c.event, group)
      for (const g of c.groups) {
        const idx = d.group.map((x, i) => [x, i] as const).filter(([x]) => group === null || x === g.group).map(([, i]) => i)
        const fit = kaplanMeier(idx.map((i) => d.time[i]), idx.map((i) => d.status[i]), { confType: c.confType as ConfType })
        const what = `${c.dataset}/${g.group}`
        expect(fit.n).toBe(g.n)
        expect(fit.events).toBe(g.events)
        expect(fit.time).toEqual(arr(g.time))
        expect(fit.nRisk).toEqual(arr(g.nRisk))
        expect(fit.nEvent).toEqual(arr(g.nEvent))
        arr<number>(g.surv).forEach((s, i) => expectAbs(fit.surv[i], s, 1e-10, `${what} surv[${i}]`))
        arr<number | null>(g.lower).forEach((s, i) => expectAbs(fit.lower[i], s, 1e-8, `${what} lower[${i}]`))
        arr<number | null>(g.upper).forEach((s, i) => expectAbs(fit.upper[i], s, 1e-8, `${what} upper[${i}]`))
        expectAbs(fit.median, g.median, 1e-10, `${what} median`)
        expectAbs(fit.medianLower, g.medianLower, 1e-10, `${what} median LCL`)
        expectAbs(fit.medianUpper, g.medianUpper, 1e-10, `${what} median UCL`)
        const at = survivalAt(fit, arr(g.at.time))
        at.forEach((a, i) => {
          expectAbs(a.surv, arr<number>(g.at.surv)[i], 1e-10, `${what} S(${a.time})`)
          expectAbs(a.lower, arr<number>(g.at.lower)[i], 1e-8, `${what} lower(${a.time})`)
          expectAbs(a.upper, arr<number>(g.at.upper)[i], 1e-8, `${what} upper(${a.time})`)
          expect(a.nRisk).toBe(arr<number>(g.at.nRisk)[i])
        })
      }
    })
  }
})

describe.skipIf(!SURVIVAL)('log-rank vs survdiff', () => {
  for (const c of lr.cases) {
    it(`${c.dataset} ~ ${c.group}${typeof c.strata === "string" ? ` + strata(${c.strata})` : ''}`, () => {
      const t = dataset(c.dataset)
      const tt = numericColumn(t, c.time)
      const ev = numericColumn(t, c.event)
      const g = stringColumn(t, c.group)
      const s = typeof c.strata === "string" ? stringColumn(t, c.strata) : null
      const keep = [...tt.keys()].filter((i) => g[i] !== '' && g[i] !== 'NA')
      const res = logRank(keep.map((i) => tt[i]), keep.map((i) => ev[i]), keep.map((i) => g[i]), s ? keep.map((i) => s[i]) : undefined)
      expect(res.groups).toEqual(arr(c.groups))
      res.observed.forEach((o, i) => expectAbs(o, c.observed[i], 1e-8, 'observed'))
      res.expected.forEach((e, i) => expectRel(e, c.expected[i], 1e-10, 'expected'))
      expectRel(res.chisq, c.chisq, 1e-8, 'chisq')
      expect(res.df).toBe(c.df)
      expectAbs(res.p, c.p, 1e-6, 'p')
      expectRel(res.p, c.p, 1e-6, 'p (relative)')
    })
  }
})

describe.skipIf(!SURVIVAL)('Cox vs coxph', () => {
  for (const c of cox.cases) {
    const ref = c.ref && !Array.isArray(c.ref) ? (c.ref as Record<string, string>) : undefined
    it(`${c.dataset}: ${arr(c.covariates).join(' + ')} (${c.ties}${ref ? `, ref ${JSON.stringify(ref)}` : ''})`, () => {
      const frame = buildModelFrame(dataset(c.dataset), { time: c.time, event: c.event, covariates: arr(c.covariates), ref, factors: arr(c.factors) })
      const m = coxph(frame, { ties: c.ties })
      expect(m.n).toBe(c.n)
      expect(m.events).toBe(c.events)
      expect(m.deleted).toBe(c.deleted)
      expect(m.terms.map((t) => t.term.replace('=', ''))).toEqual(arr(c.names))
      m.terms.forEach((t, i) => {
        expectRel(t.coef, c.coef[i], 1e-6, `coef ${t.term}`)
        expectRel(t.se, c.se[i], 1e-6, `se ${t.term}`)
        expectRel(t.hr, c.hr[i], 1e-6, `hr ${t.term}`)
        expectRel(t.lower, c.lower[i], 1e-6, `lower ${t.term}`)
        expectRel(t.upper, c.upper[i], 1e-6, `upper ${t.term}`)
        expectRel(t.z, c.z[i], 1e-6, `z ${t.term}`)
        expectAbs(t.p, c.p[i], 1e-6, `p ${t.term}`)
      })
      expectAbs(m.loglik[0], c.loglik[0], 1e-8, 'loglik null')
      expectAbs(m.loglik[1], c.loglik[1], 1e-8, 'loglik final')
      for (const k of ['lrt', 'wald', 'score'] as const) {
        expectRel(m[k].stat, c[k].stat, 1e-8, `${k} stat`)
        expect(m[k].df).toBe(c[k].df)
        expectAbs(m[k].p, c[k].p, 1e-6, `${k} p`)
      }
      expectAbs(m.concordance, c.concordance, 1e-8, 'concordance')
      expectAbs(m.aic, c.aic, 1e-7, 'aic')
      expect(m.iter).toBe(c.iter)
      expect(m.warnings).toEqual([])
    })
  }
})

describe.skipIf(!SURVIVAL)('backward stepwise AIC vs step()', () => {
  for (const c of step.cases) {
    it(`${c.dataset}${arr(c.forced).length ? ` forcing ${arr(c.forced).join(',')}` : ''}`, () => {
      const frame = buildModelFrame(dataset(c.dataset), { time: c.time, event: c.event, covariates: arr(c.covariates) })
      expect(frame.n).toBe(c.n)
      const res = stepwiseBackward(frame, { forced: arr(c.forced) })
      expect(res.selected).toEqual(arr(c.selected))
      expectAbs(res.model.aic, c.aic, 1e-7, 'final AIC')
      const path = res.steps.map((s) => (s.dropped ? `- ${s.dropped}` : ''))
      expect(path).toEqual(arr(c.path))
      res.steps.forEach((s, i) => expectAbs(s.aic, arr<number>(c.pathAic)[i], 1e-7, `AIC step ${i}`))
    })
  }
})

describe('Cox warnings', () => {
  it.skipIf(!SURVIVAL)('warns when the iterations run out', () => {
    const frame = buildModelFrame(dataset('lung'), { time: 'time', event: 'status', covariates: ['age', 'sex', 'ph.ecog'] })
    const m = coxph(frame, { maxIter: 1 })
    expect(m.converged).toBe(false)
    expect(m.warnings.join(' ')).toMatch(/did not converge/)
  })
  it('warns on a monotone likelihood (perfect separation)', () => {
    const time = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8])
    const status = new Uint8Array([1, 1, 1, 1, 1, 1, 1, 1])
    const x = new Float64Array([1, 1, 1, 1, 0, 0, 0, 0])
    const m = coxph({ time, status, x, n: 8, p: 1, terms: [{ name: 'g', kind: 'numeric', columns: ['g'] }], columnNames: ['g'], rows: new Int32Array(8), deleted: 0 })
    expect(m.warnings.join(' ')).toMatch(/infinite/)
  })
})
