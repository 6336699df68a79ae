// The survival-model interface consumed by model selection and assessment (stepwise AIC,
// cross-validated and bootstrap C-index): a model is fitted on a model frame and exposes its
// linear predictor for new rows, its log-likelihood, AIC = −2ℓ + 2·df (df = estimated,
// non-aliased parameters, as extractAIC), n and events. Cox (cox.ts) implements it; another
// survival model plugs into stepwise and cindex_cv by implementing `SurvivalModel`.

import { coxFitCore, linearPredictor, type CoxOptions } from './cox.ts'
import type { ModelFrame } from './model_frame.ts'

export interface FittedSurvivalModel {
  /** design-matrix columns, in the order of `coef` */
  columns: string[]
  /** coefficients (aliased ones 0, flagged in `aliased`) */
  coef: Float64Array
  aliased: boolean[]
  /** log-likelihood of the null model and of the fitted model */
  loglikNull: number
  loglik: number
  /** estimated parameters (non-aliased coefficients) */
  df: number
  aic: number
  n: number
  events: number
  converged: boolean
  warnings: string[]
  /** linear predictor Xβ for a row-major design with the fitted columns */
  linearPredictor(x: ArrayLike<number>, n: number): Float64Array
}

export interface SurvivalModel {
  name: string
  fit(frame: ModelFrame): FittedSurvivalModel
}

/** Cox proportional hazards (coxph) as a SurvivalModel; strata come from the frame. */
export function coxModel(opts: CoxOptions = {}): SurvivalModel {
  return {
    name: 'cox',
    fit(frame) {
      const fitOpts: CoxOptions = frame.strata ? { ...opts, strata: frame.strata } : opts
      const f = coxFitCore(frame.time, frame.status, frame.x, frame.p, fitOpts)
      let events = 0
      for (let i = 0; i < frame.n; i++) events += frame.status[i]
      const df = f.aliased.filter((a) => !a).length
      const coef = f.coef
      const p = frame.p
      return {
        columns: frame.columnNames, coef, aliased: f.aliased,
        loglikNull: f.loglik[0], loglik: f.loglik[1], df, aic: -2 * f.loglik[1] + 2 * df,
        n: frame.n, events, converged: f.converged, warnings: f.warnings,
        linearPredictor: (x, n) => linearPredictor(x, n, p, coef),
      }
    },
  }
}
