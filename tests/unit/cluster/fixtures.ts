// Loading the committed R references of tests/fixtures/cluster (see make_fixtures.R).
import fs from 'node:fs'
import path from 'node:path'
import { parseTable, parseNumber } from '../../../src/core/table/table.ts'
import type { FeatureMatrix } from '../../../src/core/cluster/distance.ts'

export const FIXTURES = path.resolve(__dirname, '../../fixtures/cluster')

export function readJson<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as T
}

/** A fixture CSV (first column id) as a FeatureMatrix with its ids. */
export function readMatrix(name: string): { ids: string[]; matrix: FeatureMatrix } {
  const t = parseTable(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name)
  const p = t.columns.length - 1
  const data = new Float64Array(t.rows.length * p)
  t.rows.forEach((r, i) => r.slice(1).forEach((c, j) => (data[i * p + j] = parseNumber(c)!)))
  return { ids: t.rows.map((r) => r[0]), matrix: { nItems: t.rows.length, nFeatures: p, data } }
}

export const num = (xs: string[]): number[] => xs.map(Number)
