// Consensus clustering with ConsensusClusterPlus semantics (Wilkerson & Hayes 2010,
// Bioconductor ConsensusClusterPlus 1.62, clusterAlg = "hc"): `reps` subsamples of
// floor(n·pItem) items (and floor(p·pFeature) features), each clustered hierarchically
// (inner linkage) and cut at k = 2..maxK; consensus(i, j) = times clustered together /
// times sampled together. Each k's consensus is clustered again (hclust of 1 − consensus,
// final linkage) and cut at k. Summaries as CCP: consensus CDF on 100 histogram bins
// (R `hist`, right-closed with R's fuzz), area under it, delta area (k = 2: the area;
// then relative change), cluster consensus and item consensus (CCP `calcICL`); PAC
// (Șenbabaoğlu et al. 2014) = fraction of item pairs with 0.1 < consensus < 0.9.
//
// Random streams: rep r draws from createRng(deriveSeed(seed, r)), so any split of the
// reps over workers gives the same counts. Memory O(n²) whatever `reps`: integer counts
// in n × n upper triangles. With pFeature = 1 the item distances are computed once and
// each subsample takes its submatrix (CCP does the same).

import { createRng, deriveSeed } from '../random.ts'
import { InputError } from '../errors.ts'
import { throwIfCancelled, type JobContext } from '../job.ts'
import { distanceMatrix, refuseZeroVarianceRows, subMatrix, type DistanceName, type FeatureMatrix } from './distance.ts'
import { agglomerate, hclust, LINKAGE_IOPT, mergeMatrix, type HClustResult, type Linkage } from './hclust.ts'
import { cutreeMany } from './cutree.ts'

export interface ConsensusOptions {
  maxK: number
  reps: number
  pItem: number
  pFeature: number
  distance: DistanceName
  innerLinkage: Linkage
  finalLinkage: Linkage
  seed: number
}

export const DEFAULT_CONSENSUS: ConsensusOptions = {
  maxK: 6,
  reps: 1000,
  pItem: 0.8,
  pFeature: 1,
  distance: 'pearson',
  innerLinkage: 'average',
  finalLinkage: 'average',
  seed: 1,
}

/**
 * Accumulated counts over resamplings, in n × n upper triangles (i < j at i·n + j).
 * Stored in the forms that need the fewest writes per resampling; read them through
 * cosampledCount / togetherCount.
 */
export interface ConsensusCounts {
  n: number
  maxK: number
  /** number of resamplings accumulated */
  reps: number
  /** times each item was left out */
  missed: Int32Array
  /** times items i and j were both left out (co-sampled = reps − missed_i − missed_j + this) */
  bothMissed: Int32Array
  /**
   * per level L = 2..maxK (index L − 2): times i and j were in one inner cluster at k = L
   * but not at L + 1 (L = maxK: together at maxK). Cuts of one tree are nested, so
   * together at k = Σ_{L ≥ k} lastTogether[L − 2].
   */
  lastTogether: Int32Array[]
}

/** Times items i and j (i ≠ j) were sampled together. */
export function cosampledCount(c: ConsensusCounts, i: number, j: number): number {
  const [a, b] = i < j ? [i, j] : [j, i]
  return c.reps - c.missed[a] - c.missed[b] + c.bothMissed[a * c.n + b]
}

/** Upper triangle (i < j at i·n + j) of times i and j were in one inner cluster at k. */
export function togetherCounts(c: ConsensusCounts, k: number): Int32Array {
  const out = Int32Array.from(c.lastTogether[c.maxK - 2])
  for (let l = c.maxK - 1; l >= k; l--) addInto(out, c.lastTogether[l - 2])
  return out
}

export interface ConsensusK {
  k: number
  /** consensus matrix, n × n row-major (diagonal 1 for items sampled at least once) */
  consensus: Float64Array
  /** final clustering, labels 1..k as R `cutree` */
  clusters: Int32Array
  /** hierarchical tree of 1 − consensus (final linkage); tree.order orders heatmaps */
  tree: HClustResult
  /** consensus CDF at the right ends of the 100 bins 0.01, 0.02, …, 1 */
  cdf: Float64Array
  /** area under the CDF (CCP's histogram sum) */
  area: number
  /** proportion of ambiguous clustering: pairs with 0.1 < consensus < 0.9 */
  pac: number
  /** mean within-cluster consensus per cluster label 1..k (NaN for a singleton) */
  clusterConsensus: number[]
  /** mean consensus of each item with each cluster (n × k row-major; itself excluded) */
  itemConsensusAll: Float64Array
  /** each item's consensus with its own cluster */
  itemConsensus: Float64Array
}

export interface ConsensusResult {
  n: number
  maxK: number
  reps: number
  options: ConsensusOptions
  perK: ConsensusK[]
  /** delta area per k (index k − 2): k = 2 the area itself, then (A_k − A_{k−1}) / A_{k−1} */
  deltaArea: number[]
  suggestedK: number
  suggestedReason: string
}

/** Upper bound of --reps (ConsensusClusterPlus' default is 10, common use 1000): 1e5 resamplings take hours. */
export const MAX_REPS = 100_000

/** Checks options against the data size; InputError names the offending option. */
export function validateConsensusOptions(n: number, p: number, o: ConsensusOptions): void {
  if (!Number.isInteger(o.maxK) || o.maxK < 2) throw new InputError(`--max-k must be an integer ≥ 2, got ${o.maxK}`)
  if (!Number.isInteger(o.reps) || o.reps < 1 || o.reps > MAX_REPS) throw new InputError(`--reps must be an integer from 1 to ${MAX_REPS}, got ${o.reps}`)
  if (!(o.pItem > 0 && o.pItem <= 1)) throw new InputError(`--p-item must be in (0, 1], got ${o.pItem}`)
  if (!(o.pFeature > 0 && o.pFeature <= 1)) throw new InputError(`--p-feature must be in (0, 1], got ${o.pFeature}`)
  if (Math.floor(n * o.pItem) < o.maxK) throw new InputError(`a subsample of floor(${n} × ${o.pItem}) = ${Math.floor(n * o.pItem)} items cannot be cut into ${o.maxK} groups; lower --max-k or raise --p-item`)
  if (Math.floor(p * o.pFeature) < 1) throw new InputError(`floor(${p} features × ${o.pFeature}) = 0 features per subsample; raise --p-feature`)
}

/** Empty counts for n items. */
export function emptyCounts(n: number, maxK: number): ConsensusCounts {
  return {
    n,
    maxK,
    reps: 0,
    missed: new Int32Array(n),
    bothMissed: new Int32Array(n * n),
    lastTogether: Array.from({ length: maxK - 1 }, () => new Int32Array(n * n)),
  }
}

/** Sum of count blocks (from workers); the result does not depend on their order. */
export function mergeCounts(parts: ConsensusCounts[]): ConsensusCounts {
  if (parts.length === 0) throw new Error('mergeCounts: nothing to merge')
  const { n, maxK } = parts[0]
  const out = emptyCounts(n, maxK)
  for (const p of parts) {
    if (p.n !== n || p.maxK !== maxK) throw new Error('mergeCounts: blocks of different shapes')
    out.reps += p.reps
    addInto(out.missed, p.missed)
    addInto(out.bothMissed, p.bothMissed)
    for (let k = 0; k < maxK - 1; k++) addInto(out.lastTogether[k], p.lastTogether[k])
  }
  return out
}

function addInto(a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < a.length; i++) a[i] += b[i]
}

/** Items (and features) drawn for resampling `rep`: sorted indices, as CCP's sampleCols. */
export function drawSubsample(n: number, p: number, o: ConsensusOptions, rep: number): { items: Int32Array; features: Int32Array | null } {
  const rng = createRng(deriveSeed(o.seed, rep))
  const items = partialShuffle(n, Math.floor(n * o.pItem), rng.int)
  const features = o.pFeature < 1 ? partialShuffle(p, Math.floor(p * o.pFeature), rng.int) : null
  return { items, features }
}

function partialShuffle(n: number, m: number, int: (k: number) => number): Int32Array {
  const idx = new Int32Array(n)
  for (let i = 0; i < n; i++) idx[i] = i
  for (let i = 0; i < m; i++) {
    const j = i + int(n - i)
    const t = idx[i]
    idx[i] = idx[j]
    idx[j] = t
  }
  return idx.slice(0, m).sort()
}

/**
 * Counts of resamplings [from, to): the unit of work a worker does. `dist` may pass
 * the full n × n distance matrix (pFeature = 1) to skip recomputing it.
 */
export function consensusCounts(m: FeatureMatrix, o: ConsensusOptions, from = 0, to = o.reps, ctx?: JobContext, dist?: Float64Array): ConsensusCounts {
  const n = m.nItems
  validateConsensusOptions(n, m.nFeatures, o)
  const counts = emptyCounts(n, o.maxK)
  // an item with zero variance has no correlation (R: NA): refused on the whole data, as hclust
  refuseZeroVarianceRows(m, o.distance)
  const full = o.pFeature < 1 ? null : (dist ?? distanceMatrix(m, o.distance))
  const ks: number[] = []
  for (let k = 2; k <= o.maxK; k++) ks.push(k)
  const iOpt = LINKAGE_IOPT[o.innerLinkage]
  const maxK = o.maxK
  const ms = Math.floor(n * o.pItem)
  const diss = new Float64Array((ms * (ms - 1)) / 2)
  const members = new Int32Array(ms)
  const start = new Int32Array(maxK + 2)
  const firstOf = new Int32Array(maxK + 1)
  const missing = new Int32Array(n)
  const step = Math.max(1, Math.floor((to - from) / 100))
  for (let rep = from; rep < to; rep++) {
    if ((rep - from) % step === 0) {
      throwIfCancelled(ctx)
      ctx?.progress?.((rep - from) / (to - from), `resampling ${rep - from + 1} of ${to - from}`)
    }
    const { items, features } = drawSubsample(n, m.nFeatures, o, rep)
    // packed upper triangle of the subsample's dissimilarities (hclust.f layout)
    if (full) {
      let t = 0
      for (let a = 0; a < ms - 1; a++) {
        const row = items[a] * n
        for (let b = a + 1; b < ms; b++) diss[t++] = full[row + items[b]]
      }
    } else {
      // a row constant on this feature subsample only counts as uncorrelated (distance 1)
      const d = distanceMatrix(subMatrix(m, items, features!), o.distance, false, 'uncorrelated')
      let t = 0
      for (let a = 0; a < ms - 1; a++) for (let b = a + 1; b < ms; b++) diss[t++] = d[a * ms + b]
    }
    const { ia, ib } = agglomerate(diss, ms, iOpt)
    const cuts = cutreeMany({ n: ms, merge: mergeMatrix(ms, ia, ib) }, ks)
    // co-sampling through the left-out items (n − ms of them, few pairs)
    let nMiss = 0
    for (let i = 0, a = 0; i < n; i++) {
      if (a < ms && items[a] === i) a++
      else missing[nMiss++] = i
    }
    for (let x = 0; x < nMiss; x++) {
      const i = missing[x]
      counts.missed[i]++
      const row = i * n
      for (let y = x + 1; y < nMiss; y++) counts.bothMissed[row + missing[y]]++
    }
    // co-clustering: group the items by their finest cluster (k = maxK; counting sort
    // keeps index order); a pair of finest clusters shares its level for all its pairs
    const fine = cuts.get(maxK)!
    start.fill(0)
    for (let a = 0; a < ms; a++) start[fine[a] + 1]++
    for (let c = 1; c <= maxK + 1; c++) start[c] += start[c - 1]
    const fill = start.slice()
    for (let a = 0; a < ms; a++) {
      if (fill[fine[a]] === start[fine[a]]) firstOf[fine[a]] = a
      members[fill[fine[a]]++] = items[a]
    }
    const top = counts.lastTogether[maxK - 2]
    for (let c = 1; c <= maxK; c++) {
      for (let x = start[c]; x < start[c + 1]; x++) {
        const row = members[x] * n
        for (let y = x + 1; y < start[c + 1]; y++) top[row + members[y]]++
      }
      for (let c2 = c + 1; c2 <= maxK; c2++) {
        let level = 0
        for (let k = maxK - 1; k >= 2; k--) {
          const lab = cuts.get(k)!
          if (lab[firstOf[c]] === lab[firstOf[c2]]) {
            level = k
            break
          }
        }
        if (level === 0) continue
        const cnt = counts.lastTogether[level - 2]
        for (let x = start[c]; x < start[c + 1]; x++) {
          const u = members[x]
          for (let y = start[c2]; y < start[c2 + 1]; y++) {
            const v = members[y]
            if (u < v) cnt[u * n + v]++
            else cnt[v * n + u]++
          }
        }
      }
    }
    counts.reps++
  }
  ctx?.progress?.(1, 'resampling done')
  return counts
}

/** Consensus matrices, final clusterings and CCP's summaries from accumulated counts. */
export function summariseConsensus(counts: ConsensusCounts, o: ConsensusOptions): ConsensusResult {
  const { n, maxK } = counts
  const perK: ConsensusK[] = []
  for (let k = 2; k <= maxK; k++) {
    const tog = togetherCounts(counts, k)
    const consensus = new Float64Array(n * n)
    for (let i = 0; i < n; i++) {
      consensus[i * n + i] = counts.missed[i] < counts.reps ? 1 : 0
      for (let j = i + 1; j < n; j++) {
        const c = counts.reps - counts.missed[i] - counts.missed[j] + counts.bothMissed[i * n + j]
        const v = c === 0 ? 0 : tog[i * n + j] / c
        consensus[i * n + j] = v
        consensus[j * n + i] = v
      }
    }
    perK.push(summariseConsensusMatrix(consensus, n, k, o.finalLinkage))
  }
  const deltaArea = deltaAreas(perK.map((r) => r.area))
  const { k: suggestedK, reason: suggestedReason } = suggestK(perK, deltaArea)
  return { n, maxK, reps: counts.reps, options: o, perK, deltaArea, suggestedK, suggestedReason }
}

/** CCP's delta area: the first area, then relative changes (A_k − A_{k−1}) / A_{k−1}. */
export function deltaAreas(areas: number[]): number[] {
  return areas.map((a, i) => (i === 0 ? a : (a - areas[i - 1]) / areas[i - 1]))
}

/**
 * One k from its n × n consensus matrix: final hclust of 1 − consensus (R `as.dist`
 * reads the lower triangle), cut at k, CDF and area, PAC, cluster and item consensus.
 */
export function summariseConsensusMatrix(consensus: Float64Array, n: number, k: number, finalLinkage: Linkage): ConsensusK {
  const diss = new Float64Array((n * (n - 1)) / 2)
  const values = new Float64Array((n * (n - 1)) / 2)
  let t = 0
  for (let j = 0; j < n; j++)
    for (let i = j + 1; i < n; i++) {
      const v = consensus[i * n + j]
      values[t] = v
      diss[t++] = 1 - v
    }
  const tree = hclust(diss, n, finalLinkage)
  const clusters = cutreeMany(tree, [k]).get(k)!
  const { cdf, area } = consensusCdf(values)
  let ambiguous = 0
  for (const v of values) if (v > 0.1 && v < 0.9) ambiguous++
  const pac = values.length ? ambiguous / values.length : 0
  const { clusterConsensus, itemConsensusAll, itemConsensus } = clusterItemConsensus(consensus, n, clusters, k)
  return { k, consensus, clusters, tree, cdf, area, pac, clusterConsensus, itemConsensusAll, itemConsensus }
}

/** The whole consensus clustering in one thread (the worker pool gives the same result). */
export function consensusCluster(m: FeatureMatrix, options: Partial<ConsensusOptions>, ctx?: JobContext): ConsensusResult {
  const o = { ...DEFAULT_CONSENSUS, ...options }
  const counts = consensusCounts(m, o, 0, o.reps, ctx)
  return summariseConsensus(counts, o)
}

/**
 * CCP's CDF(): R `hist(v, breaks = seq(0, 1, by = 0.01))` (right-closed bins, breaks
 * moved by R's fuzz 1e-7 × median bin width), cumulative fractions, area = Σ cdf × width.
 */
export function consensusCdf(values: ArrayLike<number>, breaks = 100): { cdf: Float64Array; area: number; breaks: Float64Array } {
  const by = 1 / breaks
  const br = new Float64Array(breaks + 1)
  for (let i = 0; i <= breaks; i++) br[i] = Math.min(0 + i * by, 1)
  const diffs = Array.from({ length: breaks }, (_, i) => br[i + 1] - br[i]).sort((a, b) => a - b)
  const med = breaks % 2 ? diffs[(breaks - 1) / 2] : (diffs[breaks / 2 - 1] + diffs[breaks / 2]) / 2
  const diddle = 1e-7 * med
  const fb = new Float64Array(breaks + 1)
  for (let i = 0; i <= breaks; i++) fb[i] = br[i] + (i === 0 ? -diddle : diddle)
  const counts = new Float64Array(breaks)
  for (let t = 0; t < values.length; t++) {
    const x = values[t]
    // R's BinCount with right = TRUE, include.lowest = TRUE
    let lo = 0, hi = breaks
    if (fb[lo] <= x && (x < fb[hi] || x === fb[hi])) {
      while (hi - lo >= 2) {
        const mid = (hi + lo) >> 1
        if (x > fb[mid]) lo = mid
        else hi = mid
      }
      counts[lo]++
    }
  }
  let total = 0
  for (const c of counts) total += c
  const cdf = new Float64Array(breaks)
  let cum = 0
  let area = 0
  for (let i = 0; i < breaks; i++) {
    cum += counts[i]
    cdf[i] = cum / total
    area += cdf[i] * (br[i + 1] - br[i])
  }
  return { cdf, area, breaks: br }
}

/** CCP calcICL: cluster consensus (mean within-cluster pair consensus) and item consensus. */
export function clusterItemConsensus(consensus: Float64Array, n: number, clusters: ArrayLike<number>, k: number): { clusterConsensus: number[]; itemConsensusAll: Float64Array; itemConsensus: Float64Array } {
  const size = new Float64Array(k + 1)
  for (let i = 0; i < n; i++) size[clusters[i]]++
  // sums of each item's consensus with each cluster's members, itself excluded
  const sums = new Float64Array(n * k)
  const within = new Float64Array(k + 1)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue
      const v = consensus[i * n + j]
      sums[i * k + clusters[j] - 1] += v
      if (j > i && clusters[i] === clusters[j]) within[clusters[i]] += v
    }
  }
  const clusterConsensus: number[] = []
  for (let c = 1; c <= k; c++) clusterConsensus.push(within[c] / ((size[c] * (size[c] - 1)) / 2))
  const itemConsensusAll = new Float64Array(n * k)
  const itemConsensus = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let c = 1; c <= k; c++) {
      const denom = clusters[i] === c ? size[c] - 1 : size[c]
      itemConsensusAll[i * k + c - 1] = sums[i * k + c - 1] / denom
    }
    itemConsensus[i] = itemConsensusAll[i * k + clusters[i] - 1]
  }
  return { clusterConsensus, itemConsensusAll, itemConsensus }
}

/**
 * Suggested k: the lowest PAC (Șenbabaoğlu et al., Sci Rep 2014, who found PAC the most
 * reliable of CCP's criteria); PAC within 0.01 of the lowest counts as tied and the
 * smaller k wins. The reason quotes PAC and delta area.
 */
export function suggestK(perK: ConsensusK[], deltaArea: number[]): { k: number; reason: string } {
  const minPac = Math.min(...perK.map((r) => r.pac))
  const best = perK.find((r) => r.pac <= minPac + 0.01)!
  const i = best.k - 2
  const next = deltaArea[i + 1]
  const reason =
    `k = ${best.k} has the lowest proportion of ambiguous clustering (PAC ${best.pac.toFixed(3)}` +
    (best.pac > minPac ? `, within 0.01 of the minimum ${minPac.toFixed(3)}` : '') +
    `; PAC per k: ${perK.map((r) => `${r.k}: ${r.pac.toFixed(3)}`).join(', ')})` +
    (i > 0 ? `; delta area at k = ${best.k}: ${deltaArea[i].toFixed(3)}` : '') +
    (next !== undefined ? `, at k = ${best.k + 1}: ${next.toFixed(3)}` : '')
  return { k: best.k, reason }
}
