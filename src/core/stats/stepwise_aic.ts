// Backward stepwise selection of Cox model terms by AIC, as R's
// step(fit, direction = "backward", scope = list(lower = ~forced)): at each step every
// droppable term is removed in turn (drop1), the model with the lowest AIC is kept if it
// beats the current AIC (by more than 1e-7), until no removal lowers it. AIC = −2ℓ + 2·df.
// Factors are dropped as whole terms. All candidate models use the same rows (the frame's).

import { coxph, type CoxModel, type CoxOptions } from './cox.ts'
import { selectTerms, type ModelFrame } from './model_frame.ts'
import { throwIfCancelled, type JobContext } from '../job.ts'

export interface StepRecord {
  /** term removed at this step (null for the start) */
  dropped: string | null
  aic: number
  terms: string[]
  /** AIC of each candidate removal at this step */
  candidates: { term: string; aic: number }[]
}

export interface StepwiseResult {
  steps: StepRecord[]
  selected: string[]
  model: CoxModel
}

/** Backward elimination from all of the frame's terms, keeping `forced` terms. */
export function stepwiseBackward(frame: ModelFrame, opts: CoxOptions & { forced?: string[] } = {}, ctx?: JobContext): StepwiseResult {
  const forced = new Set(opts.forced ?? [])
  let current = frame.terms.map((t) => t.name)
  let model = coxph(selectTerms(frame, current), opts)
  let aic = model.aic
  const steps: StepRecord[] = [{ dropped: null, aic, terms: [...current], candidates: [] }]
  for (;;) {
    throwIfCancelled(ctx)
    const droppable = current.filter((t) => !forced.has(t))
    if (droppable.length === 0) break
    const candidates = droppable.map((term) => {
      const m = coxph(selectTerms(frame, current.filter((t) => t !== term)), opts)
      return { term, aic: m.aic, model: m }
    })
    let best = candidates[0]
    for (const c of candidates) if (c.aic < best.aic) best = c
    steps[steps.length - 1].candidates = candidates.map(({ term, aic }) => ({ term, aic }))
    if (!(best.aic < aic) || best.aic >= aic + 1e-7) break
    current = current.filter((t) => t !== best.term)
    model = best.model
    aic = best.aic
    steps.push({ dropped: best.term, aic, terms: [...current], candidates: [] })
  }
  return { steps, selected: current, model }
}
