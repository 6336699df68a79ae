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
