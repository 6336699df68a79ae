// Model assessment by Harrell's C (concordance.ts):
// - k-fold cross-validation, repeated and seeded: each fold's Cox model is fitted on the
//   other folds and C is computed on the held-out fold from its linear predictor; the
//   summary is the mean over folds × repeats with a 95% CI mean ± t(0.975, m−1)·sd/√m;
// - bootstrap comparison of models: B resamples of the patients with replacement (seeded);
//   in each, every model is refitted and its C computed on that resample (as the study's
//   bootstrap of C-indices); per model the percentile 95% CI, per pair the mean difference,
//   its percentile CI and the two-sided bootstrap p = min(1, 2·min(P(Δ ≤ 0), P(Δ ≥ 0))).

import { coxFitCore, linearPredictor, type CoxOptions } from './cox.ts'
import { concordance } from './concordance.ts'
import { selectTerms, type ModelFrame } from './model_frame.ts'
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
  bootstrap: { replicates: number; models: BootstrapModel[]; pairs: BootstrapPair[] } | null
}

interface Design {
  x: Float64Array
  p: number
}

function design(frame: ModelFrame, terms: string[]): Design {
  const f = selectTerms(frame, terms)
  return { x: f.x, p: f.p }
}

function subset(d: Design, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * d.p)
  for (let i = 0; i < idx.length; i++) for (let j = 0; j < d.p; j++) out[i * d.p + j] = d.x[idx[i] * d.p + j]
  return out
}

function pick<T extends Float64Array | Uint8Array>(a: T, idx: ArrayLike<number>): T {
  const out = new (a.constructor as { new (n: number): T })(idx.length)
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]]
  return out
}

/** Fit on train rows, return C on test rows (test = train for apparent C). */
function foldC(frame: ModelFrame, d: Design, train: ArrayLike<number>, test: ArrayLike<number>, opts: CoxOptions): number {
  const fit = coxFitCore(pick(frame.time, train), pick(frame.status, train), subset(d, train), d.p, opts)
  const lp = linearPredictor(subset(d, test), test.length, d.p, fit.coef)
  return concordance(pick(frame.time, test), pick(frame.status, test), lp).concordance
}

/** Apparent C of a model refitted on a resample whose time/status are already picked. */
function resampleC(time: Float64Array, status: Uint8Array, d: Design, idx: ArrayLike<number>, opts: CoxOptions): number {
  const x = subset(d, idx)
  const fit = coxFitCore(time, status, x, d.p, opts)
  return concordance(time, status, linearPredictor(x, idx.length, d.p, fit.coef)).concordance
}


export interface CindexOptions extends CoxOptions {
  folds?: number
  repeats?: number
  bootstrap?: number
  seed?: number
  /** fixed fold of each row (0..folds−1), replacing the seeded random split (repeats = 1) */
  foldAssignment?: ArrayLike<number>
}

/** Cross-validated C per model and (bootstrap > 0) pairwise bootstrap comparisons. */
export function cindexAssessment(frame: ModelFrame, models: string[][], opts: CindexOptions = {}, ctx?: JobContext): CindexReport {
  const k = opts.folds ?? 5
  const repeats = opts.repeats ?? 1
  const B = opts.bootstrap ?? 1000
  const seed = opts.seed ?? 1
  const n = frame.n
  const names = models.map((m) => m.join('+') || '(null)')
  const designs = models.map((m) => design(frame, m))
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
      for (let m = 0; m < models.length; m++) {
        cvC[m].push(foldC(frame, designs[m], train, test, opts))
        tick('cross-validation')
      }
    }
  }
  const cv: CvSummary[] = cvC.map((cs, m) => {
    const vals = cs.filter((c) => !Number.isNaN(c))
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1))
    const h = vals.length > 1 ? (qt(0.975, vals.length - 1) * sd) / Math.sqrt(vals.length) : NaN
    return { model: names[m], terms: models[m], folds: cs, mean, sd, lower: mean - h, upper: mean + h }
  })
  let bootstrap: CindexReport['bootstrap'] = null
  if (B > 0) {
    const all = Int32Array.from({ length: n }, (_, i) => i)
    const apparent = designs.map((d) => foldC(frame, d, all, all, opts))
    const reps: number[][] = models.map(() => [])
    const rng = createRng(deriveSeed(seed, 1_000_003))
    const idx = new Int32Array(n)
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < n; i++) idx[i] = rng.int(n)
      const bt = pick(frame.time, idx)
      const bs = pick(frame.status, idx)
      for (let m = 0; m < models.length; m++) {
        reps[m].push(resampleC(bt, bs, designs[m], idx, opts))
        tick('bootstrap')
      }
    }
    const modelsOut: BootstrapModel[] = reps.map((rs, m) => {
      const s = [...rs].sort((a, b) => a - b)
      return { model: names[m], apparent: apparent[m], mean: rs.reduce((a, b) => a + b, 0) / B, lower: quantileSorted(s, 0.025), upper: quantileSorted(s, 0.975) }
    })
    const pairs: BootstrapPair[] = []
    for (let a = 0; a < models.length; a++)
      for (let b = a + 1; b < models.length; b++) {
        const d = reps[b].map((v, i) => v - reps[a][i])
        const s = [...d].sort((x, y) => x - y)
        const le = d.filter((v) => v <= 0).length / B
        const ge = d.filter((v) => v >= 0).length / B
        pairs.push({ a: names[a], b: names[b], diff: d.reduce((x, y) => x + y, 0) / B, lower: quantileSorted(s, 0.025), upper: quantileSorted(s, 0.975), p: Math.min(1, 2 * Math.min(le, ge)) })
      }
    bootstrap = { replicates: B, models: modelsOut, pairs }
  }
  let events = 0
  for (let i = 0; i < n; i++) events += frame.status[i]
  ctx?.progress?.(1, 'done')
  return { n, events, folds: k, repeats, seed, cv, bootstrap }
}
