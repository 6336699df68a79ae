// The CLI's resampling pool (src/cli/resample_pool.ts) and the core's slab resampling
// (resampleSlices): any split of the output slices, over threads or not, gives exactly
// resampleOntoGrid's voxels, for every interpolation and for aligned, shifted and oblique grids.
import { afterAll, describe, expect, it } from 'vitest'
import { gridForSpacing, resampleOntoGrid, resampleSlices, type Interpolation } from '../../../src/core/preprocess/resample.ts'
import { ResamplePool, sharedArray, slabRanges } from '../../../src/cli/resample_pool.ts'
import type { Grid, Vec3, Volume } from '../../../src/core/image/volume.ts'

function volume(dims: Vec3, spacing: Vec3, direction = [1, 0, 0, 0, 1, 0, 0, 0, 1], Type: typeof Float32Array | typeof Int16Array = Float32Array): Volume {
  const data = new Type(dims[0] * dims[1] * dims[2])
  let s = 7
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0
    data[i] = s >>> 21
  }
  return { dims, spacing, origin: [1.3, -2.1, 0.7], direction, data }
}

const rot = [0.8660254037844387, -0.5, 0, 0.5, 0.8660254037844387, 0, 0, 0, 1]
const cases: [string, Volume, Grid][] = [
  ['aligned, new spacing (the study)', volume([64, 50, 12], [0.7, 0.8, 4.5]), gridForSpacing(volume([64, 50, 12], [0.7, 0.8, 4.5]), [1, 1, 4])],
  ['int16, flipped y', volume([40, 36, 9], [0.9, 0.9, 3], [1, 0, 0, 0, -1, 0, 0, 0, 1], Int16Array), gridForSpacing(volume([40, 36, 9], [0.9, 0.9, 3], [1, 0, 0, 0, -1, 0, 0, 0, 1]), [1, 1, 4])],
  ['shifted grid', volume([40, 40, 10], [0.9, 0.9, 4]), { dims: [30, 30, 12], spacing: [1, 1, 3], origin: [3, 2, -1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }],
  ['oblique grid', volume([40, 40, 10], [0.9, 0.9, 4]), { dims: [30, 30, 12], spacing: [1, 1, 3], origin: [3, 2, -1], direction: rot }],
]
const INTERPOLATIONS: Interpolation[] = ['linear', 'nearest', 'bspline']

describe('resampling by slabs of output slices', () => {
  const pool = new ResamplePool(3)
  afterAll(() => pool.close())

  it('slab ranges cover the slices once, in order, nearly equal', () => {
    expect(slabRanges(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]])
    expect(slabRanges(2, 4)).toEqual([[0, 1], [1, 2]])
    expect(slabRanges(5, 1)).toEqual([[0, 5]])
  })

  for (const [name, image, grid] of cases) {
    it(`${name}: every split of the slices equals the whole volume`, () => {
      const plane = grid.dims[0] * grid.dims[1]
      for (const interpolation of INTERPOLATIONS) {
        const whole = resampleOntoGrid(image, grid, interpolation).data
        for (const cut of [1, Math.floor(grid.dims[2] / 2), grid.dims[2] - 1]) {
          const a = new Float32Array(plane * cut), b = new Float32Array(plane * (grid.dims[2] - cut))
          resampleSlices(image, grid, interpolation, 0, cut, a)
          resampleSlices(image, grid, interpolation, cut, grid.dims[2], b)
          const joined = new Float32Array(whole.length)
          joined.set(a)
          joined.set(b, a.length)
          expect(joined).toEqual(whole)
        }
      }
    })

    it(`${name}: the worker pool gives the same voxels (input shared or not)`, async () => {
      for (const interpolation of INTERPOLATIONS) {
        const whole = resampleOntoGrid(image, grid, interpolation)
        const pooled = await pool.resample(image, grid, interpolation)
        expect(pooled.dims).toEqual(whole.dims)
        expect(pooled.data).toEqual(whole.data)
        const shared = await pool.resample({ ...image, data: sharedArray(image.data as Float32Array) }, grid, interpolation)
        expect(shared.data).toEqual(whole.data)
      }
    })
  }

  it('refuses a slab outside the grid or a buffer of the wrong size', () => {
    const [, image, grid] = cases[0]
    const plane = grid.dims[0] * grid.dims[1]
    expect(() => resampleSlices(image, grid, 'linear', 0, grid.dims[2] + 1, new Float32Array(plane * (grid.dims[2] + 1)))).toThrow(/not within/)
    expect(() => resampleSlices(image, grid, 'linear', 0, 2, new Float32Array(plane))).toThrow(/holds/)
  })
})
