// Planar-contour rasterisation (src/core/image/dicom/rasterise.ts) on cases worked by hand:
// a square with a square hole, two pieces on one slice, contours in any order, an oblique
// grid (the same shapes rotated into patient space), a contour between slices and one off
// the series.
import { describe, it, expect } from 'vitest'
import { rasteriseContours } from '../../../src/core/image/dicom/rasterise.ts'
import { selectRois } from '../../../src/core/image/dicom/rtstruct.ts'
import { indexToPhysical } from '../../../src/core/image/volume.ts'
import type { Grid } from '../../../src/core/image/volume.ts'
import type { Contour } from '../../../src/core/image/dicom/rtstruct.ts'

/** A closed contour through index-space points (i, j) on slice k, mapped to patient space by `grid`. */
function contour(grid: Grid, k: number, pts: [number, number][]): Contour {
  const p = pts.flatMap(([i, j]) => indexToPhysical(grid, i, j, k))
  return { type: 'CLOSED_PLANAR', points: Float64Array.from(p), imageUids: [] }
}
const rect = (i0: number, j0: number, i1: number, j1: number): [number, number][] => [[i0, j0], [i1, j0], [i1, j1], [i0, j1]]

function count(m: Uint8Array): number {
  let n = 0
  for (const x of m) n += x
  return n
}

// rotation by 30° about the axis (1, 1, 1)/√3: an oblique, orthonormal direction matrix
function obliqueDirection(): number[] {
  const t = Math.PI / 6, c = Math.cos(t), s = Math.sin(t), u = 1 / Math.sqrt(3)
  const R = [
    [c + u * u * (1 - c), u * u * (1 - c) - u * s, u * u * (1 - c) + u * s],
    [u * u * (1 - c) + u * s, c + u * u * (1 - c), u * u * (1 - c) - u * s],
    [u * u * (1 - c) - u * s, u * u * (1 - c) + u * s, c + u * u * (1 - c)],
  ]
  return R.flat()
}

const grids: [string, Grid][] = [
  ['axial', { dims: [20, 16, 5], spacing: [0.8, 0.8, 3], origin: [-10, 20, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }],
  ['oblique', { dims: [20, 16, 5], spacing: [0.7, 0.9, 2.5], origin: [12.3, -40.1, 77], direction: obliqueDirection() }],
]

describe.each(grids)('rasteriseContours on an %s grid', (_name, grid) => {
  it('fills a square with a hole by the even-odd rule, and a second piece', () => {
    // outer 2..12 × 2..12 (voxel centres 2..11 inside, half-open) minus hole 5..8 × 5..8, plus piece 14..17 × 3..6
    const cs = [contour(grid, 2, rect(14, 3, 17, 6)), contour(grid, 2, rect(5, 5, 8, 8)), contour(grid, 2, rect(2, 2, 12, 12))]
    const { mask, report } = rasteriseContours(cs, grid)
    expect(count(mask.data)).toBe(10 * 10 - 3 * 3 + 3 * 3)
    const at = (i: number, j: number, k: number) => mask.data[i + 20 * (j + 16 * k)]
    expect(at(2, 2, 2)).toBe(1)
    expect(at(6, 6, 2)).toBe(0) // hole
    expect(at(4, 6, 2)).toBe(1)
    expect(at(15, 4, 2)).toBe(1) // second piece
    expect(at(6, 6, 1) + at(6, 6, 3)).toBe(0)
    expect(report).toMatchObject({ contours: 3, rasterised: 3, slices: 1, betweenSlices: [], outsideSeries: [], clipped: [] })
  })

  it('gives the same mask whatever the order of contours and of their points', () => {
    const a = [contour(grid, 1, rect(2, 2, 12, 12)), contour(grid, 1, rect(5, 5, 8, 8)), contour(grid, 3, [[3, 3], [10, 4], [6, 11]])]
    const b = [a[2], { ...a[1], points: reversePoints(a[1].points) }, a[0]]
    expect(Array.from(rasteriseContours(a, grid).mask.data)).toEqual(Array.from(rasteriseContours(b, grid).mask.data))
  })

  it('reports a contour between slices and one off the series', () => {
    const between = contour(grid, 2.4, rect(2, 2, 6, 6))
    const off = contour(grid, 6, rect(2, 2, 6, 6))
    const { mask, report } = rasteriseContours([between, off], grid)
    expect(report.betweenSlices).toHaveLength(1)
    expect(report.betweenSlices[0].slice).toBe(2)
    expect(report.betweenSlices[0].offsetMm).toBeCloseTo(0.4 * grid.spacing[2], 6)
    expect(report.outsideSeries).toEqual([1])
    expect(count(mask.data)).toBe(16)
  })

  it('clips a contour reaching outside the field of view and reports it', () => {
    const { mask, report } = rasteriseContours([contour(grid, 0, rect(-5, -5, 3, 3))], grid)
    expect(count(mask.data)).toBe(9) // centres 0..2 × 0..2
    expect(report.clipped).toEqual([0])
  })
})

function reversePoints(p: Float64Array): Float64Array {
  const out = new Float64Array(p.length)
  const n = p.length / 3
  for (let i = 0; i < n; i++) out.set(p.subarray(3 * (n - 1 - i), 3 * (n - i)), 3 * i)
  return out
}

describe('selectRois', () => {
  const rois = [{ name: 'Body', contours: [1] }, { name: 'GTV_Mass_MR_T1', contours: [1] }, { name: 'Tumour boost', contours: [1] }]
  it('takes the default pattern, an exact name, or a regular expression', () => {
    expect(selectRois(rois).map((r) => r.name)).toEqual(['GTV_Mass_MR_T1', 'Tumour boost'])
    expect(selectRois(rois, 'body').map((r) => r.name)).toEqual(['Body'])
    expect(selectRois(rois, '^gtv').map((r) => r.name)).toEqual(['GTV_Mass_MR_T1'])
    expect(selectRois(rois, 'nothing')).toEqual([])
  })
  it('falls back to the only drawn ROI', () => {
    expect(selectRois([{ name: 'ROI-1', contours: [1] }, { name: 'empty', contours: [] }]).map((r) => r.name)).toEqual(['ROI-1'])
  })
})

