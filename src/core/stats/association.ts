// Association between a grouping (cohort, cluster, …) and one clinical variable, choosing
// the test per variable as the study did: continuous with 2 groups → t-test or
// Mann–Whitney by Shapiro–Wilk (choose_test.ts), with > 2 groups → Kruskal–Wallis;
// categorical → Pearson chi-square, or Fisher's exact test when an expected count is < 5.

import { chisqTest, crossTable } from './chisq.ts'
import { fisherTest } from './fisher.ts'
import { kruskalTest } from './kruskal.ts'
import { compareTwoGroups } from './choose_test.ts'
import { pAdjust } from '../math/p_adjust.ts'
import { isMissing, parseNumber, type Table, columnIndex } from '../table/table.ts'

export type VariableKind = 'continuous' | 'categorical'

export interface AssociationRow {
  variable: string
  kind: VariableKind
  test: 'ttest' | 'wilcoxon' | 'kruskal' | 'chisq' | 'fisher' | 'none'
  statistic: number | null
  p: number | null
  /** Benjamini–Hochberg adjusted p across the table's rows */
  pAdjusted: number | null
  n: number
}

/** Continuous when every non-missing cell is a number and there are more than `maxLevels` distinct values. */
export function variableKind(cells: string[], maxLevels = 5): VariableKind {
  const vals = cells.filter((c) => !isMissing(c))
  const numeric = vals.every((c) => parseNumber(c) !== undefined)
  return numeric && new Set(vals).size > maxLevels ? 'continuous' : 'categorical'
}

/** NaN (e.g. all values tied) as null: not estimable. */
const na = (x: number): number | null => (Number.isNaN(x) ? null : x)

/** Test of one variable against a grouping; rows with a missing value in either are dropped. */
export function associate(variable: string, cells: string[], groups: string[], kind = variableKind(cells)): Omit<AssociationRow, 'pAdjusted'> {
  const keep = cells.map((_, i) => i).filter((i) => !isMissing(cells[i]) && !isMissing(groups[i]))
  const g = keep.map((i) => groups[i])
  const levels = [...new Set(g)].sort()
  const none = { variable, kind, test: 'none' as const, statistic: null, p: null, n: keep.length }
  if (levels.length < 2) return none
  if (kind === 'continuous') {
    const x = keep.map((i) => parseNumber(cells[i]) as number)
    if (levels.length === 2) {
      const a = x.filter((_, k) => g[k] === levels[0])
      const b = x.filter((_, k) => g[k] === levels[1])
      if (a.length < 2 || b.length < 2) return none
      const r = compareTwoGroups(a, b)
      return { variable, kind, test: r.test, statistic: na(r.statistic), p: na(r.p), n: keep.length }
    }
    const r = kruskalTest(x, g)
    return { variable, kind, test: 'kruskal', statistic: na(r.statistic), p: na(r.p), n: keep.length }
  }
  const ct = crossTable(keep.map((i) => cells[i]), g)
  if (ct.rows.length < 2) return none
  const chi = chisqTest(ct.counts)
  if (chi.warnings.length === 0) return { variable, kind, test: 'chisq', statistic: chi.statistic, p: chi.p, n: keep.length }
  try {
    return { variable, kind, test: 'fisher', statistic: null, p: fisherTest(ct.counts, 2e6).p, n: keep.length }
  } catch {
    return { variable, kind, test: 'chisq', statistic: chi.statistic, p: chi.p, n: keep.length }
  }
}

/** Association table: one row per variable, with BH-adjusted p-values. */
export function associationTable(t: Table, groupColumn: string, variables: string[]): AssociationRow[] {
  const gi = columnIndex(t, groupColumn)
  const groups = t.rows.map((r) => r[gi])
  const rows = variables.map((v) => {
    const vi = columnIndex(t, v)
    return associate(v, t.rows.map((r) => r[vi]), groups)
  })
  const adj = pAdjust(rows.map((r) => (r.p === null ? NaN : r.p)), 'BH')
  return rows.map((r, i) => ({ ...r, pAdjusted: Number.isNaN(adj[i]) ? null : adj[i] }))
}
