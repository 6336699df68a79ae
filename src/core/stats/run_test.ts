// One entry point for the two-column tests (CLI `test`, worker): raw table cells in, the
// named test's plain result out; rows with a missing cell in a used column are dropped.

import { chisqTest, crossTable } from './chisq.ts'
import { fisherTest } from './fisher.ts'
import { wilcoxonTest } from './wilcoxon.ts'
import { tTest } from './ttest.ts'
import { shapiroWilk } from './shapiro_wilk.ts'
import { kruskalTest } from './kruskal.ts'
import { isMissing, parseNumber } from '../table/table.ts'
import { InputError } from '../errors.ts'

export const TEST_NAMES = ['chisq', 'fisher', 'wilcoxon', 'ttest', 'welch', 'shapiro', 'kruskal'] as const
export type TestName = (typeof TEST_NAMES)[number]

export interface TestResult {
  test: TestName
  method: string
  statistic: number | null
  df: number | null
  p: number
  n: number
  /** groups (two-sample tests, kruskal) or table levels (chisq, fisher) */
  groups?: string[]
  /** per-group results for shapiro with a grouping column */
  perGroup?: { group: string; statistic: number; p: number; n: number }[]
  warnings: string[]
}

function twoGroups(x: number[], g: string[]): { levels: string[]; a: number[]; b: number[] } {
  const levels = [...new Set(g)].sort((p, q) => p.localeCompare(q, 'en', { numeric: true }))
  if (levels.length !== 2) throw new InputError(`the group column must have exactly 2 levels for a two-sample test, found ${levels.length} (${levels.join(', ')})`)
  return { levels, a: x.filter((_, i) => g[i] === levels[0]), b: x.filter((_, i) => g[i] === levels[1]) }
}

/** Run a test on raw cells: x values (numeric or labels) and optional y (labels or groups). */
export function runTest(test: TestName, xCells: string[], yCells?: string[]): TestResult {
  const keep = xCells.map((_, i) => i).filter((i) => !isMissing(xCells[i]) && (!yCells || !isMissing(yCells[i])))
  const xs = keep.map((i) => xCells[i])
  const ys = yCells ? keep.map((i) => yCells[i]) : undefined
  const num = () => xs.map((c) => parseNumber(c) as number)
  const n = keep.length
  switch (test) {
    case 'chisq':
    case 'fisher': {
      const ct = crossTable(xs, ys!)
      if (ct.rows.length < 2 || ct.cols.length < 2) throw new InputError('both columns need at least 2 distinct values for a contingency-table test')
      if (test === 'chisq') {
        const r = chisqTest(ct.counts)
        return { test, method: `Pearson's chi-square${r.corrected ? ' with Yates continuity correction' : ''}`, statistic: r.statistic, df: r.df, p: r.p, n, groups: ct.rows, warnings: r.warnings }
      }
      return { test, method: "Fisher's exact test", statistic: null, df: null, p: fisherTest(ct.counts).p, n, groups: ct.rows, warnings: [] }
    }
    case 'wilcoxon': {
      const { levels, a, b } = twoGroups(num(), ys!)
      const r = wilcoxonTest(a, b)
      const tied = Number.isNaN(r.p) ? ['all values are tied: the rank statistic has no variance, p is NA (as R)'] : []
      return { test, method: `Wilcoxon rank-sum (Mann–Whitney) ${r.exact ? 'exact' : 'normal approximation with continuity correction'}`, statistic: r.statistic, df: null, p: r.p, n, groups: levels, warnings: tied }
    }
    case 'ttest':
    case 'welch': {
      const { levels, a, b } = twoGroups(num(), ys!)
      const r = tTest(a, b, test === 'ttest')
      return { test, method: test === 'ttest' ? "Student's two-sample t-test" : "Welch's two-sample t-test", statistic: r.statistic, df: r.df, p: r.p, n, groups: levels, warnings: [] }
    }
    case 'kruskal': {
      const r = kruskalTest(num(), ys!)
      const tied = Number.isNaN(r.p) ? ['all values are tied: H is NA and p is NA (as R)'] : []
      return { test, method: 'Kruskal–Wallis rank-sum test', statistic: r.statistic, df: r.df, p: r.p, n, groups: [...new Set(ys!)].sort(), warnings: tied }
    }
    case 'shapiro': {
      const x = num()
      const r = shapiroWilk(x)
      const out: TestResult = { test, method: 'Shapiro–Wilk normality test', statistic: r.statistic, df: null, p: r.p, n, warnings: [] }
      if (ys) {
        const levels = [...new Set(ys)].sort((p, q) => p.localeCompare(q, 'en', { numeric: true }))
        out.perGroup = levels.map((g) => {
          const s = shapiroWilk(x.filter((_, i) => ys[i] === g))
          return { group: g, statistic: s.statistic, p: s.p, n: s.n }
        })
      }
      return out
    }
  }
}
