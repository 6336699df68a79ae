// Slice-stack uniformity (src/core/image/dicom_series_check.ts): positions that jitter by
// less than the tolerance stack; a slice moved off the uniform grid is refused, naming the
// two slices; whole missing steps are reported as missing slices.
import { describe, it, expect } from 'vitest'
import { checkDicomSeries, SPACING_TOLERANCE_MM } from '../../../src/core/image/dicom_series_check.ts'

const stack = (z: number[]) => z.map((p, i) => ({ file: `s${i}.dcm`, seriesUid: '1.2.3', position: [0, 0, p], orientation: [1, 0, 0, 0, 1, 0] }))

describe('DICOM slice spacing', () => {
  it('uniform within the tolerance: accepted', () => {
    expect(checkDicomSeries('f', stack([0, 2.5, 5.004, 7.5, 9.998]))).toEqual([])
  })
  it('one slice moved 1 mm: refused, naming the slices and the spacing', () => {
    const p = checkDicomSeries('f', stack([0, 2.5, 6, 7.5, 10]))
    expect(p).toHaveLength(1)
    expect(p[0]).toMatch(/^f: slice spacing is not uniform: s1\.dcm \(2\.50 mm\) to s2\.dcm \(6\.00 mm\) is 3\.500 mm where the series' spacing is 2\.500 mm/)
  })
  it('a deviation just above the tolerance is refused, just below accepted', () => {
    const tol = Math.max(SPACING_TOLERANCE_MM, 0.01 * 5)
    expect(checkDicomSeries('f', stack([0, 5, 10 + 1.2 * tol, 15, 20]))).toHaveLength(1)
    expect(checkDicomSeries('f', stack([0, 5, 10 + 0.8 * tol, 15, 20]))).toEqual([])
  })
  it('whole missing steps are missing slices', () => {
    expect(checkDicomSeries('f', stack([0, 3, 6, 12, 15]))[0]).toMatch(/1 slice\(s\) missing between s2\.dcm .* and s3\.dcm/)
  })
})
