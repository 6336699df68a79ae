// Agglomerative hierarchical clustering exactly as R `stats::hclust` (R 4.x hclust.f:
// F. Murtagh's stored-dissimilarity Lance–Williams algorithm with a nearest-neighbour
// list, as modified for R by Ihaka, Leisch and Maechler; "ward.D2" squares the input
// and reports sqrt heights). The loops, the strict comparisons that break ties (lowest
// index first) and the floating-point update formulas are those of the Fortran, so
// merges, heights and order agree with R also when dissimilarities are tied.
// HCASS2 then converts the agglomerations to R's `merge` convention and `order`.
// Memory O(n²) (one packed triangle), time O(n²) per merge in the worst case.

import { InputError } from '../errors.ts'

export type Linkage = 'average' | 'complete' | 'single' | 'ward.D2' | 'ward.D' | 'mcquitty' | 'median' | 'centroid'
export const LINKAGES: Linkage[] = ['average', 'complete', 'single', 'ward.D2']
const ALL_LINKAGES: Linkage[] = ['average', 'complete', 'single', 'ward.D2', 'ward.D', 'mcquitty', 'median', 'centroid']

/** R's iOpt code of each method (hclust.R: c("ward.D", "single", "complete", "average", "mcquitty", "median", "centroid", "ward.D2")). */
export const LINKAGE_IOPT: Record<Linkage, number> = { 'ward.D': 1, single: 2, complete: 3, average: 4, mcquitty: 5, median: 6, centroid: 7, 'ward.D2': 8 }

export interface HClustResult {
  /** number of items */
  n: number
  /**
   * R's merge matrix, row s at [2s, 2s + 1]: −i is item i (1-based), +j the cluster made
   * at step j (1-based); singletons first, and two clusters in increasing order.
   */
  merge: Int32Array
  /** merge heights (R `height`) */
  height: Float64Array
  /** leaf order of the dendrogram, 1-based item numbers (R `order`) */
  order: Int32Array
}

/** Parse a linkage name, or an InputError listing the choices. */
export function parseLinkage(name: string): Linkage {
  if ((ALL_LINKAGES as string[]).includes(name)) return name as Linkage
  throw new InputError(`unknown linkage "${name}"; use one of ${LINKAGES.join(', ')}`, undefined, '--linkage')
}

/**
 * Hierarchical clustering of n items from their dissimilarities `dist`: either a full
 * n × n matrix (row-major; only the upper triangle is read) or R's packed `dist`
 * vector of length n(n − 1)/2 (column-major lower triangle = row-major upper triangle).
 */
export function hclust(dist: ArrayLike<number>, n: number, linkage: Linkage = 'complete'): HClustResult {
  if (n < 2) throw new InputError(`hierarchical clustering needs at least 2 items, got ${n}`)
  const len = (n * (n - 1)) / 2
  let diss: Float64Array
  if (dist.length === n * n) {
    diss = new Float64Array(len)
    let t = 0
    for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) diss[t++] = dist[i * n + j]
  } else if (dist.length === len) {
    diss = Float64Array.from(dist)
  } else throw new InputError(`dissimilarities have length ${dist.length}; expected ${n * n} (full) or ${len} (packed) for ${n} items`)
  const { ia, ib, crit } = agglomerate(diss, n, LINKAGE_IOPT[linkage])
  const { merge, order } = hcass2(n, ia, ib)
  return { n, merge, height: crit, order }
}

/**
 * The agglomerations of hclust.f's HCLUST on a packed triangle `diss` (overwritten).
 * Returns 1-based IA < IB (cluster = its lowest item) and criterion values.
 */
export function agglomerate(diss: Float64Array, n: number, iOpt: number): { ia: Int32Array; ib: Int32Array; crit: Float64Array } {
  const INF = 1e300
  // 1-based arrays as in the Fortran, slot 0 unused
  const ia = new Int32Array(n)
  const ib = new Int32Array(n)
  const crit = new Float64Array(n - 1)
  const membr = new Float64Array(n + 1).fill(1)
  const nn = new Int32Array(n + 1)
  const disnn = new Float64Array(n + 1)
  const flag = new Uint8Array(n + 1).fill(1)
  // IOFFST(N,I,J) − 1 = base[I] + J for I < J (1-based I, J)
  const base = new Int32Array(n + 1)
  for (let i = 1; i <= n; i++) base[i] = (i - 1) * n - (i * (i + 1)) / 2 - 1
  if (iOpt === 8) for (let i = 0; i < diss.length; i++) diss[i] = diss[i] * diss[i]

  let im = 0, jj = 0, jm = 0
  let dmin: number
  for (let i = 1; i <= n - 1; i++) {
    dmin = INF
    const bi = base[i]
    for (let j = i + 1; j <= n; j++) {
      const d = diss[bi + j]
      if (dmin > d) {
        dmin = d
        jm = j
      }
    }
    nn[i] = jm
    disnn[i] = dmin
  }

  // active items in increasing order (a linked list): the Fortran's loops over
  // I = 1..N with FLAG(I), visited in the same order, without the merged-away items
  const next = new Int32Array(n + 2)
  const prev = new Int32Array(n + 2)
  for (let i = 0; i <= n; i++) next[i] = i + 1
  for (let i = 1; i <= n + 1; i++) prev[i] = i - 1
  const END = n + 1

  let ncl = n
  while (ncl > 1) {
    dmin = INF
    for (let i = next[0]; i < n; i = next[i]) {
      if (disnn[i] < dmin) {
        dmin = disnn[i]
        im = i
        jm = nn[i]
      }
    }
    ncl--
    const i2 = Math.min(im, jm)
    const j2 = Math.max(im, jm)
    ia[n - ncl - 1] = i2
    ib[n - ncl - 1] = j2
    if (iOpt === 8) dmin = Math.sqrt(dmin)
    crit[n - ncl - 1] = dmin
    flag[j2] = 0
    next[prev[j2]] = next[j2]
    prev[next[j2]] = prev[j2]

    dmin = INF
    const d12 = diss[base[i2] + j2]
    const m1 = membr[i2], m2 = membr[j2]
    const bi2 = base[i2], bj2 = base[j2]
    for (let k = next[0]; k !== END; k = next[k]) {
      if (k === i2) continue
      const ind1 = i2 < k ? bi2 + k : base[k] + i2
      const ind2 = j2 < k ? bj2 + k : base[k] + j2
      const d1 = diss[ind1], d2 = diss[ind2]
      let v: number
      if (iOpt === 4) v = (m1 * d1 + m2 * d2) / (m1 + m2)
      else if (iOpt === 8 || iOpt === 1) {
        const mk = membr[k]
        v = (m1 + mk) * d1 + (m2 + mk) * d2 - mk * d12
        v = v / (m1 + m2 + mk)
      } else if (iOpt === 2) v = d1 < d2 ? d1 : d2
      else if (iOpt === 3) v = d1 > d2 ? d1 : d2
      else if (iOpt === 5) v = (d1 + d2) / 2
      else if (iOpt === 6) v = (d1 + d2 - d12 / 2) / 2
      else v = (m1 * d1 + m2 * d2 - (m1 * m2 * d12) / (m1 + m2)) / (m1 + m2)
      diss[ind1] = v
      if (i2 < k) {
        if (v < dmin) {
          dmin = v
          jj = k
        }
      } else if (v < disnn[k]) {
        disnn[k] = v
        nn[k] = i2
      }
    }
    membr[i2] = m1 + m2
    disnn[i2] = dmin
    nn[i2] = jj

    for (let i = next[0]; i < n; i = next[i]) {
      if (nn[i] === i2 || nn[i] === j2) {
        dmin = INF
        const bi = base[i]
        for (let j = next[i]; j !== END; j = next[j]) {
          const d = diss[bi + j]
          if (d < dmin) {
            dmin = d
            jj = j
          }
        }
        nn[i] = jj
        disnn[i] = dmin
      }
    }
  }
  return { ia: ia.subarray(0, n - 1), ib: ib.subarray(0, n - 1), crit }
}

/** hclust.f's HCASS2: agglomerations → R's merge matrix and dendrogram order (1-based). */
export function hcass2(n: number, ia: Int32Array, ib: Int32Array): { merge: Int32Array; order: Int32Array } {
  const merge = mergeMatrix(n, ia, ib)
  return { merge, order: dendrogramOrder(n, merge) }
}

/** First part of HCASS2: R's merge matrix (row s at [2s, 2s + 1]) from HCLUST's IA, IB. */
export function mergeMatrix(n: number, ia: Int32Array, ib: Int32Array): Int32Array {
  // HCASS2 relabels a later IA/IB equal to K = MIN(IA(I), IB(I)) = IA(I) as step I (the
  // latest such step wins); last[K] tracks that step, so this is O(n), not O(n²)
  const m = n - 1
  const last = new Int32Array(n + 1)
  const merge = new Int32Array(2 * m)
  for (let i = 0; i < m; i++) {
    let a = last[ia[i]] > 0 ? last[ia[i]] : -ia[i]
    let b = last[ib[i]] > 0 ? last[ib[i]] : -ib[i]
    if (a > 0 && b < 0) {
      const k = a
      a = b
      b = k
    }
    if (a > 0 && b > 0 && a > b) {
      const k = a
      a = b
      b = k
    }
    merge[2 * i] = a
    merge[2 * i + 1] = b
    last[Math.min(ia[i], ib[i])] = i + 1
  }
  return merge
}

/** Second part of HCASS2: the dendrogram's leaf order (1-based items), expanding from the last merge. */
export function dendrogramOrder(n: number, merge: Int32Array): Int32Array {
  const m = n - 1
  const iorder = new Int32Array(n)
  iorder[0] = merge[2 * (m - 1)]
  iorder[1] = merge[2 * (m - 1) + 1]
  let loc = 2
  for (let i = m - 1; i >= 1; i--) {
    for (let j = 0; j < loc; j++) {
      if (iorder[j] === i) {
        iorder[j] = merge[2 * (i - 1)]
        if (j === loc - 1) {
          iorder[loc++] = merge[2 * (i - 1) + 1]
        } else {
          loc++
          for (let k = loc - 1; k >= j + 2; k--) iorder[k] = iorder[k - 1]
          iorder[j + 1] = merge[2 * (i - 1) + 1]
        }
        break
      }
    }
  }
  for (let i = 0; i < n; i++) iorder[i] = -iorder[i]
  return iorder
}
