// Cox linear predictor and survival curves for new data vs predict.coxph / survfit.coxph.
import { describe, it } from 'vitest'
import { SURVIVAL, dataset, expectAbs, expectRel, fixture } from './helpers.ts'
import { coxph, type Ties } from '../../../src/core/stats/cox.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { baselineHazard, predictLinear, predictSurvival } from '../../../src/core/stats/cox_predict.ts'

const f = fixture('cox_predict.json')

describe.skipIf(!SURVIVAL)('Cox predictions vs R', () => {
  for (const c of f.cases) {
    it(`lung age + sex + ph.ecog (${c.ties})`, () => {
      const frame = buildModelFrame(dataset('lung'), { time: 'time', event: 'status', covariates: ['age', 'sex', 'ph.ecog'] })
      const m = coxph(frame, { ties: c.ties as Ties })
      const nd: { age: number; sex: string; 'ph.ecog': number }[] = c.newdata
      const x = nd.flatMap((r) => [r.age, r.sex === 'male' ? 1 : 0, r['ph.ecog']])
      const lp = predictLinear(m, x, nd.length)
      c.lp.forEach((v: number, i: number) => expectRel(lp[i], v, 1e-6, `lp[${i}]`))
      const base = baselineHazard(m, frame)
      c.baseCumhaz.forEach((v: number, i: number) => expectRel(base.cumhaz[i], v, 1e-6, `cumhaz[${i}]`))
      const s = predictSurvival(m, base, x, nd.length, c.at)
      c.surv.forEach((row: number[], i: number) => row.forEach((v, j) => expectAbs(s[i][j], v, 1e-8, `S[${i}](${c.at[j]})`)))
    })
  }
})
