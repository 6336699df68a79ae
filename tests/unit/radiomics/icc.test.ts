// ICC(2,1) and ICC(3,1) with 95% CI against base-R formulas (fixture: tests/fixtures/radiomics/icc_reference.R).
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { parseTable, numericColumn, stringColumn } from '../../../src/core/table/table.ts'
import { icc, iccFilter, qf, type IccModel } from '../../../src/core/radiomics/icc.ts'

const dir = 'tests/fixtures/radiomics'
const ratings = parseTable(fs.readFileSync(`${dir}/icc_ratings.csv`, 'utf8'), 'icc_ratings.csv')
const ref = parseTable(fs.readFileSync(`${dir}/icc_reference.csv`, 'utf8'), 'icc_reference.csv')

describe('ICC against R', () => {
  const feat = stringColumn(ratings, 'feature'), r1 = numericColumn(ratings, 'r1'), r2 = numericColumn(ratings, 'r2')
  const rf = stringColumn(ref, 'feature'), rm = stringColumn(ref, 'model')
  const cols = ['icc', 'lower', 'upper', 'f', 'p'].map((c) => numericColumn(ref, c))
  for (let r = 0; r < rf.length; r++) {
    it(`${rf[r]} ICC(${rm[r]}) with 95% CI within 1e-8`, () => {
      const xs: number[] = []
      feat.forEach((f, i) => { if (f === rf[r]) xs.push(r1[i], r2[i]) })
      const res = icc(Float64Array.from(xs), xs.length / 2, 2, rm[r] as IccModel)
      expect(Math.abs(res.icc - cols[0][r])).toBeLessThan(1e-8)
      expect(Math.abs(res.lower - cols[1][r])).toBeLessThan(1e-8)
      expect(Math.abs(res.upper - cols[2][r])).toBeLessThan(1e-8)
      expect(Math.abs(res.f - cols[3][r]) / cols[3][r]).toBeLessThan(1e-8)
      expect(Math.abs(res.p - cols[4][r]) / cols[4][r]).toBeLessThan(1e-6)
    })
  }
  it('qf inverts pf', () => {
    expect(qf(0.975, 11, 11)).toBeCloseTo(3.473699051085809, 10) // R: qf(0.975, 11, 11)
  })
  it('filter keeps features with ICC ≥ threshold, matching patients by id', () => {
    const a = { ids: ['p1', 'p2', 'p3', 'p4'], columns: ['good', 'bad'], values: [Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 5, 2, 8])] }
    const b = { ids: ['p4', 'p3', 'p2', 'p1'], columns: ['bad', 'good'], values: [Float64Array.from([1, 9, 2, 7]), Float64Array.from([4.1, 3, 2.1, 1])] }
    const rows = iccFilter(a, b, '2,1', 0.9)
    expect(rows.find((r) => r.feature === 'good')!.keep).toBe(true)
    expect(rows.find((r) => r.feature === 'bad')!.keep).toBe(false)
  })
})
