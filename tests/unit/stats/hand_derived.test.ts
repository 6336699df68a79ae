// Survival estimates small enough to derive on paper, beside the R fixtures (survival.test.ts):
// Kaplan–Meier with Greenwood's variance, the two-group log-rank test and a two-group Cox
// model without ties whose score equation is a quadratic. Every expected value below is
// derived in the comments; none comes from running the code.
import { describe, it, expect } from 'vitest'
import { kaplanMeier, survivalAt } from '../../../src/core/stats/kaplan_meier.ts'
import { logRank } from '../../../src/core/stats/logrank.ts'
import { coxph } from '../../../src/core/stats/cox.ts'
import { pchisq, pnorm } from '../../../src/core/math/distributions.ts'

const Z975 = 1.959963984540054 // qnorm(0.975)

describe('Kaplan–Meier by hand (6 subjects)', () => {
  // (time, event): (1,1) (2,1) (2,0) (3,1) (4,0) (5,1)
  //   t=1: 6 at risk, 1 event → S = 5/6
  //   t=2: 5 at risk (the censoring at 2 is still at risk), 1 event → S = 5/6 · 4/5 = 2/3
  //   t=3: 3 at risk, 1 event → S = 2/3 · 2/3 = 4/9
  //   t=4: censored (2 at risk), S stays 4/9;  t=5: 1 at risk, 1 event → S = 0
  // Greenwood on the log scale (R's std.err = sqrt Σ d / (n (n − d))):
  //   t=1: 1/30; t=2: 1/30 + 1/20 = 1/12; t=3: 1/12 + 1/6 = 1/4 → std.err 1/2
  const fit = kaplanMeier([1, 2, 2, 3, 4, 5], [1, 1, 0, 1, 0, 1])
  it('survival, numbers at risk and events', () => {
    expect(fit.time).toEqual([1, 2, 3, 4, 5])
    expect(fit.nRisk).toEqual([6, 5, 3, 2, 1])
    expect(fit.nEvent).toEqual([1, 1, 1, 0, 1])
    expect(fit.nCensor).toEqual([0, 1, 0, 1, 0])
    const S = [5 / 6, 2 / 3, 4 / 9, 4 / 9, 0]
    fit.surv.forEach((s, i) => expect(s).toBeCloseTo(S[i], 15))
    const se = [Math.sqrt(1 / 30), Math.sqrt(1 / 12), 0.5, 0.5]
    se.forEach((s, i) => expect(fit.stdErr[i]).toBeCloseTo(s, 15))
  })
  it('log-scale confidence limits exp(log S ± z·se), capped at 1, and the median', () => {
    // t=3: 4/9 · exp(∓ 1.96 · 1/2)
    expect(fit.lower[2]).toBeCloseTo((4 / 9) * Math.exp(-Z975 * 0.5), 12)
    expect(fit.upper[2]).toBe(1) // 4/9 · e^0.98 = 1.18 > 1
    expect(fit.lower[0]).toBeCloseTo((5 / 6) * Math.exp(-Z975 * Math.sqrt(1 / 30)), 12)
    // the median is the first time S ≤ 1/2
    expect(fit.median).toBe(3)
    const [at] = survivalAt(fit, [3.5])
    expect(at.surv).toBeCloseTo(4 / 9, 15)
    expect(at.nRisk).toBe(2)
  })
})

describe('log-rank by hand (two groups of 3)', () => {
  // A: (1,1) (3,1) (5,0);  B: (2,1) (4,1) (6,1). At each event time, with n at risk, n_A of them in A, d = 1:
  //   E_A = n_A / n and V = n_A n_B d (n − d) / (n² (n − 1))
  //   t=1: n=6, n_A=3 → E 1/2, V 1/4;  t=2: n=5, n_A=2 → E 2/5, V 6/25
  //   t=3: n=4, n_A=2 → E 1/2, V 1/4;  t=4: n=3, n_A=1 → E 1/3, V 2/9;  t=6: n=1, n_A=0 → 0, 0
  // O_A = 2, E_A = 26/15, V = 1/4 + 6/25 + 1/4 + 2/9 = 433/450; χ² = (4/15)² / (433/450) = 32/433
  const r = logRank([1, 3, 5, 2, 4, 6], [1, 1, 0, 1, 1, 1], ['A', 'A', 'A', 'B', 'B', 'B'])
  it('observed, expected, variance and χ²', () => {
    expect(r.groups).toEqual(['A', 'B'])
    expect(r.observed).toEqual([2, 3])
    expect(r.expected[0]).toBeCloseTo(26 / 15, 14)
    expect(r.expected[1]).toBeCloseTo(5 - 26 / 15, 14)
    expect(r.variance[0]).toBeCloseTo(433 / 450, 14)
    expect(r.chisq).toBeCloseTo(32 / 433, 14)
    expect(r.df).toBe(1)
    expect(r.p).toBeCloseTo(pchisq(32 / 433, 1, false), 14)
  })
})

describe('Cox by hand (4 subjects, two groups, no ties)', () => {
  // times 1, 2, 3, 4, all events, x = 0, 1, 0, 1; r = e^β. Risk sets and events:
  //   t=1 {all}: x=0 → −log(2 + 2r);  t=2 {2,3,4}: x=1 → β − log(1 + 2r);  t=3 {3,4}: x=0 → −log(1 + r);  t=4: 0
  // score U = 1 − r/(1+r) − 2r/(1+2r) − r/(1+r) = 0  ⇔  (1+r)(1+2r) − 2r(1+2r) − 2r(1+r) = 1 − r − 4r² = 0
  //   → r = (√17 − 1)/8, β = log r
  // information I = Σ p(1 − p) over the events: 2 · r/(1+r)² + 2r/(1+2r)²
  // at β = 0: loglik = −log 24, U(0) = −2/3, I(0) = 1/2 + 2/9 = 13/18 → score test (4/9)/(13/18) = 8/13
  const r = (Math.sqrt(17) - 1) / 8
  const beta = Math.log(r)
  const info = (2 * r) / (1 + r) ** 2 + (2 * r) / (1 + 2 * r) ** 2
  const loglik = -Math.log(2 + 2 * r) + beta - Math.log(1 + 2 * r) - Math.log(1 + r)
  const time = new Float64Array([1, 2, 3, 4])
  const status = new Uint8Array([1, 1, 1, 1])
  const x = new Float64Array([0, 1, 0, 1])
  const m = coxph({ time, status, x, n: 4, p: 1, terms: [{ name: 'g', kind: 'numeric', columns: ['g'] }], columnNames: ['g'], rows: new Int32Array([0, 1, 2, 3]), deleted: 0 })
  it('coefficient, standard error and the three tests', () => {
    // coxph stops Newton–Raphson when the log-likelihood changes by < 1e-9 relative (R's
    // coxph.control eps), so β̂ is exact to ~1e-9 (measured 3.7e-10) and the log-likelihood,
    // flat at the optimum, to ~1e-19: coefficient-based values to 1e-8, likelihoods to 1e-12
    const [t] = m.terms
    expect(t.coef).toBeCloseTo(beta, 8)
    expect(t.se).toBeCloseTo(1 / Math.sqrt(info), 8)
    expect(t.hr).toBeCloseTo(r, 8)
    expect(t.z).toBeCloseTo(beta * Math.sqrt(info), 8)
    expect(t.p).toBeCloseTo(2 * pnorm(-Math.abs(beta) * Math.sqrt(info)), 8)
    expect(t.lower).toBeCloseTo(Math.exp(beta - Z975 / Math.sqrt(info)), 8)
    expect(m.loglik[0]).toBeCloseTo(-Math.log(24), 12)
    expect(m.loglik[1]).toBeCloseTo(loglik, 12)
    expect(m.score.stat).toBeCloseTo(8 / 13, 12)
    expect(m.lrt.stat).toBeCloseTo(2 * (loglik + Math.log(24)), 12)
    expect(m.wald.stat).toBeCloseTo(beta * beta * info, 8)
    expect(m.aic).toBeCloseTo(-2 * loglik + 2, 12)
  })
  it("Harrell's C of the linear predictor: 6 comparable pairs, 3 concordant, 2 tied (½), 1 discordant → 2/3", () => {
    expect(m.concordance).toBeCloseTo(2 / 3, 14)
  })
})
