// Fisher's exact test of independence, two-sided, as R's fisher.test(): the p-value is
// the total probability (hypergeometric / multivariate hypergeometric given the margins)
// of the tables no more likely than the observed one, with R's relative tolerance 1e-7.
// 2 × 2 through the hypergeometric support; r × c by exhaustive enumeration of the tables
// with the observed margins (exact, like FEXACT, for the small tables this is meant for).

import { logFactorial } from '../math/special.ts'
import { InputError } from '../errors.ts'

export interface FisherResult {
  p: number
  /** number of tables enumerated */
  tables: number
}

const REL_ERR = 1 + 1e-7

/** Two-sided Fisher exact test on an r × c table of counts. */
export function fisherTest(table: number[][], maxTables = 5e7): FisherResult {
  const r = table.length
  const c = table[0]?.length ?? 0
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0))
  const colSums = Array.from({ length: c }, (_, j) => table.reduce((a, row) => a + row[j], 0))
  const n = rowSums.reduce((a, b) => a + b, 0)
  if (r === 2 && c === 2) {
    // R: m = column 1 total, n = column 2 total, k = row 1 total, x = table[0][0]
    const m = colSums[0]
    const nn = colSums[1]
    const k = rowSums[0]
    const x = table[0][0]
    const lo = Math.max(0, k - nn)
    const hi = Math.min(k, m)
    const logd: number[] = []
    for (let s = lo; s <= hi; s++) logd.push(logFactorial(m) - logFactorial(s) - logFactorial(m - s) + logFactorial(nn) - logFactorial(k - s) - logFactorial(nn - k + s))
    const mx = Math.max(...logd)
    const d = logd.map((v) => Math.exp(v - mx))
    const tot = d.reduce((a, b) => a + b, 0)
    const dobs = d[x - lo]
    let p = 0
    for (const v of d) if (v <= dobs * REL_ERR) p += v
    return { p: Math.min(1, p / tot), tables: d.length }
  }
  const constant = rowSums.reduce((a, v) => a + logFactorial(v), 0) + colSums.reduce((a, v) => a + logFactorial(v), 0) - logFactorial(n)
  let obsLog = constant
  for (const row of table) for (const v of row) obsLog -= logFactorial(v)
  const threshold = obsLog + Math.log(REL_ERR)
  // enumerate tables cell by cell, row-major, with the remaining column totals
  const colLeft = colSums.slice()
  let p = 0
  let count = 0
  const rec = (i: number, j: number, rowLeft: number, acc: number): void => {
    if (i === r - 1) {
      // last row is determined by the column remainders
      let a = acc
      for (let jj = 0; jj < c; jj++) a -= logFactorial(colLeft[jj])
      count++
      if (count > maxTables) throw new InputError(`the table is too large for the exact test (more than ${maxTables} tables); use the chi-square test`)
      if (a <= threshold) p += Math.exp(a)
      return
    }
    if (j === c - 1) {
      const v = rowLeft
      if (v > colLeft[j]) return
      colLeft[j] -= v
      rec(i + 1, 0, rowSums[i + 1], acc - logFactorial(v))
      colLeft[j] += v
      return
    }
    // remaining capacity of later columns in this row
    let later = 0
    for (let jj = j + 1; jj < c; jj++) later += colLeft[jj]
    const lo = Math.max(0, rowLeft - later)
    const hi = Math.min(rowLeft, colLeft[j])
    for (let v = lo; v <= hi; v++) {
      colLeft[j] -= v
      rec(i, j + 1, rowLeft - v, acc - logFactorial(v))
      colLeft[j] += v
    }
  }
  rec(0, 0, rowSums[0], constant)
  return { p: Math.min(1, p), tables: count }
}
