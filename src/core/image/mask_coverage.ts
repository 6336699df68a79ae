// How much of a mask an image's field of view holds: the fraction of the mask's voxel
// centres (in patient coordinates) that fall inside another grid's extent (continuous index
// within [-½, n-½) on each axis). Independent of the two resolutions, unlike a voxel count
// after resampling; used to refuse a mask that lies partly outside a sequence's field of view.

import { indexToPhysical, physicalToIndex, type Volume } from './volume.ts'
import type { Grid } from './resample_mask.ts'

/** Fraction in [0, 1] below which a mask does not fit a sequence (stated in messages). */
export const MIN_MASK_COVERAGE = 0.95

/**
 * Fraction of the mask's voxels (value > 0) whose centres lie inside `grid`'s field of view.
 * @returns 1 for an empty mask
 * @example maskCoverage(ceT1Mask, t1) // → 0.62 when 38 % of the tumour lies outside T1's slab
 */
export function maskCoverage(mask: Volume, grid: Grid): number {
  const [nx, ny, nz] = mask.dims
  const [gx, gy, gz] = grid.dims
  let all = 0, inside = 0
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!(mask.data[v] > 0)) continue
        all++
        const [a, b, c] = physicalToIndex(grid, indexToPhysical(mask, i, j, k))
        if (a >= -0.5 && b >= -0.5 && c >= -0.5 && a < gx - 0.5 && b < gy - 0.5 && c < gz - 0.5) inside++
      }
  return all === 0 ? 1 : inside / all
}
