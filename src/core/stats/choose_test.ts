// The study's two-group comparison of a continuous variable (Crombé, Lucchesi et al. 2024,
// statistical analysis): Shapiro–Wilk in each group; when neither rejects normality at
// alpha, Student's t-test, otherwise the Mann–Whitney (Wilcoxon rank-sum) test.

import { shapiroWilk } from './shapiro_wilk.ts'
import { tTest } from './ttest.ts'
import { wilcoxonTest } from './wilcoxon.ts'

export interface TwoGroupComparison {
  test: 'ttest' | 'wilcoxon'
  statistic: number
  p: number
  /** Shapiro–Wilk p per group (null when n < 3 or constant) */
  shapiroP: [number | null, number | null]
}

function swP(x: ArrayLike<number>): number | null {
  try {
    return shapiroWilk(x).p
  } catch {
    return null
  }
}

/** t-test when both groups look normal (Shapiro p > alpha), else Mann–Whitney. */
export function compareTwoGroups(x: ArrayLike<number>, y: ArrayLike<number>, alpha = 0.05): TwoGroupComparison {
  const px = swP(x)
  const py = swP(y)
  const normal = px !== null && py !== null && px > alpha && py > alpha
  if (normal) {
    try {
      const r = tTest(x, y, true)
      return { test: 'ttest', statistic: r.statistic, p: r.p, shapiroP: [px, py] }
    } catch {
      // essentially constant data (no t-test, as R): the rank test below still applies
    }
  }
  const r = wilcoxonTest(x, y)
  return { test: 'wilcoxon', statistic: r.statistic, p: r.p, shapiroP: [px, py] }
}
