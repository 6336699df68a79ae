// Pre-ranked gene-set enrichment analysis (Subramanian et al., PNAS 2005): genes sorted by
// a ranking metric; for each set the weighted Kolmogorov–Smirnov running sum (hits weighted
// by |r|^p / Σ_hits |r|^p, misses 1/(N - k)); ES = the largest deviation from zero; the null
// from random gene sets of the same size (gene permutation, seeded xoshiro128** stream per
// set); NES = ES / mean |ES_null| of the same sign; p = (#{null as extreme, same sign} + 1) /
// (#{null of that sign} + 1); BH across sets; leading edge = the hits before the peak (after
// it for a negative ES).
// Refused: scores that are all equal up to rounding (all zero, all tied: the ranking carries
// no order and every running sum is an artefact of the tie order), a permutation count
// outside 0..1e6 (0: ES only), and size bounds that admit no set.

import { createRng, deriveSeed } from '../random.ts'
import type { JobContext } from '../job.ts'
import { throwIfCancelled } from '../job.ts'
import { InputError } from '../errors.ts'
import { inputWarning } from '../validate/warnings.ts'
import type { GeneSet } from './gmt.ts'
import { pAdjust } from '../math/p_adjust.ts'

export interface GseaOptions {
  permutations?: number
  seed?: number
  /** weight exponent p (1 = classic weighted GSEA) */
  weight?: number
  minSize?: number
  maxSize?: number
}

export interface GseaRow {
  set: string
  size: number
  es: number
  nes: number
  p: number
  adjP: number
  leadingEdge: string[]
  /** 0-based rank position of the running-sum peak */
  peak: number
}

export interface RankedList {
  genes: string[]
  scores: Float64Array
}

/** Sort genes by decreasing score (stable). */
export function rankGenes(genes: string[], scores: ArrayLike<number>): RankedList {
  const idx = genes.map((_, i) => i).filter((i) => Number.isFinite(scores[i]))
  idx.sort((a, b) => scores[b] - scores[a] || a - b)
  return { genes: idx.map((i) => genes[i]), scores: Float64Array.from(idx, (i) => scores[i]) }
}

/**
 * ES of a set given its hit positions (sorted increasingly) in a list of N genes with
 * absolute weights w[pos]; returns [es, peak position].
 */
export function enrichmentScore(hits: Int32Array, N: number, w: Float64Array): [number, number] {
  const k = hits.length
  let nr = 0
  for (let j = 0; j < k; j++) nr += w[hits[j]]
  const missStep = 1 / (N - k)
  let run = 0
  let max = 0, maxPos = 0, min = 0, minPos = 0
  let prev = -1
  for (let j = 0; j < k; j++) {
    const h = hits[j]
    run -= (h - prev - 1) * missStep
    if (run < min) { min = run; minPos = h - 1 }
    run += nr > 0 ? w[h] / nr : 1 / k
    if (run > max) { max = run; maxPos = h }
    prev = h
  }
  return max >= -min ? [max, maxPos] : [min, minPos]
}

/** Upper bound of the permutation count. */
export const MAX_PERMUTATIONS = 1_000_000

/** All scores equal up to rounding (spread ≤ 1e-12 of the largest |score|, or all zero). */
export function refuseTiedScores(scores: ArrayLike<number>): void {
  let lo = Infinity, hi = -Infinity, big = 0
  for (let i = 0; i < scores.length; i++) {
    lo = Math.min(lo, scores[i])
    hi = Math.max(hi, scores[i])
    big = Math.max(big, Math.abs(scores[i]))
  }
  if (!(hi - lo > 1e-12 * big))
    throw new InputError(`all ${scores.length} ranking scores are equal (${lo === 0 && hi === 0 ? 'all zero' : `all ${lo}`}): the ranking has no order, so GSEA is not defined; rank by a statistic that varies (e.g. the t or logFC column)`)
  // the order inside a run of tied scores is the input order, so a ranking that is mostly
  // ties gives enrichment scores that only reflect how the file was sorted
  const sorted = Float64Array.from(scores).sort()
  const tol = 1e-12 * big
  let run = 1, longest = 1, at = sorted[0], tiedGenes = 0
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] - sorted[i - 1] <= tol) run++
    else {
      if (run > 1) tiedGenes += run
      if (run > longest) (longest = run), (at = sorted[i - 1])
      run = 1
    }
  }
  if (longest > scores.length / 2)
    throw new InputError(`${longest} of the ${scores.length} ranking scores are tied (at ${at}): their order is arbitrary (the file's order), so GSEA's enrichment scores would not be meaningful; rank by a statistic that varies (e.g. the t column) or drop the genes without a score`)
  if (tiedGenes > 0.05 * scores.length)
    inputWarning(`${tiedGenes} of the ${scores.length} ranking scores (${((100 * tiedGenes) / scores.length).toFixed(1)}%) are tied; the order of tied genes is arbitrary, which may affect the results (as fgsea warns)`)
}

export function gseaPreranked(ranked: RankedList, sets: GeneSet[], opts: GseaOptions = {}, ctx?: JobContext): GseaRow[] {
  const N = ranked.genes.length
  const perms = opts.permutations ?? 1000
  const seed = opts.seed ?? 1
  const pw = opts.weight ?? 1
  const minSize = opts.minSize ?? 15
  const maxSize = opts.maxSize ?? 500
  if (N < 2) throw new InputError('the ranked list needs at least two genes')
  // 0 permutations = enrichment scores only (p, NES = NA); the CLI asks for at least 1
  if (!Number.isInteger(perms) || perms < 0 || perms > MAX_PERMUTATIONS) throw new InputError(`--perm must be an integer from 1 to ${MAX_PERMUTATIONS}, got ${perms}`)
  if (!Number.isInteger(minSize) || minSize < 1) throw new InputError(`--min-size must be an integer of at least 1, got ${minSize}`)
  if (!(maxSize >= minSize)) throw new InputError(`--max-size (${maxSize}) must be at least --min-size (${minSize})`)
  if (!(pw >= 0 && Number.isFinite(pw))) throw new InputError(`the weight exponent must be a finite number ≥ 0, got ${pw}`)
  refuseTiedScores(ranked.scores)
  const pos = new Map(ranked.genes.map((g, i) => [g, i]))
  const w = Float64Array.from(ranked.scores, (s) => Math.pow(Math.abs(s), pw))
  const rows: GseaRow[] = []
  const pool = new Int32Array(N)
  sets.forEach((s, si) => {
    const hitList = [...new Set(s.genes)].map((g) => pos.get(g)).filter((x): x is number => x !== undefined)
    const k = hitList.length
    if (k < minSize || k > maxSize || k >= N) return
    const hits = Int32Array.from(hitList).sort()
    const [es, peak] = enrichmentScore(hits, N, w)
    const rng = createRng(deriveSeed(seed, si))
    for (let i = 0; i < N; i++) pool[i] = i
    let posSum = 0, posN = 0, negSum = 0, negN = 0, extreme = 0
    const draw = new Int32Array(k)
    for (let b = 0; b < perms; b++) {
      for (let j = 0; j < k; j++) {
        const r = j + rng.int(N - j)
        const t = pool[j]
        pool[j] = pool[r]
        pool[r] = t
        draw[j] = pool[j]
      }
      draw.sort()
      const [e] = enrichmentScore(draw, N, w)
      if (e >= 0) {
        posSum += e
        posN++
        if (es >= 0 && e >= es) extreme++
      } else {
        negSum -= e
        negN++
        if (es < 0 && e <= es) extreme++
      }
    }
    const nes = es >= 0 ? (posN ? es / (posSum / posN) : NaN) : negN ? es / (negSum / negN) : NaN
    const p = perms > 0 ? (extreme + 1) / ((es >= 0 ? posN : negN) + 1) : NaN
    const leadingEdge = Array.from(hits)
      .filter((h) => (es >= 0 ? h <= peak : h >= peak))
      .map((h) => ranked.genes[h])
    rows.push({ set: s.name, size: k, es, nes, p, adjP: NaN, leadingEdge, peak })
    throwIfCancelled(ctx)
    ctx?.progress?.((si + 1) / sets.length, s.name)
  })
  const adj = pAdjust(rows.map((r) => r.p), 'BH')
  rows.forEach((r, i) => (r.adjP = adj[i]))
  return rows
}
