// Subsampling by an integer factor as ITK's ShrinkImageFilter (no averaging): output
// size ⌊n/f⌋, spacing s·f, origin moved so that the grid centres coincide, and output
// voxel o takes input voxel o·f + offset, offset = round-half-up of the input index of
// the output origin. Used to run N4 on a coarse grid (the study's shrink factor 4).

import { indexToPhysical, physicalToIndex, type Vec3, type Volume, type VoxelArray } from '../image/volume.ts'

/** Per-axis factors clamped so that each shrunk axis keeps at least 2 voxels (or 1 when the input has 1). */
export function clampShrinkFactors(dims: Vec3, factor: number | Vec3): Vec3 {
  const f = typeof factor === 'number' ? [factor, factor, factor] : factor
  return [0, 1, 2].map((d) => Math.max(1, Math.min(Math.floor(f[d]), Math.floor(dims[d] / 2) || 1))) as Vec3
}

/** Shrink a volume (any voxel type; the result has the same array type). */
export function shrinkVolume<T extends VoxelArray>(v: Volume<T>, factors: Vec3): Volume<T> {
  const dims = [0, 1, 2].map((d) => Math.max(1, Math.floor(v.dims[d] / factors[d]))) as Vec3
  const spacing = [0, 1, 2].map((d) => v.spacing[d] * factors[d]) as Vec3
  const inCentre = indexToPhysical(v, (v.dims[0] - 1) / 2, (v.dims[1] - 1) / 2, (v.dims[2] - 1) / 2)
  const shrunkAtZero = { spacing, origin: v.origin, direction: v.direction }
  const outCentre = indexToPhysical(shrunkAtZero, (dims[0] - 1) / 2, (dims[1] - 1) / 2, (dims[2] - 1) / 2)
  const origin = [0, 1, 2].map((d) => v.origin[d] + (inCentre[d] - outCentre[d])) as Vec3
  const first = physicalToIndex(v, origin)
  const offset = first.map((x) => Math.max(0, Math.floor(x + 0.5))) as Vec3
  const Ctor = v.data.constructor as new (n: number) => T
  const data = new Ctor(dims[0] * dims[1] * dims[2])
  const [nx, ny] = v.dims
  let n = 0
  for (let k = 0; k < dims[2]; k++) {
    const z = k * factors[2] + offset[2]
    for (let j = 0; j < dims[1]; j++) {
      const y = j * factors[1] + offset[1]
      for (let i = 0; i < dims[0]; i++, n++) data[n] = v.data[i * factors[0] + offset[0] + nx * (y + ny * z)]
    }
  }
  return { dims, spacing, origin, direction: [...v.direction], data }
}
