// Benjamini–Hochberg adjusted p-values, as R p.adjust(p, "BH"): n = number of non-missing
// p-values, adjusted = min(1, cummin(n / i * p_(i))) from the largest down; NaN stays NaN.

/** BH (false discovery rate) adjustment; NaN entries are skipped and returned as NaN. */
export function adjustBH(p: ArrayLike<number>): Float64Array {
  const idx: number[] = []
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) idx.push(i)
  // decreasing p, ties by original order as R's order(decreasing = TRUE) (stable)
  idx.sort((a, b) => p[b] - p[a] || a - b)
  const n = idx.length
  const out = new Float64Array(p.length).fill(NaN)
  let cm = Infinity
  for (let k = 0; k < n; k++) {
    const rank = n - k
    const v = (n / rank) * p[idx[k]]
    if (v < cm) cm = v
    out[idx[k]] = Math.min(1, cm)
  }
  return out
}
