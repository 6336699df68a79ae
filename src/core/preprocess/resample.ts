// Resampling of a volume to a new voxel spacing or onto another image's grid, with
// ITK's conventions (ResampleImageFilter + IdentityTransform):
// - every output voxel centre is mapped through physical space (LPS mm) to a
//   continuous index of the input grid (scan lines are interpolated between their
//   first and one-past-last points, as ResampleImageFilter does for linear transforms);
// - a point is inside the input when each continuous index lies in [−0.5, n − 0.5)
//   (ImageFunction::IsInsideBuffer); outside points get 0;
// - nearest: round half up (NearestNeighborInterpolateImageFunction); linear:
//   trilinear with the neighbours clamped to the grid (LinearInterpolateImageFunction);
//   bspline: cubic B-spline with mirror boundary (BSplineInterpolateImageFunction, order 3).
// Output grid for a new spacing (the usual SimpleITK/ITK recipe, as in the study's
// pipeline): origin and direction are kept, size_d = max(1, round(n_d · s_d / s'_d)),
// so the physical extent n·s is kept up to one output voxel.
// Masks: nearest neighbour, or linear interpolation of the 0/1 mask kept where ≥ 0.5
// (partial-volume threshold).

import { indexToPhysical, physicalToIndex, voxelCount, type Grid, type Mask, type Vec3, type Volume } from '../image/volume.ts'
import { InputError } from '../errors.ts'
import { bsplineInterpolator } from './bspline_interpolate.ts'

export type Interpolation = 'nearest' | 'linear' | 'bspline'
export const INTERPOLATIONS: Interpolation[] = ['nearest', 'linear', 'bspline']

/** The study's default target spacing (mm). */
export const DEFAULT_SPACING: Vec3 = [1, 1, 4]

/**
 * The output grid for resampling `grid` to `spacing`: same origin and direction,
 * size round(n·s/s') per axis (at least 1).
 * @example gridForSpacing({dims:[10,10,10],spacing:[2,2,2],origin:[0,0,0],direction:[1,0,0,0,1,0,0,0,1]},[1,1,4]).dims // → [20,20,5]
 */
export function gridForSpacing(grid: Grid, spacing: Vec3): Grid {
  for (const s of spacing) if (!(s > 0) || !Number.isFinite(s)) throw new InputError(`target spacing must be three positive numbers (mm), got ${spacing.join(',')}`)
  const dims = [0, 1, 2].map((d) => Math.max(1, Math.round((grid.dims[d] * grid.spacing[d]) / spacing[d]))) as Vec3
  return { dims, spacing: [...spacing] as Vec3, origin: [...grid.origin] as Vec3, direction: [...grid.direction] }
}

function linearSampler(data: ArrayLike<number>, dims: Vec3): (x: number, y: number, z: number) => number {
  const [nx, ny, nz] = dims
  const sxy = nx * ny
  return (x, y, z) => {
    // clamp into [0, n−1]: ITK's interpolator uses the edge voxel for the half voxel beyond it
    if (x < 0) x = 0
    else if (x > nx - 1) x = nx - 1
    if (y < 0) y = 0
    else if (y > ny - 1) y = ny - 1
    if (z < 0) z = 0
    else if (z > nz - 1) z = nz - 1
    const i0 = Math.floor(x), j0 = Math.floor(y), k0 = Math.floor(z)
    const fx = x - i0, fy = y - j0, fz = z - k0
    const i1 = i0 + 1 < nx ? i0 + 1 : i0, j1 = j0 + 1 < ny ? j0 + 1 : j0, k1 = k0 + 1 < nz ? k0 + 1 : k0
    const a = k0 * sxy, b = k1 * sxy, r0 = j0 * nx, r1 = j1 * nx
    const c00 = data[a + r0 + i0] + fx * (data[a + r0 + i1] - data[a + r0 + i0])
    const c10 = data[a + r1 + i0] + fx * (data[a + r1 + i1] - data[a + r1 + i0])
    const c01 = data[b + r0 + i0] + fx * (data[b + r0 + i1] - data[b + r0 + i0])
    const c11 = data[b + r1 + i0] + fx * (data[b + r1 + i1] - data[b + r1 + i0])
    const c0 = c00 + fy * (c10 - c00)
    const c1 = c01 + fy * (c11 - c01)
    return c0 + fz * (c1 - c0)
  }
}

function nearestSampler(data: ArrayLike<number>, dims: Vec3): (x: number, y: number, z: number) => number {
  const [nx, ny] = dims
  return (x, y, z) => data[Math.floor(x + 0.5) + nx * (Math.floor(y + 0.5) + ny * Math.floor(z + 0.5))]
}

function sampler(v: Volume, interpolation: Interpolation): (x: number, y: number, z: number) => number {
  if (interpolation === 'nearest') return nearestSampler(v.data, v.dims)
  if (interpolation === 'linear') return linearSampler(v.data, v.dims)
  if (interpolation === 'bspline') return bsplineInterpolator(v.data, v.dims)
  throw new InputError(`interpolation must be one of ${INTERPOLATIONS.join(', ')}, got "${interpolation}"`)
}

/**
 * Resample `image` onto `target`'s grid (identity transform, outside = 0).
 * @param image - source volume (any grid)
 * @param target - output grid
 * @param interpolation - nearest | linear | bspline (cubic)
 * @returns a Float32 volume on the target grid
 */
export function resampleOntoGrid(image: Volume, target: Grid, interpolation: Interpolation = 'linear'): Volume<Float32Array> {
  const sample = sampler(image, interpolation)
  const [nx, ny, nz] = target.dims
  const [sx, sy, sz] = image.dims
  const out = new Float32Array(voxelCount(target.dims))
  const lx = -0.5, hx = sx - 0.5, ly = -0.5, hy = sy - 0.5, lz = -0.5, hz = sz - 0.5
  let n = 0
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      // ResampleImageFilter's linear-transform path: interpolate along the scan line
      // between the mapped points of index 0 and index nx (avoids accumulating error)
      const a = physicalToIndex(image, indexToPhysical(target, 0, j, k))
      const b = physicalToIndex(image, indexToPhysical(target, nx, j, k))
      for (let i = 0; i < nx; i++, n++) {
        const t = i / nx
        const x = a[0] + t * (b[0] - a[0]), y = a[1] + t * (b[1] - a[1]), z = a[2] + t * (b[2] - a[2])
        if (x >= lx && x < hx && y >= ly && y < hy && z >= lz && z < hz) out[n] = sample(x, y, z)
      }
    }
  }
  return { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
}

/**
 * Resample `image` to a new voxel spacing (default 1 × 1 × 4 mm), keeping origin and direction.
 * @example resampleToSpacing(vol, [1, 1, 4], 'linear').spacing // → [1, 1, 4]
 */
export function resampleToSpacing(image: Volume, spacing: Vec3 = DEFAULT_SPACING, interpolation: Interpolation = 'linear'): Volume<Float32Array> {
  return resampleOntoGrid(image, gridForSpacing(image, spacing), interpolation)
}

/**
 * Resample a binary mask onto `target`: nearest neighbour (labels kept), or linear
 * interpolation of the 0/1 indicator thresholded at `threshold` (default 0.5).
 */
export function resampleMask(mask: Mask | Volume, target: Grid, mode: 'nearest' | 'linear' = 'nearest', threshold = 0.5): Mask {
  let out: Uint8Array
  if (mode === 'nearest') {
    const r = resampleOntoGrid(mask, target, 'nearest')
    out = Uint8Array.from(r.data)
  } else {
    const indicator = new Float32Array(mask.data.length)
    for (let i = 0; i < indicator.length; i++) indicator[i] = mask.data[i] > 0 ? 1 : 0
    const r = resampleOntoGrid({ ...mask, data: indicator }, target, 'linear')
    out = new Uint8Array(r.data.length)
    for (let i = 0; i < out.length; i++) out[i] = r.data[i] >= threshold ? 1 : 0
  }
  return { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
}
