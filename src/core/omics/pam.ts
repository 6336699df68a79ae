// Nearest shrunken centroids (PAM; Tibshirani, Hastie, Narasimhan & Chu, PNAS 2002), as
// pamr's nsc / pamr.cv compute it:
//   s_i  = pooled within-class sd of gene i (÷ n - K),  s0 = median_i s_i,
//   m_k  = sqrt(1/n_k - 1/n),
//   d_ik = (x̄_ik - x̄_i) / (m_k (s_i + s0)),   d'_ik = sign(d_ik)(|d_ik| - Δ)_+,
//   x̄'_ik = x̄_i + m_k (s_i + s0) d'_ik,
//   δ_k(x*) = Σ_{i kept} (x*_i - x̄'_ik)² / (s_i + s0)² / 2 - log π_k  → class = argmin,
// π_k the class proportions. Threshold path: 30 values from 0 to max |d_ik|.
// CV: stratified ("balanced") folds; as pamr's nsccv each fold refits centroids, s_i and s0
// on the other folds, keeping the full data's thresholds, m_k and priors; chosen Δ = the
// largest threshold (keeping ≥ 1 gene) with the least CV errors. Kept genes: any d'_ik ≠ 0
// at the chosen Δ.

import { InputError } from '../errors.ts'
import type { JobContext } from '../job.ts'
import { throwIfCancelled } from '../job.ts'
import { createRng } from '../random.ts'
import { factorLevels } from './design.ts'
import { median } from '../math/quantiles.ts'

export interface PamModel {
  classes: string[]
  G: number
  /** s_i + s0 */
  sd: Float64Array
  s0: number
  overall: Float64Array
  /** G × K, x̄_ik */
  centroids: Float64Array
  /** G × K, d_ik */
  delta: Float64Array
  /** m_k */
  seScale: Float64Array
  prior: Float64Array
}

/** Fit centroids and standardised differences on the samples `idx` of a G × n matrix. */
export function pamFit(x: Float64Array, G: number, y: number[], classes: string[], idx: number[], fixed?: { seScale: Float64Array; prior: Float64Array }): PamModel {
  const n = y.length
  const K = classes.length
  const m = idx.length
  const nk = new Float64Array(K)
  for (const i of idx) nk[y[i]]++
  if (nk.some((c) => c === 0)) throw new InputError('every class needs samples in the training set')
  const centroids = new Float64Array(G * K)
  const overall = new Float64Array(G)
  const sdRaw = new Float64Array(G)
  for (let g = 0; g < G; g++) {
    const off = g * n
    let tot = 0
    for (const i of idx) {
      centroids[g * K + y[i]] += x[off + i]
      tot += x[off + i]
    }
    for (let k = 0; k < K; k++) centroids[g * K + k] /= nk[k]
    overall[g] = tot / m
    let ss = 0
    for (const i of idx) {
      const r = x[off + i] - centroids[g * K + y[i]]
      ss += r * r
    }
    sdRaw[g] = Math.sqrt(ss / (m - K))
  }
  const s0 = median(sdRaw)
  const sd = sdRaw.map((s) => s + s0)
  const seScale = fixed?.seScale ?? Float64Array.from(nk, (c) => Math.sqrt(1 / c - 1 / m))
  const delta = new Float64Array(G * K)
  for (let g = 0; g < G; g++)
    for (let k = 0; k < K; k++) delta[g * K + k] = (centroids[g * K + k] - overall[g]) / sd[g] / seScale[k]
  return { classes, G, sd, s0, overall, centroids, delta, seScale, prior: fixed?.prior ?? Float64Array.from(nk, (c) => c / m) }
}

/** Soft-thresholded d'_ik at threshold Δ (G × K). */
export function shrinkDelta(model: PamModel, threshold: number): Float64Array {
  return model.delta.map((d) => {
    const a = Math.abs(d) - threshold
    return a > 0 ? Math.sign(d) * a : 0
  })
}

/** Predicted class index for each sample in `idx` (columns of the G × n matrix x). */
export function pamPredict(model: PamModel, x: Float64Array, n: number, idx: number[], threshold: number): number[] {
  const { G, sd, overall, seScale, prior } = model
  const K = model.classes.length
  const shrunk = shrinkDelta(model, threshold)
  const kept: number[] = []
  for (let g = 0; g < G; g++) for (let k = 0; k < K; k++) if (shrunk[g * K + k] !== 0) { kept.push(g); break }
  return idx.map((i) => {
    let best = 0
    let bestScore = -Infinity
    for (let k = 0; k < K; k++) {
      // pamr diag.disc: x·c - |c|²/2 + log π on the standardised scale
      let score = Math.log(prior[k])
      for (const g of kept) {
        const c = shrunk[g * K + k] * seScale[k]
        const z = (x[g * n + i] - overall[g]) / sd[g]
        score += z * c - (c * c) / 2
      }
      if (score > bestScore) { bestScore = score; best = k }
    }
    return best
  })
}

/** Stratified folds: each class's samples shuffled (seeded) and dealt round-robin, continuing across classes. */
export function balancedFolds(y: number[], nFolds: number, seed: number): Int32Array {
  const rng = createRng(seed)
  const fold = new Int32Array(y.length)
  const K = Math.max(...y) + 1
  let next = 0
  for (let k = 0; k < K; k++) {
    const members = y.flatMap((v, i) => (v === k ? [i] : []))
    for (let i = members.length - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      const t = members[i]
      members[i] = members[j]
      members[j] = t
    }
    for (const i of members) {
      fold[i] = next
      next = (next + 1) % nFolds
    }
  }
  return fold
}

export interface PamKeptGene {
  gene: string
  /** shrunken centroid minus overall centroid, per class, data scale: x̄'_ik - x̄_i */
  diffs: Record<string, number>
  /** standardised shrunken differences (x̄'_ik - x̄_i) / (s_i + s0), as pamr.listgenes */
  scores: Record<string, number>
}

export interface PamResult {
  classes: string[]
  thresholds: number[]
  /** number of genes kept at each threshold (full data) */
  nonzero: number[]
  /** CV misclassifications at each threshold */
  cvErrors: number[]
  cvErrorRate: number[]
  folds: number[]
  chosenIndex: number
  chosenThreshold: number
  s0: number
  keptGenes: PamKeptGene[]
}

export interface PamOptions {
  folds?: number
  seed?: number
  nThreshold?: number
  /** explicit fold of each sample (0-based), overriding folds/seed */
  foldAssignment?: ArrayLike<number>
}

/** Threshold path, CV error per threshold, chosen threshold and the genes kept there. */
export function pamTrainCV(x: Float64Array, genes: string[], labels: string[], opts: PamOptions = {}, ctx?: JobContext): PamResult {
  const G = genes.length
  const n = labels.length
  if (x.length !== G * n) throw new InputError(`the matrix has ${x.length / Math.max(G, 1)} samples but ${n} labels were given`)
  const classes = factorLevels(labels)
  if (classes.length < 2) throw new InputError('PAM needs at least two classes')
  const y = labels.map((l) => classes.indexOf(l))
  const K = classes.length
  const all = Array.from({ length: n }, (_, i) => i)
  const full = pamFit(x, G, y, classes, all)
  const nThr = opts.nThreshold ?? 30
  let maxD = 0
  for (const d of full.delta) maxD = Math.max(maxD, Math.abs(d))
  // as R seq(0, max, length = nThr): i × (max / (nThr - 1)), the last exactly max
  const thresholds = Array.from({ length: nThr }, (_, i) => (i === nThr - 1 && nThr > 1 ? maxD : i * (maxD / Math.max(1, nThr - 1))))
  const nonzero = thresholds.map((t) => {
    const s = shrinkDelta(full, t)
    let c = 0
    for (let g = 0; g < G; g++) for (let k = 0; k < K; k++) if (s[g * K + k] !== 0) { c++; break }
    return c
  })
  let folds: Int32Array
  if (opts.foldAssignment) folds = Int32Array.from(opts.foldAssignment)
  else {
    const minClass = Math.min(...classes.map((_, k) => y.filter((v) => v === k).length))
    const nf = Math.max(2, Math.min(opts.folds ?? 10, minClass))
    folds = balancedFolds(y, nf, opts.seed ?? 1)
  }
  const nFolds = Math.max(...folds) + 1
  const errors = new Array<number>(nThr).fill(0)
  for (let f = 0; f < nFolds; f++) {
    const test = all.filter((i) => folds[i] === f)
    const train = all.filter((i) => folds[i] !== f)
    if (test.length === 0) continue
    // as pamr's nsccv: refit on the training samples with the full fit's se.scale and priors
    const model = pamFit(x, G, y, classes, train, { seScale: full.seScale, prior: full.prior })
    thresholds.forEach((t, ti) => {
      const pred = pamPredict(model, x, n, test, t)
      pred.forEach((c, j) => {
        if (c !== y[test[j]]) errors[ti]++
      })
    })
    throwIfCancelled(ctx)
    ctx?.progress?.((f + 1) / nFolds, `fold ${f + 1}/${nFolds}`)
  }
  // the largest threshold with the least CV error among those that keep at least one gene
  const candidates = errors.map((_, i) => i).filter((i) => nonzero[i] > 0)
  const minErr = Math.min(...candidates.map((i) => errors[i]))
  let chosen = 0
  for (const i of candidates) if (errors[i] === minErr) chosen = i
  const thr = thresholds[chosen]
  const shrunk = shrinkDelta(full, thr)
  const kept: PamKeptGene[] = []
  for (let g = 0; g < G; g++) {
    let any = false
    for (let k = 0; k < K; k++) if (shrunk[g * K + k] !== 0) any = true
    if (!any) continue
    const diffs: Record<string, number> = {}
    const scores: Record<string, number> = {}
    classes.forEach((c, k) => {
      const z = shrunk[g * K + k] * full.seScale[k]
      scores[c] = z
      diffs[c] = z * full.sd[g]
    })
    kept.push({ gene: genes[g], diffs, scores })
  }
  kept.sort((a, b) => maxAbs(b.scores) - maxAbs(a.scores))
  return {
    classes,
    thresholds,
    nonzero,
    cvErrors: errors,
    cvErrorRate: errors.map((e) => e / n),
    folds: Array.from(folds),
    chosenIndex: chosen,
    chosenThreshold: thr,
    s0: full.s0,
    keptGenes: kept,
  }
}

function maxAbs(r: Record<string, number>): number {
  return Math.max(...Object.values(r).map(Math.abs))
}
