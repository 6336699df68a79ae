// Model assessment by Harrell's C (concordance.ts):
// - k-fold cross-validation, repeated and seeded: each fold's Cox model is fitted on the
//   other folds and C is computed on the held-out fold from its linear predictor; the
//   summary is the mean over folds × repeats with a 95% CI mean ± t(0.975, m−1)·sd/√m,
//   truncated to C's range [0, 1] with a warning when it reaches past it;
// - bootstrap comparison of models: B resamples of the patients with replacement (seeded);
//   in each, every model is refitted and its C computed on that resample (as the study's
//   bootstrap of C-indices); per model the percentile 95% CI, per pair the mean difference,
//   its percentile CI and the two-sided bootstrap p = min(1, 2·min(P(Δ ≤ 0), P(Δ ≥ 0))).
// Any survival model (survival_model.ts) can be assessed; Cox is the default. A fold whose
// training part has no event, or whose held-out part has no comparable pair (no event), has
// C = NA with a warning and is left out of the mean; a bootstrap resample with no event
// (or no comparable pair) is skipped and counted. With no event at all, or no estimable
// fold, the assessment is refused (InputError).

import type { CoxOptions } from './cox.ts'
import { concordanceWithin } from './concordance.ts'
import { selectRows, selectTerms, type ModelFrame } from './model_frame.ts'
import { coxModel, type SurvivalModel } from './survival_model.ts'
import { InputError } from '../errors.ts'
import { qt } from '../math/distributions.ts'
import { quantileSorted } from '../math/quantiles.ts'
import { createRng, deriveSeed, shuffleInPlace } from '../random.ts'
import { throwIfCancelled, type JobContext } from '../job.ts'

export interface CvSummary {
  model: string
  terms: string[]
  /** C per (repeat, fold) */
  folds: number[]
  mean: number
  sd: number
  lower: number
  upper: number
}

export interface BootstrapModel {
  model: string
  /** C on the full data */
  apparent: number
  mean: number
  lower: number
  upper: number
}

export interface BootstrapPair {
  a: string
  b: string
  /** mean of C_b − C_a over replicates */
  diff: number
  lower: number
  upper: number
  p: number
}

export interface CindexReport {
  n: number
  events: number
  folds: number
  repeats: number
  seed: number
  cv: CvSummary[]
  bootstrap: { replicates: number; models: BootstrapModel[]; pairs: BootstrapPair[]; skipped?: number } | null
  /** folds or resamples where C was not estimable (present only when there are some) */
  warnings?: string[]
}

function eventsIn(f: ModelFrame): number {
  let e = 0
  for (let i = 0; i < f.n; i++) e += f.status[i]
  return e
}

/** Fit on the train rows, C on the test rows (the same frame for apparent C); NaN when not estimable. */
function foldC(model: SurvivalModel, train: ModelFrame, test: ModelFrame): number {
  if (eventsIn(train) === 0) return NaN
  const fit = model.fit(train)
  const lp = fit.linearPredictor(test.x, test.n)
  return concordanceWithin(test.time, test.status, lp, test.strata).concordance
}

export interface CindexOptions extends CoxOptions {
  folds?: number
  repeats?: number
  bootstrap?: number
  seed?: number
  /** fixed fold of each row (0..folds−1), replacing the seeded random split (repeats = 1) */
  foldAssignment?: ArrayLike<number>
  /** the survival model assessed (default: Cox with these options) */
  model?: SurvivalModel
}

/** Cross-validated C per model and (bootstrap > 0) pairwise bootstrap comparisons. */
export function cindexAssessment(frame: ModelFrame, models: string[][], opts: CindexOptions = {}, ctx?: JobContext): CindexReport {
  const k = opts.folds ?? 5
  const repeats = opts.repeats ?? 1
  const B = opts.bootstrap ?? 1000
  const seed = opts.seed ?? 1
  const n = frame.n
  const names = models.map((m) => m.join('+') || '(null)')
  const designs = models.map((m) => selectTerms(frame, m))
  const model = opts.model ?? coxModel(opts)
  const events = eventsIn(frame)
  if (events === 0) throw new InputError(`not estimable: all ${n} patients are censored (no events), so no C-index can be computed`)
  const warnings: string[] = []
  const work = repeats * k * models.length + B * models.length
  let done = 0
  const tick = (msg: string) => {
    done++
    if (done % 50 === 0) {
      throwIfCancelled(ctx)
      ctx?.progress?.(done / work, msg)
    }
  }
  const cvC: number[][] = models.map(() => [])
  for (let r = 0; r < repeats; r++) {
    const rng = createRng(deriveSeed(seed, r))
    const perm = Int32Array.from({ length: n }, (_, i) => i)
    shuffleInPlace(perm, rng)
    const fold = new Int32Array(n)
    for (let i = 0; i < n; i++) fold[perm[i]] = i % k
    if (opts.foldAssignment) for (let i = 0; i < n; i++) fold[i] = opts.foldAssignment[i]
    for (let f = 0; f < k; f++) {
      const train: number[] = []
      const test: number[] = []
      for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i)
      let na = false
      for (let m = 0; m < models.length; m++) {
        const c = foldC(model, selectRows(designs[m], train), selectRows(designs[m], test))
        if (Number.isNaN(c)) na = true
        cvC[m].push(c)
        tick('cross-validation')
      }
      if (na) {
        let trainEvents = 0
        for (const i of train) trainEvents += frame.status[i]
        warnings.push(`repeat ${r + 1}, fold ${f + 1}: C not estimable (${trainEvents === 0 ? 'no event in the training folds' : 'no event (no comparable pair) among its held-out patients'}); NA, left out of the mean`)
      }
    }
  }
  cvC.forEach((cs, m) => {
    if (cs.every((c) => Number.isNaN(c)))
      throw new InputError(`not estimable: no fold gives a C-index for model ${names[m]} (too few events: ${events} among ${n}); use fewer folds`)
  })
  const cv: CvSummary[] = cvC.map((cs, m) => {
    const vals = cs.filter((c) => !Number.isNaN(c))
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1))
    const h = vals.length > 1 ? (qt(0.975, vals.length - 1) * sd) / Math.sqrt(vals.length) : NaN
    // C lies in [0, 1]: a t interval reaching past it is truncated there, and the run says so
    if (mean - h < 0 || mean + h > 1) warnings.push(`model ${names[m]}: the 95% CI of the cross-validated C (${(mean - h).toFixed(3)}–${(mean + h).toFixed(3)}) reaches outside [0, 1] (few or widely varying estimates); truncated to [${Math.max(0, mean - h).toFixed(3)}, ${Math.min(1, mean + h).toFixed(3)}]`)
    return { model: names[m], terms: models[m], folds: cs, mean, sd, lower: Math.max(0, mean - h), upper: Math.min(1, mean + h) }
  })
  let bootstrap: CindexReport['bootstrap'] = null
  if (B > 0) {
    const apparent = designs.map((d) => foldC(model, d, d))
    const reps: number[][] = models.map(() => [])
    const rng = createRng(deriveSeed(seed, 1_000_003))
    const idx = new Int32Array(n)
    let skipped = 0
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < n; i++) idx[i] = rng.int(n)
      const cs: number[] = []
      for (let m = 0; m < models.length; m++) {
        const d = selectRows(designs[m], idx)
        cs.push(foldC(model, d, d))
        tick('bootstrap')
      }
      if (cs.some((c) => Number.isNaN(c))) skipped++
      else cs.forEach((c, m) => reps[m].push(c))
    }
    const kept = B - skipped
    if (kept === 0) throw new InputError(`not estimable: none of the ${B} bootstrap resamples has an event with a comparable pair (${events} events among ${n})`)
    if (skipped) warnings.push(`${skipped} of ${B} bootstrap resamples had no event (or no comparable pair) and were skipped; the bootstrap uses ${kept}`)
    const modelsOut: BootstrapModel[] = reps.map((rs, m) => {
      const s = [...rs].sort((a, b) => a - b)
      return { model: names[m], apparent: apparent[m], mean: rs.reduce((a, b) => a + b, 0) / kept, lower: quantileSorted(s, 0.025), upper: quantileSorted(s, 0.975) }
    })
    const pairs: BootstrapPair[] = []
    for (let a = 0; a < models.length; a++)
      for (let b = a + 1; b < models.length; b++) {
        const d = reps[b].map((v, i) => v - reps[a][i])
        const s = [...d].sort((x, y) => x - y)
        const le = d.filter((v) => v <= 0).length / kept
        const ge = d.filter((v) => v >= 0).length / kept
        pairs.push({ a: names[a], b: names[b], diff: d.reduce((x, y) => x + y, 0) / kept, lower: quantileSorted(s, 0.025), upper: quantileSorted(s, 0.975), p: Math.min(1, 2 * Math.min(le, ge)) })
      }
    bootstrap = { replicates: B, models: modelsOut, pairs, ...(skipped ? { skipped } : {}) }
  }
  ctx?.progress?.(1, 'done')
  return { n, events, folds: k, repeats, seed, cv, bootstrap, ...(warnings.length ? { warnings } : {}) }
}
