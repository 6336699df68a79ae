// Pearson's chi-square test of independence on an r × c contingency table, as R's
// chisq.test(): expected counts from the margins, Yates' continuity correction for 2 × 2
// tables by default (|O − E| − min(0.5, |O − E|)), df = (r − 1)(c − 1), and R's warning
// when an expected count is below 5.

import { pchisq } from '../math/distributions.ts'

export interface ChisqResult {
  statistic: number
  df: number
  p: number
  expected: number[][]
  corrected: boolean
  warnings: string[]
}

/** Chi-square test of independence on a table of counts (rows × columns). */
export function chisqTest(table: number[][], correct = true): ChisqResult {
  const r = table.length
  const c = table[0]?.length ?? 0
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0))
  const colSums = Array.from({ length: c }, (_, j) => table.reduce((a, row) => a + row[j], 0))
  const n = rowSums.reduce((a, b) => a + b, 0)
  const expected = table.map((_, i) => colSums.map((cs) => (rowSums[i] * cs) / n))
  const yates = correct && r === 2 && c === 2
  let stat = 0
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const e = expected[i][j]
      const d = Math.abs(table[i][j] - e)
      const y = yates ? Math.min(0.5, d) : 0
      stat += ((d - y) * (d - y)) / e
    }
  const df = (r - 1) * (c - 1)
  const warnings: string[] = []
  if (expected.some((row) => row.some((e) => e < 5))) warnings.push('Chi-squared approximation may be incorrect (an expected count is below 5)')
  return { statistic: stat, df, p: pchisq(stat, df, false), expected, corrected: yates, warnings }
}

/** Cross-tabulate two label vectors: rows = sorted levels of a, columns = sorted levels of b. */
export function crossTable(a: string[], b: string[]): { rows: string[]; cols: string[]; counts: number[][] } {
  const cmp = (x: string, y: string) => x.localeCompare(y, 'en', { numeric: true })
  const rows = [...new Set(a)].sort(cmp)
  const cols = [...new Set(b)].sort(cmp)
  const counts = rows.map(() => cols.map(() => 0))
  for (let i = 0; i < a.length; i++) counts[rows.indexOf(a[i])][cols.indexOf(b[i])]++
  return { rows, cols, counts }
}
