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
  const out = new Float32Array(voxelCount(target.dims))
  resampleSlices(image, target, interpolation, 0, target.dims[2], out)
  return { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
}

/**
 * Output slices [kBegin, kEnd) of resampleOntoGrid(image, target, interpolation), written
 * into `out` (nx·ny·(kEnd − kBegin) values, slice kBegin first; voxels outside the source
 * are left as they are, 0 in a new array). Slabs of one grid computed apart (by the
 * workers of a pool) give exactly the whole volume's values.
 */
export function resampleSlices(image: Volume, target: Grid, interpolation: Interpolation, kBegin: number, kEnd: number, out: Float32Array): void {
  const [nx, ny, nz] = target.dims
  if (!(Number.isInteger(kBegin) && Number.isInteger(kEnd) && 0 <= kBegin && kBegin <= kEnd && kEnd <= nz)) throw new InputError(`output slices ${kBegin}–${kEnd} are not within the grid's 0–${nz}`)
  if (out.length !== nx * ny * (kEnd - kBegin)) throw new InputError(`output buffer holds ${out.length} values, the slices need ${nx * ny * (kEnd - kBegin)}`)
  if (interpolation === 'linear') return resampleLinear(image, target, kBegin, kEnd, out)
  const sample = sampler(image, interpolation)
  const [sx, sy, sz] = image.dims
  const lx = -0.5, hx = sx - 0.5, ly = -0.5, hy = sy - 0.5, lz = -0.5, hz = sz - 0.5
  let n = 0
  for (let k = kBegin; k < kEnd; k++) {
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
}

/**
 * Linear resampling, the same arithmetic as linearSampler voxel by voxel, organised by
 * scan line: when a line keeps y and z (grids whose directions agree, the study's case),
 * its y/z neighbours and weights are found once per line and the x neighbours and
 * weights once per distinct line start (a table), so the inner loop is eight reads and
 * seven lerps on a float32 copy of the data. Other lines take the per-voxel path.
 */
function resampleLinear(image: Volume, target: Grid, kBegin: number, kEnd: number, out: Float32Array): void {
  const d = image.data
  // typed arrays of integers (exact in double) and floats are read as they are by the aligned path
  const typed = d instanceof Float32Array || d instanceof Float64Array || d instanceof Int8Array || d instanceof Uint8Array || d instanceof Int16Array || d instanceof Uint16Array || d instanceof Int32Array || d instanceof Uint32Array
  if (resampleAligned(image, typed ? d : Float64Array.from(d), target, kBegin, kEnd, out)) return
  // integer voxels as float32 (exact); float64 data stays double
  const data = d instanceof Float32Array || d instanceof Float64Array ? d : d instanceof Int8Array || d instanceof Uint8Array || d instanceof Int16Array || d instanceof Uint16Array ? Float32Array.from(d) : Float64Array.from(d)
  const sample = linearSampler(data, image.dims)
  const [nx, ny] = target.dims
  const [sx, sy, sz] = image.dims
  const sxy = sx * sy
  const lx = -0.5, hx = sx - 0.5, ly = -0.5, hy = sy - 0.5, lz = -0.5, hz = sz - 0.5
  // x table of the current line start/end: first/last inside voxel, neighbours and weight
  const i0s = new Int32Array(nx), i1s = new Int32Array(nx), fxs = new Float64Array(nx)
  let tableA = NaN, tableB = NaN, first = 0, last = -1
  let n = 0
  for (let k = kBegin; k < kEnd; k++) {
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
 * output line. Writes output slices [kBegin, kEnd) into out; false (nothing written) when
 * the grids are not so aligned.
 */
function resampleAligned(image: Volume, data: ArrayLike<number>, target: Grid, kBegin: number, kEnd: number, out: Float32Array): boolean {
  const [nx, ny] = target.dims
  const nz = kEnd - kBegin
  const [sx, sy, sz] = image.dims
  const sxy = sx * sy
  const ly = -0.5, hy = sy - 0.5, lz = -0.5, hz = sz - 0.5
  // ys, zs: source y and z of each output row of the slab (row r = (k − kBegin)·ny + j)
  const ys = new Float64Array(ny * nz), zs = new Float64Array(ny * nz)
  let a0 = NaN, b0 = NaN
  let separable = true
  for (let k = kBegin, r = 0; k < kEnd; k++) {
    for (let j = 0; j < ny; j++, r++) {
      const a = physicalToIndex(image, indexToPhysical(target, 0, j, k))
      const b = physicalToIndex(image, indexToPhysical(target, nx, j, k))
      if (a[1] !== b[1] || a[2] !== b[2]) return false
      if (r === 0) (a0 = a[0]), (b0 = b[0])
      else if (a[0] !== a0 || b[0] !== b0) return false
      ys[r] = a[1]
      zs[r] = a[2]
      if (ys[r] !== ys[j] || zs[r] !== zs[(k - kBegin) * ny]) separable = false
    }
  }
  // x table
  const i0s = new Int32Array(nx), i1s = new Int32Array(nx), fxs = new Float64Array(nx)
  const [first, last] = fillXTable(a0, b0, sx, i0s, i1s, fxs)
  const w = last - first + 1
  if (w <= 0) return true
  // the x pass of source row jj of slice kk into R[o … o + w)
  // [u, v]: the run of target columns whose second neighbour is the next source column (all
  // but the clamped edge), read without the second table; the rest through both tables
  let u = first, v = last
  while (u <= last && i1s[u] !== i0s[u] + 1) u++
  while (v >= u && i1s[v] !== i0s[v] + 1) v--
  for (let i = u; i <= v; i++) if (i1s[i] !== i0s[i] + 1) (u = last + 1), (v = last)
  const xRow = (kk: number, jj: number, R: Float64Array, o: number) => {
    const p = kk * sxy + jj * sx
    o -= first
    if (u > first) lerpRow(data, p, i0s, i1s, fxs, first, u - 1, R, o)
    lerpRowNext(data, p, i0s, fxs, u, v, R, o)
    if (v < last) lerpRow(data, p, i0s, i1s, fxs, v + 1, last, R, o)
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
    // x-interpolated source slices (sy rows of w) in two reused buffers, y and z per output line
    const slice = twoSlotCache(sy * w, (kk, X) => {
      for (let jj = 0; jj < sy; jj++) xRow(kk, jj, X, jj * w)
    })
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
    return true
  }
  // separable: rows inside the source's y extent, with their neighbours and weights
  const inside: number[] = []
  const rj0 = new Int32Array(ny), rj1 = new Int32Array(ny), rfy = new Float64Array(ny)
  for (let j = 0; j < ny; j++) {
    if (!(ys[j] >= ly && ys[j] < hy)) continue
    inside.push(j)
    ;[rj0[j], rj1[j], rfy[j]] = yNeighbours(ys[j])
  }
  if (inside.length === 0) return true
  const rows = Int32Array.from(inside)
  // x then y pass of a source slice onto the output rows: Y[j·w + i − first] = c0 of
  // linearSampler; the x-interpolated source rows come from a two-row window (rows are
  // visited in order, so each is interpolated once and stays in the first-level cache)
  let kx = 0
  const xrow = twoSlotCache(w, (jj, R) => xRow(kx, jj, R, 0))
  const yslice = twoSlotCache(ny * w, (kk, Y) => {
    kx = kk
    xrow(-1, -1)
    for (let r = 0; r < rows.length; r++) {
      const j = rows[r], j0 = rj0[j], j1 = rj1[j], fy = rfy[j], q = j * w
      lerpArrays(Y, q, xrow(j0, j1), xrow(j1, j0), 0, fy, w)
    }
  })
  for (let k = 0; k < nz; k++) {
    const z = zs[k * ny]
    if (!(z >= lz && z < hz)) continue
    const [k0, k1, fz] = zNeighbours(z)
    const Y0 = yslice(k0, k1), Y1 = yslice(k1, k0)
    for (let r = 0; r < rows.length; r++) {
      const j = rows[r]
      lerpArrays32(out, (k * ny + j) * nx + first, Y0, Y1, j * w, fz, w)
    }
  }
  return true
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

/** R[o + i] = the lerp of data[p + i0s[i]] and data[p + i1s[i]] with weight fxs[i], i in [first, last] */
/** lerpRow where i1s[i] = i0s[i] + 1 for every i in [first, last] (one table read fewer) */
function lerpRowNext(data: ArrayLike<number>, p: number, i0s: Int32Array, fxs: Float64Array, first: number, last: number, R: Float64Array, o: number): void {
  for (let i = first; i <= last; i++) {
    const q = p + i0s[i]
    const d0 = data[q]
    R[o + i] = d0 + fxs[i] * (data[q + 1] - d0)
  }
}

function lerpRow(data: ArrayLike<number>, p: number, i0s: Int32Array, i1s: Int32Array, fxs: Float64Array, first: number, last: number, R: Float64Array, o: number): void {
  for (let i = first; i <= last; i++) {
    const d0 = data[p + i0s[i]]
    R[o + i] = d0 + fxs[i] * (data[p + i1s[i]] - d0)
  }
}

/** dst[d + t] = the lerp of a[o + t] and b[o + t] with weight f, t in [0, n) */
function lerpArrays(dst: Float64Array, d: number, a: Float64Array, b: Float64Array, o: number, f: number, n: number): void {
  for (let t = 0; t < n; t++) {
    const c0 = a[o + t]
    dst[d + t] = c0 + f * (b[o + t] - c0)
  }
}

function lerpArrays32(dst: Float32Array, d: number, a: Float64Array, b: Float64Array, o: number, f: number, n: number): void {
  for (let t = 0; t < n; t++) {
    const c0 = a[o + t]
    dst[d + t] = c0 + f * (b[o + t] - c0)
  }
}

/**
 * Two reused buffers of `size` holding `fill(key, buffer)` for the last two keys asked
 * for: `get(key, keep)` returns the buffer of `key`, filling the slot that does not hold
 * `keep` when `key` is not held. `get(-1, -1)` forgets both keys.
 */
function twoSlotCache(size: number, fill: (key: number, buffer: Float64Array) => void): (key: number, keep: number) => Float64Array {
  const buffers = [new Float64Array(size), new Float64Array(size)]
  const held = [-1, -1]
  return (key, keep) => {
    if (key < 0) {
      held[0] = held[1] = -1
      return buffers[0]
    }
    if (held[0] === key) return buffers[0]
    if (held[1] === key) return buffers[1]
    const s = held[0] === keep ? 1 : 0
    held[s] = key
    fill(key, buffers[s])
    return buffers[s]
  }
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
