// Nearest-neighbour resampling of a mask onto another image's grid through physical
// coordinates: each target voxel centre is mapped to LPS millimetres (indexToPhysical)
// and back to a continuous index of the source grid (physicalToIndex), rounded to the
// nearest source voxel; points outside the source grid get 0. This is how the study
// carried the tumour mask drawn on CE-T1 over to T1 and T2 (ITK's
// NearestNeighborInterpolateImageFunction with an identity transform does the same).

import { indexToPhysical, physicalToIndex, type Grid, type Mask, type Vec3, type Volume } from './volume.ts'

/**
 * Resample `mask` onto `target`'s grid (nearest neighbour, label values kept).
 * @param mask - source mask (any grid)
 * @param target - grid to resample onto (dims, spacing, origin, direction)
 * @returns a mask on the target grid
 * @example resampleMaskNearest(maskOnCeT1, t1Volume).dims // → t1Volume.dims
 */
export function resampleMaskNearest(mask: Mask, target: Grid): Mask {
  const [nx, ny, nz] = target.dims
  const [sx, sy, sz] = mask.dims
  const out = new Uint8Array(nx * ny * nz)
  // The map target index → source continuous index is affine: precompute its origin
  // and the three column steps instead of two matrix products per voxel.
  const o = physicalToIndex(mask, indexToPhysical(target, 0, 0, 0))
  const step = (i: number, j: number, k: number): Vec3 => {
    const p = physicalToIndex(mask, indexToPhysical(target, i, j, k))
    return [p[0] - o[0], p[1] - o[1], p[2] - o[2]]
  }
  const di = step(1, 0, 0), dj = step(0, 1, 0), dk = step(0, 0, 1)
  const src = mask.data
  let n = 0
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let x = o[0] + j * dj[0] + k * dk[0]
      let y = o[1] + j * dj[1] + k * dk[1]
      let z = o[2] + j * dj[2] + k * dk[2]
      for (let i = 0; i < nx; i++, n++, x += di[0], y += di[1], z += di[2]) {
        // round half up, with a tolerance so grids that coincide up to float error map exactly
        const a = Math.floor(x + 0.5 + 1e-6), b = Math.floor(y + 0.5 + 1e-6), c = Math.floor(z + 0.5 + 1e-6)
        if (a < 0 || b < 0 || c < 0 || a >= sx || b >= sy || c >= sz) continue
        out[n] = src[a + sx * (b + sy * c)]
      }
    }
  }
  return { dims: [nx, ny, nz], spacing: [...target.spacing], origin: [...target.origin], direction: [...target.direction], data: out }
}
