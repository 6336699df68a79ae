// A 3D scalar image in physical space, with ITK's conventions: voxel (i,j,k) sits at
// physical point origin + direction · (spacing ⊙ [i,j,k]); `direction` is the 3×3
// direction-cosine matrix in row-major order (ITK's Image::GetDirection()), LPS frame.
// Voxels are stored with x fastest: index = i + nx·(j + ny·k), as NIfTI, NRRD and ITK.

export type Vec3 = [number, number, number]

export type VoxelArray =
  | Float32Array
  | Float64Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | Int8Array

export interface Volume<T extends VoxelArray = VoxelArray> {
  dims: Vec3
  spacing: Vec3
  origin: Vec3
  /** 3×3 direction cosines, row-major (9 numbers). */
  direction: number[]
  data: T
}

/** A grid: what resampling needs of a volume (one definition for every engine). */
export type Grid = Pick<Volume, 'dims' | 'spacing' | 'origin' | 'direction'>

/** A binary (or label) mask on the same grid as an image. */
export type Mask = Volume<Uint8Array>

export const IDENTITY_DIRECTION: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1]

/** Number of voxels of a grid. */
export function voxelCount(dims: Vec3): number {
  return dims[0] * dims[1] * dims[2]
}

/** Linear index of voxel (i, j, k). */
export function voxelIndex(dims: Vec3, i: number, j: number, k: number): number {
  return i + dims[0] * (j + dims[1] * k)
}

/** Physical point (LPS, mm) of continuous index (i, j, k). */
export function indexToPhysical(v: Pick<Volume, 'spacing' | 'origin' | 'direction'>, i: number, j: number, k: number): Vec3 {
  const { spacing: s, origin: o, direction: d } = v
  const a = i * s[0], b = j * s[1], c = k * s[2]
  return [
    o[0] + d[0] * a + d[1] * b + d[2] * c,
    o[1] + d[3] * a + d[4] * b + d[5] * c,
    o[2] + d[6] * a + d[7] * b + d[8] * c,
  ]
}

/** Continuous index of physical point p (inverse of indexToPhysical; direction is orthonormal). */
export function physicalToIndex(v: Pick<Volume, 'spacing' | 'origin' | 'direction'>, p: Vec3): Vec3 {
  const { spacing: s, origin: o, direction: d } = v
  const x = p[0] - o[0], y = p[1] - o[1], z = p[2] - o[2]
  // inverse of an orthonormal matrix is its transpose
  return [
    (d[0] * x + d[3] * y + d[6] * z) / s[0],
    (d[1] * x + d[4] * y + d[7] * z) / s[1],
    (d[2] * x + d[5] * y + d[8] * z) / s[2],
  ]
}

/** True when two volumes share dims, spacing, origin and direction (within tol mm / cosines). */
export function sameGrid(a: Volume, b: Volume, tol = 1e-4): boolean {
  for (let i = 0; i < 3; i++) {
    if (a.dims[i] !== b.dims[i]) return false
    if (Math.abs(a.spacing[i] - b.spacing[i]) > tol) return false
    if (Math.abs(a.origin[i] - b.origin[i]) > tol * Math.max(1, Math.abs(a.origin[i]))) return false
  }
  for (let i = 0; i < 9; i++) if (Math.abs(a.direction[i] - b.direction[i]) > tol) return false
  return true
}

/** Summary statistics of a volume's finite voxels, and how many are NaN/±Inf. */
export function volumeStats(v: Volume): { min: number; max: number; mean: number; nonFinite: number } {
  let min = Infinity, max = -Infinity, sum = 0, n = 0
  const d = v.data
  for (let i = 0; i < d.length; i++) {
    const x = d[i]
    if (!Number.isFinite(x)) continue
    if (x < min) min = x
    if (x > max) max = x
    sum += x
    n++
  }
  return { min, max, mean: n ? sum / n : NaN, nonFinite: d.length - n }
}
