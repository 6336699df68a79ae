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
  if (interpolation === 'linear') return resampleLinear(image, target)
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
 * Linear resampling, the same arithmetic as linearSampler voxel by voxel, organised by
 * scan line: when a line keeps y and z (grids whose directions agree, the study's case),
 * its y/z neighbours and weights are found once per line and the x neighbours and
 * weights once per distinct line start (a table), so the inner loop is eight reads and
 * seven lerps on a float32 copy of the data. Other lines take the per-voxel path.
 */
function resampleLinear(image: Volume, target: Grid): Volume<Float32Array> {
  const d = image.data
  // typed arrays of integers (exact in double) and floats are read as they are by the aligned path
  const typed = d instanceof Float32Array || d instanceof Float64Array || d instanceof Int8Array || d instanceof Uint8Array || d instanceof Int16Array || d instanceof Uint16Array || d instanceof Int32Array || d instanceof Uint32Array
  const aligned = resampleAligned(image, typed ? d : Float64Array.from(d), target)
  if (aligned) return aligned
  // integer voxels as float32 (exact); float64 data stays double
  const data = d instanceof Float32Array || d instanceof Float64Array ? d : d instanceof Int8Array || d instanceof Uint8Array || d instanceof Int16Array || d instanceof Uint16Array ? Float32Array.from(d) : Float64Array.from(d)
  const sample = linearSampler(data, image.dims)
  const [nx, ny, nz] = target.dims
  const [sx, sy, sz] = image.dims
  const sxy = sx * sy
  const out = new Float32Array(voxelCount(target.dims))
  const lx = -0.5, hx = sx - 0.5, ly = -0.5, hy = sy - 0.5, lz = -0.5, hz = sz - 0.5
  // x table of the current line start/end: first/last inside voxel, neighbours and weight
  const i0s = new Int32Array(nx), i1s = new Int32Array(nx), fxs = new Float64Array(nx)
  let tableA = NaN, tableB = NaN, first = 0, last = -1
  let n = 0
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++, n += nx) {
      const a = physicalToIndex(image, indexToPhysical(target, 0, j, k))
      const b = physicalToIndex(image, indexToPhysical(target, nx, j, k))
      if (a[1] !== b[1] || a[2] !== b[2]) {
        // oblique line: voxel by voxel
        for (let i = 0; i < nx; i++) {
          const t = i / nx
          const x = a[0] + t * (b[0] - a[0]), y = a[1] + t * (b[1] - a[1]), z = a[2] + t * (b[2] - a[2])
          if (x >= lx && x < hx && y >= ly && y < hy && z >= lz && z < hz) out[n + i] = sample(x, y, z)
        }
        continue
      }
      let y = a[1], z = a[2]
      if (!(y >= ly && y < hy && z >= lz && z < hz)) continue
      if (a[0] !== tableA || b[0] !== tableB) {
        tableA = a[0]
        tableB = b[0]
        ;[first, last] = fillXTable(a[0], b[0], sx, i0s, i1s, fxs)
      }
      if (y < 0) y = 0
      else if (y > sy - 1) y = sy - 1
      if (z < 0) z = 0
      else if (z > sz - 1) z = sz - 1
      const j0 = Math.floor(y), k0 = Math.floor(z)
      const fy = y - j0, fz = z - k0
      const j1 = j0 + 1 < sy ? j0 + 1 : j0, k1 = k0 + 1 < sz ? k0 + 1 : k0
      const p00 = k0 * sxy + j0 * sx, p10 = k0 * sxy + j1 * sx, p01 = k1 * sxy + j0 * sx, p11 = k1 * sxy + j1 * sx
      for (let i = first; i <= last; i++) {
        const i0 = i0s[i], i1 = i1s[i], fx = fxs[i]
        const c00 = data[p00 + i0] + fx * (data[p00 + i1] - data[p00 + i0])
        const c10 = data[p10 + i0] + fx * (data[p10 + i1] - data[p10 + i0])
        const c01 = data[p01 + i0] + fx * (data[p01 + i1] - data[p01 + i0])
        const c11 = data[p11 + i0] + fx * (data[p11 + i1] - data[p11 + i0])
        const c0 = c00 + fy * (c10 - c00)
        const c1 = c01 + fy * (c11 - c01)
        out[n + i] = c0 + fz * (c1 - c0)
      }
    }
  }
  return { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
}

/**
 * The linear resampling of grids whose scan lines all map onto source lines with one
 * x table (directions agree), in separable passes: each source slice the output needs is
 * interpolated along x (c00 … c11 of linearSampler, in double), then along y onto the
 * output rows (c0 / c1), once, into one of two reused buffers; every output voxel is then
 * one lerp in z of two such slices — the same operations in the same order on the same
 * numbers as voxel by voxel, so the same float32 output. The y pass is shared by every
 * output slice only when each output row maps to the same source y in every slice (and
 * each slice to one source z), as it does for such grids; otherwise the y lerp is done per
 * output line. Null when the grids are not so aligned.
 */
function resampleAligned(image: Volume, data: ArrayLike<number>, target: Grid): Volume<Float32Array> | null {
  const [nx, ny, nz] = target.dims
  const [sx, sy, sz] = image.dims
  const sxy = sx * sy
  const ly = -0.5, hy = sy - 0.5, lz = -0.5, hz = sz - 0.5
  const ys = new Float64Array(ny * nz), zs = new Float64Array(ny * nz)
  let a0 = NaN, b0 = NaN
  let separable = true
  for (let k = 0, r = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++, r++) {
      const a = physicalToIndex(image, indexToPhysical(target, 0, j, k))
      const b = physicalToIndex(image, indexToPhysical(target, nx, j, k))
      if (a[1] !== b[1] || a[2] !== b[2]) return null
      if (r === 0) (a0 = a[0]), (b0 = b[0])
      else if (a[0] !== a0 || b[0] !== b0) return null
      ys[r] = a[1]
      zs[r] = a[2]
      if (ys[r] !== ys[j] || zs[r] !== zs[k * ny]) separable = false
    }
  }
  // x table
  const i0s = new Int32Array(nx), i1s = new Int32Array(nx), fxs = new Float64Array(nx)
  const [first, last] = fillXTable(a0, b0, sx, i0s, i1s, fxs)
  const out = new Float32Array(voxelCount(target.dims))
  const w = last - first + 1
  const result = { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
  if (w <= 0) return result
  // the x pass of source slice kk into X (sy rows of w)
  const X = new Float64Array(sy * w)
  const xPass = (kk: number) => {
    for (let jj = 0; jj < sy; jj++) {
      const p = kk * sxy + jj * sx, q = jj * w - first
      for (let i = first; i <= last; i++) {
        const i0 = i0s[i], i1 = i1s[i]
        const d0 = data[p + i0]
        X[q + i] = d0 + fxs[i] * (data[p + i1] - d0)
      }
    }
  }
  // y neighbours and weight of a source y (clamped as linearSampler)
  const yNeighbours = (y: number): [number, number, number] => {
    if (y < 0) y = 0
    else if (y > sy - 1) y = sy - 1
    const j0 = Math.floor(y)
    return [j0, j0 + 1 < sy ? j0 + 1 : j0, y - j0]
  }
  const zNeighbours = (z: number): [number, number, number] => {
    if (z < 0) z = 0
    else if (z > sz - 1) z = sz - 1
    const k0 = Math.floor(z)
    return [k0, k0 + 1 < sz ? k0 + 1 : k0, z - k0]
  }
  if (!separable) {
    // x-interpolated source slices in two reused buffers, y and z per output line
    const bufs = [new Float64Array(sy * w), new Float64Array(sy * w)]
    const held = [-1, -1]
    const slice = (kk: number, keep: number): Float64Array => {
      if (held[0] === kk) return bufs[0]
      if (held[1] === kk) return bufs[1]
      const s = held[0] === keep ? 1 : 0
      held[s] = kk
      xPass(kk)
      bufs[s].set(X)
      return bufs[s]
    }
    let n = 0
    for (let k = 0, r = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++, r++, n += nx) {
        const y = ys[r], z = zs[r]
        if (!(y >= ly && y < hy && z >= lz && z < hz)) continue
        const [j0, j1, fy] = yNeighbours(y)
        const [k0, k1, fz] = zNeighbours(z)
        const R0 = slice(k0, k1), R1 = slice(k1, k0)
        const q0 = j0 * w - first, q1 = j1 * w - first
        for (let i = first; i <= last; i++) {
          const c00 = R0[q0 + i], c10 = R0[q1 + i], c01 = R1[q0 + i], c11 = R1[q1 + i]
          const c0 = c00 + fy * (c10 - c00)
          const c1 = c01 + fy * (c11 - c01)
          out[n + i] = c0 + fz * (c1 - c0)
        }
      }
    }
    return result
  }
  // separable: rows inside the source's y extent, with their neighbours and weights
  const rows: number[] = []
  const rj0 = new Int32Array(ny), rj1 = new Int32Array(ny), rfy = new Float64Array(ny)
  for (let j = 0; j < ny; j++) {
    if (!(ys[j] >= ly && ys[j] < hy)) continue
    rows.push(j)
    ;[rj0[j], rj1[j], rfy[j]] = yNeighbours(ys[j])
  }
  if (rows.length === 0) return result
  // x then y pass of a source slice onto the output rows: Y[j·w + i − first] = c0 of linearSampler
  const ybufs = [new Float64Array(ny * w), new Float64Array(ny * w)]
  const yheld = [-1, -1]
  const yslice = (kk: number, keep: number): Float64Array => {
    if (yheld[0] === kk) return ybufs[0]
    if (yheld[1] === kk) return ybufs[1]
    const s = yheld[0] === keep ? 1 : 0
    yheld[s] = kk
    xPass(kk)
    const Y = ybufs[s]
    for (const j of rows) {
      const q = j * w, q0 = rj0[j] * w, q1 = rj1[j] * w, fy = rfy[j]
      for (let t = 0; t < w; t++) {
        const c00 = X[q0 + t]
        Y[q + t] = c00 + fy * (X[q1 + t] - c00)
      }
    }
    return Y
  }
  for (let k = 0; k < nz; k++) {
    const z = zs[k * ny]
    if (!(z >= lz && z < hz)) continue
    const [k0, k1, fz] = zNeighbours(z)
    const Y0 = yslice(k0, k1), Y1 = yslice(k1, k0)
    for (const j of rows) {
      const n = (k * ny + j) * nx + first, q = j * w
      for (let t = 0; t < w; t++) {
        const c0 = Y0[q + t]
        out[n + t] = c0 + fz * (Y1[q + t] - c0)
      }
    }
  }
  return result
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
    // the 0/1 indicator as bytes (the interpolation reads them as the same numbers)
    const indicator = new Uint8Array(mask.data.length)
    for (let i = 0; i < indicator.length; i++) indicator[i] = mask.data[i] > 0 ? 1 : 0
    const r = resampleOntoGrid({ ...mask, data: indicator }, target, 'linear')
    out = new Uint8Array(r.data.length)
    for (let i = 0; i < out.length; i++) out[i] = r.data[i] >= threshold ? 1 : 0
  }
  return { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
}

/**
 * The x table of a target line whose source x runs linearly from a0 (i = 0) to b0 (i = nx,
 * nx = i0s.length): for each target voxel inside the source's x extent [-0.5, sx - 0.5),
 * the two neighbouring source columns (clamped at the edges) and the weight of the second.
 * Returns the first and last target index inside (first > last when none is).
 */
function fillXTable(a0: number, b0: number, sx: number, i0s: Int32Array, i1s: Int32Array, fxs: Float64Array): [number, number] {
  const nx = i0s.length
  let first = nx, last = -1
  for (let i = 0; i < nx; i++) {
    let x = a0 + (i / nx) * (b0 - a0)
    if (!(x >= -0.5 && x < sx - 0.5)) continue
    if (i < first) first = i
    last = i
    if (x < 0) x = 0
    else if (x > sx - 1) x = sx - 1
    const i0 = Math.floor(x)
    i0s[i] = i0
    i1s[i] = i0 + 1 < sx ? i0 + 1 : i0
    fxs[i] = x - i0
  }
  return [first, last]
}
