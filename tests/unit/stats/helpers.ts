// Shared helpers for the stats tests: fixture loading and tolerance checks.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { parseTable, type Table } from '../../../src/core/table/table.ts'
import { DATA, haveData } from '../shared_data.ts'

export const FIXTURES = 'tests/fixtures/stats'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'))
}

/** The R survival data sets (lung, veteran, ovarian) are here: the R-parity tests that read them skip without them. */
export const SURVIVAL = haveData('stats tests on the R survival data sets (lung, veteran, ovarian)', 'survival/lung.csv', 'survival/veteran.csv', 'survival/ovarian.csv')

export function dataset(name: string): Table {
  return parseTable(readFileSync(`${DATA}/survival/${name}.csv`, 'utf8'), `${name}.csv`)
}

/** jsonlite unboxes length-1 vectors: make every value an array. */
export function arr<T>(x: T | T[] | null | undefined): T[] {
  return x === null || x === undefined ? [] : Array.isArray(x) ? x : [x]
}

/** |a − b| ≤ tol · max(1e-300, |b|) */
export function expectRel(actual: number | null, expected: number | null, tol: number, what = ''): void {
  if (expected === null || expected === undefined || Number.isNaN(expected)) {
    expect(actual === null || Number.isNaN(actual as number), `${what}: expected NA, got ${actual}`).toBe(true)
    return
  }
  expect(actual, what).not.toBeNull()
  const err = Math.abs((actual as number) - expected)
  expect(err <= tol * Math.abs(expected) || err === 0, `${what}: ${actual} vs R ${expected} (rel ${err / Math.abs(expected)})`).toBe(true)
}

/** |a − b| ≤ tol */
export function expectAbs(actual: number | null, expected: number | null, tol: number, what = ''): void {
  if (expected === null || expected === undefined) {
    expect(actual === null || Number.isNaN(actual as number), `${what}: expected NA, got ${actual}`).toBe(true)
    return
  }
  expect(actual, what).not.toBeNull()
  const err = Math.abs((actual as number) - expected)
  expect(err <= tol, `${what}: ${actual} vs R ${expected} (abs ${err})`).toBe(true)
}
