// The CLI contract of the stats commands (flags and JSON shapes of issue 4), checked
// against the R fixtures through the real command line.
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { expectAbs, expectRel, fixture } from './helpers.ts'
import { DATA, haveData } from '../shared_data.ts'

function cli(...argv: string[]) {
  return JSON.parse(execFileSync('npx', ['tsx', 'src/cli/main.ts', ...argv, '--json'], { encoding: 'utf8' }))
}
const LUNG = `${DATA}/survival/lung.csv`
const VET = `${DATA}/survival/veteran.csv`

describe.skipIf(!haveData('stats CLI on lung and veteran', 'survival/lung.csv', 'survival/veteran.csv'))('stats CLI', () => {
  it('cox: shape and numbers equal coxph', () => {
    const r = cli('cox', '--data', VET, '--time', 'time', '--event', 'status', '--covariates', 'trt,celltype,karno', '--ref', 'celltype=squamous')
    const c = fixture('cox.json').cases.find((x: { dataset: string; ref: unknown }) => x.dataset === 'veteran' && x.ref && Object.keys(x.ref as object).length > 0)
    for (const k of ['n', 'events', 'loglik', 'terms', 'lrt', 'wald', 'score', 'concordance', 'aic']) expect(r).toHaveProperty(k)
    expect(r.terms.map((t: { term: string }) => t.term)).toEqual(['trt', 'celltype=adeno', 'celltype=large', 'celltype=smallcell', 'karno'])
    for (const k of ['term', 'coef', 'se', 'hr', 'lower', 'upper', 'z', 'p']) expect(r.terms[0]).toHaveProperty(k)
    r.terms.forEach((t: { coef: number; se: number; lower: number }, i: number) => {
      expectRel(t.coef, c.coef[i], 1e-6, 'coef')
      expectRel(t.se, c.se[i], 1e-6, 'se')
      expectRel(t.lower, c.lower[i], 1e-6, 'lower')
    })
    expectAbs(r.loglik[1], c.loglik[1], 1e-8, 'loglik')
    expectAbs(r.concordance, c.concordance, 1e-8, 'C')
    for (const k of ['stat', 'df', 'p']) expect(r.lrt).toHaveProperty(k)
  })
  it('km: shape and numbers equal survfit', () => {
    const r = cli('km', '--data', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--at', '180,365,730')
    const c = fixture('km.json').cases.find((x: { group: unknown }) => x.group === 'sex')
    const lr = fixture('logrank.json').cases.find((x: { group: string }) => x.group === 'sex')
    expect(r.groups.map((g: { group: string }) => g.group)).toEqual(['female', 'male'])
    r.groups.forEach((g: { n: number; events: number; median: number; at: { time: number; surv: number; lower: number; upper: number; nRisk: number }[] }, i: number) => {
      const ref = c.groups[i]
      expect(g.n).toBe(ref.n)
      expect(g.events).toBe(ref.events)
      expectAbs(g.median, ref.median, 1e-10, 'median')
      g.at.forEach((a, j) => {
        expectAbs(a.surv, ref.at.surv[j], 1e-10, 'surv')
        expectAbs(a.lower, ref.at.lower[j], 1e-8, 'lower')
        expectAbs(a.upper, ref.at.upper[j], 1e-8, 'upper')
        expect(a.nRisk).toBe(ref.at.nRisk[j])
      })
    })
    expectRel(r.logrank.chisq, lr.chisq, 1e-8, 'chisq')
    expectAbs(r.logrank.p, lr.p, 1e-6, 'p')
  })
  it('cindex-cv and test run with the documented flags', () => {
    const r = cli('cindex-cv', '--data', VET, '--time', 'time', '--event', 'status', '--models', 'karno;celltype,karno', '--folds', '5', '--repeats', '1', '--bootstrap', '20', '--seed', '4')
    expect(r.cv).toHaveLength(2)
    expect(r.bootstrap.pairs).toHaveLength(1)
    const t = cli('test', '--data', LUNG, '--test', 'welch', '--x', 'age', '--y', 'sex')
    const ref = fixture('tests.json').ttest.find((x: { name: string }) => x.name === 'lung_age_welch')
    expectRel(Math.abs(t.statistic), Math.abs(ref.statistic), 1e-8, 't')
    expectAbs(t.p, ref.p, 1e-6, 'p')
  })
})
