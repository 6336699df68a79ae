// Ranks as R computes them: rank(ties.method = "average") (native numeric sort, then each value's
// tie range by binary search), tie-group sizes and the Σ(t³ − t) correction shared by the rank tests
// (Wilcoxon, Kruskal–Wallis, Friedman), dense ranks and a decreasing order by counting sort (the
// bootstrap's and the concordance's hot paths), and the value window of an average-rank range.

/** Average ranks (1-based) of x, R's rank(x) with ties averaged. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length
  const sorted = Float64Array.from(x).sort()
  const r = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = x[i]
    // first index with sorted[k] >= v, and first with sorted[k] > v
    let lo = 0, hi = n
    while (lo < hi) {
      const m = (lo + hi) >> 1
      if (sorted[m] < v) lo = m + 1
      else hi = m
    }
    let lo2 = lo, hi2 = n
    while (lo2 < hi2) {
      const m = (lo2 + hi2) >> 1
      if (sorted[m] <= v) lo2 = m + 1
      else hi2 = m
    }
    r[i] = (lo + 1 + lo2) / 2
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

/**
 * The values of x whose R average rank lies in [lo, hi] form a contiguous range of the
 * sorted values; returns its bounds [vmin, vmax] (vmin > vmax when empty). Lets a trimmed
 * statistic test rank membership with two comparisons instead of ranking every element.
 */
export function averageRankWindow(x: ArrayLike<number>, lo: number, hi: number): [number, number] {
  const s = Float64Array.from(x).sort()
  const n = s.length
  let vmin = Infinity
  let vmax = -Infinity
  let i = 0
  while (i < n) {
    let j = i
    while (j + 1 < n && s[j + 1] === s[i]) j++
    const avg = (i + j) / 2 + 1
    if (avg >= lo && avg <= hi) {
      if (s[i] < vmin) vmin = s[i]
      vmax = s[i]
    }
    i = j + 1
  }
  return [vmin, vmax]
}
