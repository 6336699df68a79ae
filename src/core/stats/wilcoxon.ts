// Wilcoxon rank-sum (Mann–Whitney) test, two-sided, as R's wilcox.test(x, y):
// W = Σ ranks(x) − nₓ(nₓ+1)/2; exact p-value (distribution of W by counting, R's
// pwilcox) when nₓ < 50, nᵧ < 50 and there are no ties; otherwise the normal
// approximation with tie-corrected variance and continuity correction 0.5.

import { pnorm } from '../math/distributions.ts'
import { averageRanks, tieCorrection } from '../math/ranks.ts'

export interface WilcoxonResult {
  statistic: number
  p: number
  exact: boolean
  /** z of the normal approximation (null when exact) */
  z: number | null
}

/** Counts of W = 0..m·n over all C(m+n, m) rank assignments (R's cwilcox), as float64. */
export function wilcoxonCounts(m: number, n: number): Float64Array {
  const N = m + n
  const maxSum = m * N
  // dp[j * (maxSum + 1) + s] = number of j-subsets of {1..i} with rank sum s
  const stride = maxSum + 1
  const dp = new Float64Array((m + 1) * stride)
  dp[0] = 1
  for (let i = 1; i <= N; i++) {
    for (let j = Math.min(i, m); j >= 1; j--) {
      const row = j * stride
      const prev = (j - 1) * stride
      for (let s = maxSum; s >= i; s--) dp[row + s] += dp[prev + s - i]
    }
  }
  const base = (m * (m + 1)) / 2
  const out = new Float64Array(m * n + 1)
  for (let w = 0; w <= m * n; w++) out[w] = dp[m * stride + w + base]
  return out
}

/** P(W ≤ q) for the exact null distribution. */
export function pwilcox(q: number, m: number, n: number, counts = wilcoxonCounts(m, n)): number {
  let total = 0
  let below = 0
  for (let w = 0; w < counts.length; w++) {
    total += counts[w]
    if (w <= q) below += counts[w]
  }
  return below / total
}

/** Two-sided Wilcoxon rank-sum test of x against y. */
export function wilcoxonTest(x: ArrayLike<number>, y: ArrayLike<number>, opts: { exact?: boolean; correct?: boolean } = {}): WilcoxonResult {
  const nx = x.length
  const ny = y.length
  const all = new Float64Array(nx + ny)
  for (let i = 0; i < nx; i++) all[i] = x[i]
  for (let i = 0; i < ny; i++) all[nx + i] = y[i]
  const r = averageRanks(all)
  let sx = 0
  for (let i = 0; i < nx; i++) sx += r[i]
  const W = sx - (nx * (nx + 1)) / 2
  const ties = tieCorrection(all)
  const exact = opts.exact ?? (nx < 50 && ny < 50)
  if (exact && ties === 0) {
    const counts = wilcoxonCounts(nx, ny)
    const p = W > (nx * ny) / 2 ? 1 - pwilcox(W - 1, nx, ny, counts) : pwilcox(W, nx, ny, counts)
    return { statistic: W, p: Math.min(2 * p, 1), exact: true, z: null }
  }
  let z = W - (nx * ny) / 2
  const sigma = Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - ties / ((nx + ny) * (nx + ny - 1))))
  const corr = (opts.correct ?? true) ? Math.sign(z) * 0.5 : 0
  z = (z - corr) / sigma
  const p = 2 * Math.min(pnorm(z), pnorm(z, false))
  return { statistic: W, p, exact: false, z }
}
