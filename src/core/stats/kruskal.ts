// Kruskal–Wallis rank-sum test, as R's kruskal.test(): H from average ranks with the
// tie correction 1 − Σ(t³ − t)/(n³ − n), chi-square with k − 1 df. One group is refused
// (R: "all observations are in the same group"); all values tied give H = NA, p = NA (R).

import { pchisq } from '../math/distributions.ts'
import { averageRanks, tieCorrection } from '../math/ranks.ts'
import { InputError } from '../errors.ts'

export interface KruskalResult {
  statistic: number
  df: number
  p: number
}

/** Kruskal–Wallis test of values x across group labels g. */
export function kruskalTest(x: ArrayLike<number>, g: string[]): KruskalResult {
  const n = x.length
  const r = averageRanks(x)
  const sums = new Map<string, [number, number]>()
  for (let i = 0; i < n; i++) {
    const s = sums.get(g[i]) ?? [0, 0]
    s[0] += r[i]
    s[1]++
    sums.set(g[i], s)
  }
  if (sums.size < 2) throw new InputError(`all ${n} observations are in the same group (${[...sums.keys()].join(', ')}); Kruskal–Wallis needs at least 2 groups`)
  let stat = 0
  for (const [s, c] of sums.values()) stat += (s * s) / c
  const ties = 1 - tieCorrection(x) / (n * n * n - n)
  const df = sums.size - 1
  if (!(ties > 0)) return { statistic: NaN, df, p: NaN }
  stat = ((12 * stat) / (n * (n + 1)) - 3 * (n + 1)) / ties
  return { statistic: stat, df, p: pchisq(stat, df, false) }
}
