// Stepwise selection of survival-model terms by AIC, as R's step() (stats 4.x) on a coxph
// fit: direction "backward", "forward" or "both", scope = list(lower, upper). Each step
// evaluates drop1 (every droppable term: in the model, not in lower) and, when forward,
// add1 (every term of upper not in the model); a drop that leaves the estimated df
// unchanged (an aliased term: coefficient NA) is made at once (the last such term, as
// step()), otherwise the candidate with the lowest AIC is taken if it beats the current
// AIC, ties going to "no change", then to drops before adds, in term order. Candidates whose
// df change is 0 (adding an aliased term) are skipped. AIC = −2ℓ + 2·df. Factors enter and
// leave as whole terms; all candidate models use the same rows (the frame's).
// Without a scope, the upper scope is the start model (R's default for a missing scope).

import { coxph, type CoxModel, type CoxOptions } from './cox.ts'
import { selectTerms, type ModelFrame } from './model_frame.ts'
import { coxModel, type FittedSurvivalModel, type SurvivalModel } from './survival_model.ts'
import { InputError } from '../errors.ts'
import { throwIfCancelled, type JobContext } from '../job.ts'

export type StepDirection = 'backward' | 'forward' | 'both'

export interface StepRecord {
  /** term removed at this step (null for the start or an addition) */
  dropped: string | null
  /** term added at this step (forward and both only) */
  added?: string
  aic: number
  terms: string[]
  /** AIC of each candidate removal at this step */
  candidates: { term: string; aic: number }[]
  /** AIC of each candidate addition at this step (forward and both only) */
  additions?: { term: string; aic: number }[]
}

export interface StepOptions {
  direction?: StepDirection
  /** terms of the start model (default: all of the frame's terms; with direction forward: the lower scope) */
  start?: string[]
  /** upper scope: terms that may be added (default: the start model, as step() without a scope) */
  upper?: string[]
  /** lower scope: terms never dropped */
  forced?: string[]
}

export interface StepPath {
  steps: StepRecord[]
  selected: string[]
  fit: FittedSurvivalModel
  warnings: string[]
}

export interface StepwiseResult {
  steps: StepRecord[]
  selected: string[]
  model: CoxModel
  warnings: string[]
}

/** Stepwise AIC selection with any survival model. */
export function stepwiseSelect(frame: ModelFrame, model: SurvivalModel, opts: StepOptions = {}, ctx?: JobContext): StepPath {
  const direction = opts.direction ?? 'backward'
  const all = frame.terms.map((t) => t.name)
  const known = (list: string[], what: string) => {
    for (const t of list) if (!all.includes(t)) throw new InputError(`${what} names "${t}", which is not among the covariates (${all.join(', ')})`)
  }
  const forced = opts.forced ?? []
  known(forced, '--force')
  let current = opts.start ?? (direction === 'forward' ? [...forced] : [...all])
  known(current, '--start')
  for (const t of forced) if (!current.includes(t)) throw new InputError(`forced term "${t}" must be in the start model (--start)`)
  const upper = opts.upper ?? (direction === 'forward' ? all : [...current])
  known(upper, 'the scope')
  const backward = direction !== 'forward'
  const forward = direction !== 'backward'
  let events = 0
  for (let i = 0; i < frame.n; i++) events += frame.status[i]
  if (events === 0) throw new InputError(`not estimable: no events among the ${frame.n} complete rows; stepwise selection needs at least one event`)
  const fitTerms = (terms: string[]) => model.fit(selectTerms(frame, terms))
  let fit = fitTerms(current)
  let aic = fit.aic
  const warnings: string[] = []
  const steps: StepRecord[] = [{ dropped: null, aic, terms: [...current], candidates: [] }]
  for (;;) {
    throwIfCancelled(ctx)
    const droppable = backward ? current.filter((t) => !forced.includes(t)) : []
    const addable = forward ? upper.filter((t) => !current.includes(t)) : []
    const drops = droppable.map((term) => ({ term, fit: fitTerms(current.filter((t) => t !== term)) }))
    const last = steps[steps.length - 1]
    last.candidates = drops.map((c) => ({ term: c.term, aic: c.fit.aic }))
    // a term whose removal does not change df is aliased: step() drops it first
    const zero = drops.filter((c) => c.fit.df === fit.df)
    let change: { kind: 'drop' | 'add'; term: string; fit: FittedSurvivalModel } | null = null
    if (zero.length) {
      const z = zero[zero.length - 1]
      change = { kind: 'drop', term: z.term, fit: z.fit }
      warnings.push(`${z.term} removed first: its coefficient is not estimable (constant or collinear with the other terms), as step() does`)
    } else {
      const adds = addable.map((term) => ({ term, fit: fitTerms([...current, term]) }))
      if (forward) last.additions = adds.map((c) => ({ term: c.term, aic: c.fit.aic }))
      let best: { kind: 'drop' | 'add'; term: string; fit: FittedSurvivalModel } | null = null
      let bestAic = aic
      for (const c of drops) if (c.fit.aic < bestAic) { best = { kind: 'drop', ...c }; bestAic = c.fit.aic }
      for (const c of adds) if (c.fit.df !== fit.df && c.fit.aic < bestAic) { best = { kind: 'add', ...c }; bestAic = c.fit.aic }
      change = best
    }
    if (!change || change.fit.aic >= aic + 1e-7) break
    current = change.kind === 'drop' ? current.filter((t) => t !== change.term) : [...current, change.term]
    fit = change.fit
    aic = fit.aic
    steps.push(change.kind === 'drop' ? { dropped: change.term, aic, terms: [...current], candidates: [] } : { dropped: null, added: change.term, aic, terms: [...current], candidates: [] })
  }
  return { steps, selected: current, fit, warnings }
}

/** Stepwise selection of Cox model terms; the selected model summarised as coxph. */
export function stepwiseCox(frame: ModelFrame, opts: CoxOptions & StepOptions = {}, ctx?: JobContext): StepwiseResult {
  const path = stepwiseSelect(frame, coxModel(opts), opts, ctx)
  return { steps: path.steps, selected: path.selected, model: coxph(selectTerms(frame, path.selected), opts), warnings: path.warnings }
}

/** Backward elimination from all of the frame's terms, keeping `forced` terms. */
export function stepwiseBackward(frame: ModelFrame, opts: CoxOptions & { forced?: string[] } = {}, ctx?: JobContext): StepwiseResult {
  return stepwiseCox(frame, { ...opts, direction: 'backward' }, ctx)
}
