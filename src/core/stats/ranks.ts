// Ranks with ties averaged (R's rank(ties.method = "average")) and tie-group sizes,
// shared by the rank tests (Wilcoxon, Kruskal–Wallis, Friedman).

/** Average ranks (1-based) of x. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b])
  const r = new Float64Array(n)
  for (let k = 0; k < n; ) {
    let e = k + 1
    while (e < n && x[idx[e]] === x[idx[k]]) e++
    const avg = (k + 1 + e) / 2
    for (let m = k; m < e; m++) r[idx[m]] = avg
    k = e
  }
  return r
}

/** Sizes of the groups of equal values (R's table(x)). */
export function tieSizes(x: ArrayLike<number>): number[] {
  const counts = new Map<number, number>()
  for (let i = 0; i < x.length; i++) counts.set(x[i], (counts.get(x[i]) ?? 0) + 1)
  return [...counts.values()]
}

/** Σ (t³ − t) over tie groups. */
export function tieCorrection(x: ArrayLike<number>): number {
  let s = 0
  for (const t of tieSizes(x)) s += t * t * t - t
  return s
}

/**
 * Dense ranks (1 = smallest distinct value) and the number of distinct values, with a native
 * numeric sort + binary search (no comparator callbacks: this is on the bootstrap's hot path).
 */
export function denseRanks(x: ArrayLike<number>): { rank: Int32Array; distinct: number } {
  const n = x.length
  const sorted = Float64Array.from(x as ArrayLike<number>).sort()
  let m = 0
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[m - 1]) sorted[m++] = sorted[k]
  const rank = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const v = x[i]
    let lo = 0
    let hi = m - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid] < v) lo = mid + 1
      else hi = mid
    }
    rank[i] = lo + 1
  }
  return { rank, distinct: m }
}

/** Indices ordered by decreasing value (ties in index order), by counting sort on dense ranks. */
export function orderDecreasing(x: ArrayLike<number>): Int32Array {
  const { rank, distinct } = denseRanks(x)
  const start = new Int32Array(distinct + 2)
  for (let i = 0; i < rank.length; i++) start[distinct - rank[i] + 1]++
  for (let r = 1; r <= distinct + 1; r++) start[r] += start[r - 1]
  const out = new Int32Array(rank.length)
  for (let i = 0; i < rank.length; i++) out[start[distinct - rank[i]]++] = i
  return out
}
