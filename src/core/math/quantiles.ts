// Quantiles and medians: R's quantile(type = 7) (= numpy's default "linear"), which IBSI's
// reference implementations, Nyúl's landmarks and the bootstrap confidence intervals use, R's
// median, and the lower order statistic used for display windows (no interpolation).

/** p-th quantile (p in [0, 1]) of ascending values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, n - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** R quantile(x, p, type = 7) of unsorted values. */
export function quantile(x: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(x).sort(), p)
}

/** R median(x). */
export function median(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort()
  const n = s.length
  if (n === 0) return NaN
  const h = n >> 1
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** The order statistic at ⌊p (n − 1)⌋ of ascending values (0 when empty): a display window's bound, not an estimate. */
export function lowerOrderStatistic(sorted: ArrayLike<number>, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] : 0
}
