// Resampling against ITK 5.2's ResampleImageFilter (tests/fixtures/preprocess: the
// reference outputs are rounded to 1/4 grey level, see itk_preprocess_reference.cxx).
import { describe, expect, it } from 'vitest'
import { readVolume } from '../../../src/cli/image_io.ts'
import { gridForSpacing, resampleMask, resampleOntoGrid, resampleToSpacing } from '../../../src/core/preprocess/resample.ts'
import { DATA, FIX, fractionAbove, haveData, range } from './compare.ts'

const HAVE = haveData('resample ITK parity on STS_001, STS_002, brain1', 'sts/STS_001/mr_t1/image.nii.gz', 'sts/STS_002/mr_t1/image.nii.gz', 'mri/brain1_image.nrrd')
import type { Volume } from '../../../src/core/image/volume.ts'

function expectSameGrid(a: Volume, b: Volume) {
  expect(a.dims).toEqual(b.dims)
  for (let d = 0; d < 3; d++) {
    expect(a.spacing[d]).toBeCloseTo(b.spacing[d], 5)
    expect(a.origin[d]).toBeCloseTo(b.origin[d], 3)
  }
}

describe('resample (ITK parity)', () => {
  it.skipIf(!HAVE)('linear to 1×1×4 mm: < 0.1% of voxels differ by more than 0.1% of the range (STS_001)', async () => {
    const img = await readVolume(`${DATA}/sts/STS_001/mr_t1/image.nii.gz`)
    const itk = await readVolume(`${FIX}/sts001_linear_1x1x4.nii.gz`)
    const ours = resampleToSpacing(img, [1, 1, 4], 'linear')
    expectSameGrid(ours, itk)
    const frac = fractionAbove(ours.data, itk.data, 0.001 * range(itk.data))
    expect(frac).toBeLessThan(0.001)
  })

  it.skipIf(!HAVE)('cubic B-spline to 1×1×4 mm matches BSplineInterpolateImageFunction (STS_002)', async () => {
    const img = await readVolume(`${DATA}/sts/STS_002/mr_t1/image.nii.gz`)
    const itk = await readVolume(`${FIX}/sts002_bspline_1x1x4.nii.gz`)
    const ours = resampleToSpacing(img, [1, 1, 4], 'bspline')
    expectSameGrid(ours, itk)
    expect(fractionAbove(ours.data, itk.data, 0.001 * range(itk.data))).toBeLessThan(0.001)
  })

  it.skipIf(!HAVE)('nearest to 1×1×4 mm matches NearestNeighborInterpolateImageFunction (STS_002)', async () => {
    const img = await readVolume(`${DATA}/sts/STS_002/mr_t1/image.nii.gz`)
    const itk = await readVolume(`${FIX}/sts002_nearest_1x1x4.nii.gz`)
    const ours = resampleToSpacing(img, [1, 1, 4], 'nearest')
    expectSameGrid(ours, itk)
    expect(fractionAbove(ours.data, itk.data, 0.5)).toBeLessThan(0.001)
  })

  it.skipIf(!HAVE)('linear onto an oblique grid (rotated 30°, partly outside) matches ITK (brain1, flipped y axis)', async () => {
    const img = await readVolume(`${DATA}/mri/brain1_image.nrrd`)
    const itk = await readVolume(`${FIX}/brain1_oblique_linear.nii.gz`)
    const c = Math.cos(Math.PI / 6)
    for (const [k, v] of [c, -0.5, 0, 0.5, c, 0, 0, 0, 1].entries()) expect(itk.direction[k]).toBeCloseTo(v, 5)
    const ours = resampleOntoGrid(img, itk, 'linear')
    let outside = 0
    for (let i = 0; i < itk.data.length; i++) if (itk.data[i] === 0 && ours.data[i] === 0) outside++
    expect(outside).toBeGreaterThan(1000)
    expect(fractionAbove(ours.data, itk.data, 0.001 * range(itk.data))).toBeLessThan(0.001)
  })

  it('onto the same grid is the identity, and outside the source is 0', () => {
    const data = new Float32Array(4 * 3 * 2).map((_, i) => i * 1.5)
    const v: Volume = { dims: [4, 3, 2], spacing: [1, 2, 3], origin: [5, -2, 1], direction: [1, 0, 0, 0, -1, 0, 0, 0, 1], data }
    for (const interp of ['nearest', 'linear', 'bspline'] as const) {
      const r = resampleOntoGrid(v, v, interp)
      for (let i = 0; i < data.length; i++) expect(r.data[i]).toBeCloseTo(data[i], 4)
    }
    const shifted = resampleOntoGrid(v, { ...v, origin: [5 + 10, -2, 1] }, 'linear')
    expect(Array.from(shifted.data).every((x) => x === 0)).toBe(true)
  })

  it('new-spacing grid keeps origin, direction and the extent n·s', () => {
    const g = gridForSpacing({ dims: [174, 158, 59], spacing: [0.977, 0.977, 3.27], origin: [1, 2, 3], direction: [0, 1, 0, 1, 0, 0, 0, 0, 1] }, [1, 1, 4])
    expect(g.dims).toEqual([170, 154, 48])
    expect(g.origin).toEqual([1, 2, 3])
    expect(g.direction).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 1])
  })

  it('masks: linear with a 0.5 threshold keeps a half-covered voxel, nearest copies labels', () => {
    const m = new Uint8Array(8 * 8 * 8)
    for (let k = 2; k < 6; k++) for (let j = 2; j < 6; j++) for (let i = 2; i < 6; i++) m[i + 8 * (j + 8 * k)] = 1
    const mask: Volume<Uint8Array> = { dims: [8, 8, 8], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: m }
    const target = gridForSpacing(mask, [2, 2, 2])
    const lin = resampleMask(mask, target, 'linear')
    const nn = resampleMask(mask, target, 'nearest')
    // target voxel 1 sits at source index 2 (inside), voxel 3 at 6 (outside edge)
    expect(lin.data[1 + 4 * (1 + 4 * 1)]).toBe(1)
    expect(lin.data[3 + 4 * (1 + 4 * 1)]).toBe(0)
    expect(nn.data[1 + 4 * (1 + 4 * 1)]).toBe(1)
    expect(lin.dims).toEqual([4, 4, 4])
  })
})
