// resampleMaskNearest against ITK 5.2 (ResampleImageFilter + NearestNeighborInterpolateImageFunction,
// fixtures/resample_mask_itk.cxx): the STS_002 GTV mask onto an oblique anisotropic grid.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import { readVolume } from '../../../src/cli/image_io.ts'
import { resampleMaskNearest } from '../../../src/core/image/resample_mask.ts'
import type { Grid } from '../../../src/core/image/volume.ts'
import type { Mask, Volume } from '../../../src/core/image/volume.ts'
import { DATA, haveData } from '../shared_data.ts'

const FIX = 'tests/unit/image/fixtures'
const MASK = `${DATA}/sts/STS_002/mr_t1/mask.nii.gz`

function asMask(v: Volume): Mask {
  return { ...v, data: Uint8Array.from(v.data as ArrayLike<number>) }
}

describe('resampleMaskNearest', () => {
  it.skipIf(!haveData('resampleMaskNearest on STS_002', MASK))('matches ITK nearest-neighbour resampling onto an oblique anisotropic grid', async () => {
    const mask = asMask(await readVolume(MASK))
    const target = JSON.parse(fs.readFileSync(`${FIX}/target_grid.json`, 'utf8')) as Grid
    const ref = await readVolume(`${FIX}/resample_mask_itk.nii.gz`)
    const out = resampleMaskNearest(mask, target)
    expect(out.dims).toEqual(ref.dims)
    let differ = 0, inRef = 0
    for (let i = 0; i < out.data.length; i++) {
      if (out.data[i] !== ref.data[i]) differ++
      if (ref.data[i]) inRef++
    }
    expect(inRef).toBeGreaterThan(10_000) // the tumour lies inside the target grid
    // identical up to voxels whose centre falls exactly between two source voxels
    // (float rounding of the grid decides); none are expected on this grid
    expect(differ).toBe(0)
  })

  it.skipIf(!haveData('resampleMaskNearest on STS_002', MASK))('is the identity on the same grid and keeps label values', async () => {
    const mask = asMask(await readVolume(MASK))
    mask.data[0] = 3
    const out = resampleMaskNearest(mask, mask)
    expect(out.data).toEqual(mask.data)
  })

  it('copies a mask between grids that differ by an integer voxel shift', () => {
    const dims: [number, number, number] = [4, 3, 2]
    const data = new Uint8Array(24)
    data[1 + 4 * (2 + 3 * 1)] = 1 // voxel (1,2,1)
    const src: Mask = { dims, spacing: [2, 1, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data }
    // target shifted by one voxel along x, flipped y axis
    const target: Grid = { dims: [4, 3, 2], spacing: [2, 1, 3], origin: [2, 2, 0], direction: [1, 0, 0, 0, -1, 0, 0, 0, 1] }
    const out = resampleMaskNearest(src, target)
    // source (1,2,1) at physical (2,2,3) = target index (0,0,1)
    expect(out.data[0 + 4 * (0 + 3 * 1)]).toBe(1)
    expect(out.data.reduce((a, b) => a + b, 0)).toBe(1)
  })
})
