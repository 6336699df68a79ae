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

/** R rank(x) with ties averaged (1-based). */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const n = x.length
  const idx = Array.from({ length: n }, (_, i) => i)
  idx.sort((a, b) => x[a] - x[b])
  const r = new Float64Array(n)
  let i = 0
  while (i < n) {
    let j = i
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++
    const avg = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) r[idx[k]] = avg
    i = j + 1
  }
  return r
}
