// Order statistics as R computes them: quantile(type = 7), median, rank(ties = "average").

/** R quantile(x, p, type = 7). */
export function quantile7(x: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(x).sort()
  const n = s.length
  if (n === 0) return NaN
  // R: index = 1 + (n-1)p; qs = (1-h) x[lo] + h x[hi], h = index - lo (0-based here)
  const index = (n - 1) * p
  const lo = Math.floor(index)
  const hi = Math.ceil(index)
  const h = index - lo
  return h > 0 && s[hi] !== s[lo] ? (1 - h) * s[lo] + h * s[hi] : s[lo]
}

/** R median(x). */
export function median(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort()
  const n = s.length
  if (n === 0) return NaN
  const h = n >> 1
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** R rank(x) with ties averaged (1-based): native sort, then the tie range by binary search. */
export function rankAverage(x: ArrayLike<number>): Float64Array {
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
