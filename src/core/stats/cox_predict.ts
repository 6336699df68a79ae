// Predictions from a fitted Cox model for new covariate rows, as R's predict.coxph(type =
// "lp") and survfit.coxph(fit, newdata): the linear predictor (x − mean)·β (centred at the
// fitted means, R's default), and survival curves S(t | x) = exp(−Λ₀(t) · exp((x − mean)·β))
// with the baseline cumulative hazard at the means — Breslow increments d / Σ r for Breslow
// ties and Efron's Σₖ 1/(Σ r − k/d · Σ_dead r) for Efron ties (survfit's ctype 1 / 2).

import type { CoxModel } from './cox.ts'
import type { ModelFrame } from './model_frame.ts'

export interface BaselineHazard {
  /** distinct event times */
  time: number[]
  /** cumulative hazard at the covariate means */
  cumhaz: number[]
}

/** Centred linear predictor for row-major rows x (same columns as the fit). */
export function predictLinear(model: CoxModel, x: ArrayLike<number>, n: number): Float64Array {
  const { coef, means } = model.fit
  const p = coef.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < p; j++) s += (x[i * p + j] - means[j]) * coef[j]
    out[i] = s
  }
  return out
}

/** Baseline cumulative hazard of a model fitted on `frame`. */
export function baselineHazard(model: CoxModel, frame: ModelFrame): BaselineHazard {
  const risk = Array.from(predictLinear(model, frame.x, frame.n), Math.exp)
  const order = Array.from({ length: frame.n }, (_, i) => i).sort((a, b) => frame.time[a] - frame.time[b])
  let atRisk = risk.reduce((a, b) => a + b, 0)
  const time: number[] = []
  const cumhaz: number[] = []
  let H = 0
  for (let k = 0; k < order.length; ) {
    const t = frame.time[order[k]]
    let e = k
    let d = 0
    let deadRisk = 0
    let leaving = 0
    while (e < order.length && frame.time[order[e]] === t) {
      const i = order[e]
      if (frame.status[i] === 1) {
        d++
        deadRisk += risk[i]
      }
      leaving += risk[i]
      e++
    }
    if (d > 0) {
      if (model.ties === 'efron') for (let q = 0; q < d; q++) H += 1 / (atRisk - (q / d) * deadRisk)
      else H += d / atRisk
      time.push(t)
      cumhaz.push(H)
    }
    atRisk -= leaving
    k = e
  }
  return { time, cumhaz }
}

/** Survival curves for new rows at the given times (step function of the baseline). */
export function predictSurvival(model: CoxModel, base: BaselineHazard, x: ArrayLike<number>, n: number, at: number[]): number[][] {
  const lp = predictLinear(model, x, n)
  return Array.from(lp, (eta) =>
    at.map((t) => {
      let H = 0
      for (let k = 0; k < base.time.length && base.time[k] <= t; k++) H = base.cumhaz[k]
      return Math.exp(-H * Math.exp(eta))
    }),
  )
}
