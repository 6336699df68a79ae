// Reads the committed R reference outputs of tests/fixtures/omics (see make_fixtures.R).
import { readFileSync } from 'node:fs'
import { gunzipSync, strFromU8 } from 'fflate'
import { parseTable, type Table } from '../../../src/core/table/table.ts'
import { parseCountMatrix, parseSampleSheet } from '../../../src/core/omics/counts.ts'
import type { CountMatrix } from '../../../src/core/cohort/cohort.ts'

export const DIR = 'tests/fixtures/omics/'

export function readText(name: string): string {
  const b = readFileSync(DIR + name)
  return name.endsWith('.gz') ? strFromU8(gunzipSync(b)) : b.toString('utf8')
}

export function table(name: string): Table {
  return parseTable(readText(name), name)
}

export function col(t: Table, c: string): number[] {
  const i = t.columns.indexOf(c)
  if (i < 0) throw new Error(`no column ${c} in ${t.name}`)
  return t.rows.map((r) => (r[i] === 'NA' ? NaN : Number(r[i])))
}

export function strCol(t: Table, c: string): string[] {
  const i = t.columns.indexOf(c)
  return t.rows.map((r) => r[i])
}

/** genes × samples numeric matrix (gene id first). */
export function matrix(name: string): CountMatrix {
  return parseCountMatrix(readText(name), name, { integers: false })
}

export function counts(): CountMatrix {
  return parseCountMatrix(readText('counts.csv'), 'counts.csv')
}

export function samples() {
  return parseSampleSheet(readText('samples.csv'), 'samples.csv')
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300))
  return m
}
