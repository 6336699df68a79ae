// Descriptive "Table 1" of a cohort, overall and per group (e.g. training vs validation
// cohort): continuous variables as mean ± SD and median (range), categorical as n/N (%)
// per level, with the between-group test of association.ts. Returns numbers and the
// formatted cells; presentation layers only print them.

import { associate, variableKind, type AssociationRow, type VariableKind } from './association.ts'
import { columnIndex, isMissing, parseNumber, type Table } from '../table/table.ts'

export interface ContinuousSummary {
  n: number
  missing: number
  mean: number
  sd: number
  median: number
  min: number
  max: number
  text: string
}

export interface LevelSummary {
  level: string
  count: number
  total: number
  percent: number
  text: string
}

export interface Table1Row {
  variable: string
  kind: VariableKind
  /** 'all' and one entry per group */
  summaries: Record<string, ContinuousSummary | LevelSummary[]>
  test: Omit<AssociationRow, 'pAdjusted'> | null
}

export interface Table1 {
  groups: string[]
  counts: Record<string, number>
  rows: Table1Row[]
}

function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'NA'
}

export function summariseContinuous(cells: string[]): ContinuousSummary {
  const x = cells.filter((c) => !isMissing(c)).map((c) => parseNumber(c) as number).sort((a, b) => a - b)
  const n = x.length
  const mean = x.reduce((a, b) => a + b, 0) / n
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))
  const median = n % 2 ? x[(n - 1) / 2] : (x[n / 2 - 1] + x[n / 2]) / 2
  const min = x[0]
  const max = x[n - 1]
  return { n, missing: cells.length - n, mean, sd, median, min, max, text: `${fmt(mean)} ± ${fmt(sd)}; ${fmt(median)} (${fmt(min)}–${fmt(max)})` }
}

export function summariseCategorical(cells: string[]): LevelSummary[] {
  const vals = cells.filter((c) => !isMissing(c))
  const levels = [...new Set(vals)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return levels.map((level) => {
    const count = vals.filter((v) => v === level).length
    const percent = (100 * count) / vals.length
    return { level, count, total: vals.length, percent, text: `${count}/${vals.length} (${fmt(percent)}%)` }
  })
}

/** Build Table 1 for the variables, optionally split by a group column. */
export function table1(t: Table, variables: string[], groupColumn?: string): Table1 {
  const gcells = groupColumn ? t.rows.map((r) => r[columnIndex(t, groupColumn)]) : t.rows.map(() => 'all')
  const groups = [...new Set(gcells.filter((g) => !isMissing(g)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const counts: Record<string, number> = { all: t.rows.length }
  for (const g of groups) counts[g] = gcells.filter((x) => x === g).length
  const rows = variables.map((v) => {
    const cells = t.rows.map((r) => r[columnIndex(t, v)])
    const kind = variableKind(cells)
    const summarise = (cs: string[]) => (kind === 'continuous' ? summariseContinuous(cs) : summariseCategorical(cs))
    const summaries: Table1Row['summaries'] = { all: summarise(cells) }
    if (groupColumn) for (const g of groups) summaries[g] = summarise(cells.filter((_, i) => gcells[i] === g))
    return { variable: v, kind, summaries, test: groupColumn ? associate(v, cells, gcells, kind) : null }
  })
  return { groups, counts, rows }
}
