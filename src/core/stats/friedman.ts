// Friedman rank-sum test for an unreplicated complete block design, as R's
// friedman.test(y) with y a blocks × treatments matrix: ranks within blocks, tie-corrected
// statistic, chi-square with k − 1 df.

import { pchisq } from '../math/distributions.ts'
import { averageRanks, tieCorrection } from '../math/ranks.ts'

export interface FriedmanResult {
  statistic: number
  df: number
  p: number
}

/** Friedman test; y[block][treatment]. */
export function friedmanTest(y: number[][]): FriedmanResult {
  const n = y.length
  const k = y[0].length
  const colSums = new Float64Array(k)
  let ties = 0
  for (const row of y) {
    const r = averageRanks(row)
    for (let j = 0; j < k; j++) colSums[j] += r[j]
    ties += tieCorrection(row)
  }
  let ss = 0
  for (let j = 0; j < k; j++) ss += (colSums[j] - (n * (k + 1)) / 2) ** 2
  const stat = (12 * ss) / (n * k * (k + 1) - ties / (k - 1))
  const df = k - 1
  return { statistic: stat, df, p: pchisq(stat, df, false) }
}
