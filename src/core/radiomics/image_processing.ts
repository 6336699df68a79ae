// IBSI-1 image processing (reference manual ch. 2): interpolation to a new grid aligned
// on the original grid's centre (IBSI "align grid centers", §2.4), intensity rounding,
// mask interpolation with a partial-volume threshold, re-segmentation by intensity range
// and by mean ± k·SD (§2.5), and discretisation by fixed bin number / fixed bin size (§2.7).

import type { Vec3, Volume } from '../image/volume.ts'
import { indexToPhysical } from '../image/volume.ts'
import type { Discretisation } from './settings.ts'
import { InputError } from '../errors.ts'

/** Sample positions (in original continuous index units) of an axis resampled from spacing s to s2, centres aligned. */
export function alignedAxis(n: number, s: number, s2: number): { n2: number; x0: number; step: number } {
  const n2 = Math.ceil((n * s) / s2 - 1e-9)
  const step = s2 / s
  const x0 = 0.5 * (n - 1) - 0.5 * (n2 - 1) * step
  return { n2, x0, step }
}

/** Cubic B-spline prefilter (Unser 1991) in place along one line, mirror boundaries. */
function bsplinePrefilterLine(c: Float64Array, off: number, stride: number, n: number): void {
  if (n < 2) return
  const z = Math.sqrt(3) - 2
  const lambda = (1 - z) * (1 - 1 / z)
  for (let k = 0; k < n; k++) c[off + k * stride] *= lambda
  // causal initialisation (mirror, truncated sum)
  let sum = c[off]
  let zn = z
  const horizon = Math.min(n, Math.ceil(Math.log(1e-12) / Math.log(Math.abs(z))))
  for (let k = 1; k < horizon; k++) {
    sum += zn * c[off + k * stride]
    zn *= z
  }
  c[off] = sum
  for (let k = 1; k < n; k++) c[off + k * stride] += z * c[off + (k - 1) * stride]
  c[off + (n - 1) * stride] = (z / (z * z - 1)) * (z * c[off + (n - 2) * stride] + c[off + (n - 1) * stride])
  for (let k = n - 2; k >= 0; k--) c[off + k * stride] = z * (c[off + (k + 1) * stride] - c[off + k * stride])
}

function bsplineCoefficients(v: Volume): Float64Array {
  const [nx, ny, nz] = v.dims
  const c = new Float64Array(v.data as unknown as ArrayLike<number>)
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) bsplinePrefilterLine(c, nx * (j + ny * k), 1, nx)
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) bsplinePrefilterLine(c, i + nx * ny * k, nx, ny)
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) bsplinePrefilterLine(c, i + nx * j, nx * ny, nz)
  return c
}

function bsplineWeights(t: number, w: Float64Array): void {
  const t2 = t * t, t3 = t2 * t
  w[0] = (1 - 3 * t + 3 * t2 - t3) / 6
  w[1] = (4 - 6 * t2 + 3 * t3) / 6
  w[2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6
  w[3] = t3 / 6
}

function mirror(i: number, n: number): number {
  if (n === 1) return 0
  const p = 2 * (n - 1)
  i = ((i % p) + p) % p
  return i >= n ? p - i : i
}

/** Per-axis sampling tables: lower index, fraction (linear) or nearest index. */
interface AxisPlan { n2: number; pos: Float64Array }

function axisPlans(v: Volume, spacing: [number | null, number | null, number | null]): { plans: AxisPlan[]; newSpacing: Vec3; origin: Vec3 } {
  const plans: AxisPlan[] = []
  const newSpacing: Vec3 = [0, 0, 0]
  const x0s: Vec3 = [0, 0, 0]
  for (let a = 0; a < 3; a++) {
    const s2 = spacing[a]
    const n = v.dims[a]
    if (s2 === null || s2 === undefined) {
      plans.push({ n2: n, pos: Float64Array.from({ length: n }, (_, i) => i) })
      newSpacing[a] = v.spacing[a]
      x0s[a] = 0
    } else {
      const { n2, x0, step } = alignedAxis(n, v.spacing[a], s2)
      plans.push({ n2, pos: Float64Array.from({ length: n2 }, (_, i) => x0 + i * step) })
      newSpacing[a] = s2
      x0s[a] = x0
    }
  }
  return { plans, newSpacing, origin: indexToPhysical(v, x0s[0], x0s[1], x0s[2]) }
}

/**
 * Resample a volume onto a grid of the given spacing aligned on the original grid's centre.
 * Positions beyond the first/last voxel centre take the edge value (nearest extrapolation).
 */
export function resample(v: Volume, spacing: [number | null, number | null, number | null], method: 'nearest' | 'linear' | 'cubic', round = false): Volume<Float64Array> {
  const { plans, newSpacing, origin } = axisPlans(v, spacing)
  const [nx, ny, nz] = v.dims
  const [mx, my, mz] = [plans[0].n2, plans[1].n2, plans[2].n2]
  const out = new Float64Array(mx * my * mz)
  const src = v.data as ArrayLike<number>
  if (method === 'cubic') {
    const c = bsplineCoefficients(v)
    const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4)
    const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4)
    let o = 0
    for (let k = 0; k < mz; k++) {
      const pz = Math.min(Math.max(plans[2].pos[k], 0), nz - 1)
      const fz = Math.floor(pz)
      bsplineWeights(pz - fz, wz)
      for (let t = 0; t < 4; t++) iz[t] = mirror(fz - 1 + t, nz) * nx * ny
      for (let j = 0; j < my; j++) {
        const py = Math.min(Math.max(plans[1].pos[j], 0), ny - 1)
        const fy = Math.floor(py)
        bsplineWeights(py - fy, wy)
        for (let t = 0; t < 4; t++) iy[t] = mirror(fy - 1 + t, ny) * nx
        for (let i = 0; i < mx; i++) {
          const px = Math.min(Math.max(plans[0].pos[i], 0), nx - 1)
          const fx = Math.floor(px)
          bsplineWeights(px - fx, wx)
          for (let t = 0; t < 4; t++) ix[t] = mirror(fx - 1 + t, nx)
          let acc = 0
          for (let a = 0; a < 4; a++) {
            let accy = 0
            for (let b = 0; b < 4; b++) {
              const base = iz[a] + iy[b]
              accy += wy[b] * (wx[0] * c[base + ix[0]] + wx[1] * c[base + ix[1]] + wx[2] * c[base + ix[2]] + wx[3] * c[base + ix[3]])
            }
            acc += wz[a] * accy
          }
          out[o++] = round ? Math.round(acc) : acc
        }
      }
    }
  } else {
    // separable tables: lower index and weight per axis
    const lo: Int32Array[] = [], hi: Int32Array[] = [], w: Float64Array[] = []
    for (let a = 0; a < 3; a++) {
      const n = v.dims[a], p = plans[a]
      const l = new Int32Array(p.n2), h = new Int32Array(p.n2), f = new Float64Array(p.n2)
      for (let i = 0; i < p.n2; i++) {
        const x = Math.min(Math.max(p.pos[i], 0), n - 1)
        if (method === 'nearest') {
          l[i] = h[i] = Math.min(n - 1, Math.floor(x + 0.5))
          f[i] = 0
        } else {
          const fl = Math.min(Math.floor(x), Math.max(0, n - 2))
          l[i] = fl
          h[i] = Math.min(fl + 1, n - 1)
          f[i] = x - fl
        }
      }
      lo.push(l); hi.push(h); w.push(f)
    }
    let o = 0
    const sxy = nx * ny
    for (let k = 0; k < mz; k++) {
      const z0 = lo[2][k] * sxy, z1 = hi[2][k] * sxy, fz = w[2][k]
      for (let j = 0; j < my; j++) {
        const y0 = lo[1][j] * nx, y1 = hi[1][j] * nx, fy = w[1][j]
        const a00 = z0 + y0, a01 = z0 + y1, a10 = z1 + y0, a11 = z1 + y1
        for (let i = 0; i < mx; i++) {
          const x0 = lo[0][i], x1 = hi[0][i], fx = w[0][i]
          const c00 = src[a00 + x0] + fx * (src[a00 + x1] - src[a00 + x0])
          const c01 = src[a01 + x0] + fx * (src[a01 + x1] - src[a01 + x0])
          const c10 = src[a10 + x0] + fx * (src[a10 + x1] - src[a10 + x0])
          const c11 = src[a11 + x0] + fx * (src[a11 + x1] - src[a11 + x0])
          const c0 = c00 + fy * (c01 - c00), c1 = c10 + fy * (c11 - c10)
          const val = c0 + fz * (c1 - c0)
          out[o++] = round ? Math.round(val) : val
        }
      }
    }
  }
  return { dims: [mx, my, mz], spacing: newSpacing, origin, direction: v.direction.slice(), data: out }
}

/**
 * Interpolate a binary mask and keep voxels where the interpolated value ≥ threshold. Only the
 * region around the mask's bounding box is interpolated (the rest of the new grid is 0).
 */
export function resampleMaskToSpacing(mask: Volume<Uint8Array>, spacing: [number | null, number | null, number | null], method: 'nearest' | 'linear', threshold: number): Volume<Uint8Array> {
  const { plans, newSpacing, origin } = axisPlans(mask, spacing)
  const [nx, ny, nz] = mask.dims
  const [mx, my, mz] = [plans[0].n2, plans[1].n2, plans[2].n2]
  const out = new Uint8Array(mx * my * mz)
  const result: Volume<Uint8Array> = { dims: [mx, my, mz], spacing: newSpacing, origin, direction: mask.direction.slice(), data: out }
  // bounding box of the mask, one voxel wider
  const lo = [nx, ny, nz], hi = [-1, -1, -1]
  const m = mask.data
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0, v = nx * (j + ny * k); i < nx; i++, v++)
        if (m[v]) {
          if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i
          if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j
          if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k
        }
  if (hi[0] < 0) return result
  const dims = [nx, ny, nz]
  // per axis: output index range whose sample position can see a mask voxel, and the 2-tap table
  const i0: number[] = [], i1: number[] = []
  const a0: Int32Array[] = [], a1: Int32Array[] = [], fw: Float64Array[] = []
  for (let a = 0; a < 3; a++) {
    const n = dims[a], p = plans[a]
    let first = p.n2, last = -1
    const l = new Int32Array(p.n2), h = new Int32Array(p.n2), f = new Float64Array(p.n2)
    for (let t = 0; t < p.n2; t++) {
      const x = Math.min(Math.max(p.pos[t], 0), n - 1)
      if (method === 'nearest') {
        l[t] = h[t] = Math.min(n - 1, Math.floor(x + 0.5))
      } else {
        const fl = Math.min(Math.floor(x), Math.max(0, n - 2))
        l[t] = fl
        h[t] = Math.min(fl + 1, n - 1)
        f[t] = x - fl
      }
      if (h[t] >= lo[a] && l[t] <= hi[a]) { if (t < first) first = t; last = t }
    }
    i0.push(first); i1.push(last); a0.push(l); a1.push(h); fw.push(f)
  }
  const sxy = nx * ny
  const thr = threshold - 1e-9 // guards against 0.49999999 from rounding of exact halves
  for (let k = i0[2]; k <= i1[2]; k++) {
    const z0 = a0[2][k] * sxy, z1 = a1[2][k] * sxy, fz = fw[2][k]
    for (let j = i0[1]; j <= i1[1]; j++) {
      const y0 = a0[1][j] * nx, y1 = a1[1][j] * nx, fy = fw[1][j]
      const b00 = z0 + y0, b01 = z0 + y1, b10 = z1 + y0, b11 = z1 + y1
      for (let i = i0[0]; i <= i1[0]; i++) {
        const x0 = a0[0][i], x1 = a1[0][i], fx = fw[0][i]
        const c00 = m[b00 + x0] + fx * (m[b00 + x1] - m[b00 + x0])
        const c01 = m[b01 + x0] + fx * (m[b01 + x1] - m[b01 + x0])
        const c10 = m[b10 + x0] + fx * (m[b10 + x1] - m[b10 + x0])
        const c11 = m[b11 + x0] + fx * (m[b11 + x1] - m[b11 + x0])
        const c0 = c00 + fy * (c01 - c00), c1 = c10 + fy * (c11 - c10)
        if (c0 + fz * (c1 - c0) >= thr) out[i + mx * (j + my * k)] = 1
      }
    }
  }
  return result
}

/** Re-segmentation by intensity range (in place on the mask); bounds may be null (open). */
export function resegmentRange(values: ArrayLike<number>, mask: Uint8Array, lo: number | null, hi: number | null): void {
  const a = lo ?? -Infinity, b = hi ?? Infinity
  for (let i = 0; i < mask.length; i++) if (mask[i] && !(values[i] >= a && values[i] <= b)) mask[i] = 0
}

/** Re-segmentation removing voxels outside mean ± k·SD (population SD) of the ROI intensities. */
export function resegmentOutliers(values: ArrayLike<number>, mask: Uint8Array, k: number): void {
  let n = 0, s = 0, s2 = 0
  for (let i = 0; i < mask.length; i++) if (mask[i]) { const x = values[i]; n++; s += x; s2 += x * x }
  if (n === 0) return
  const mean = s / n
  const sd = Math.sqrt(Math.max(0, s2 / n - mean * mean))
  const lo = mean - k * sd, hi = mean + k * sd
  for (let i = 0; i < mask.length; i++) if (mask[i] && !(values[i] >= lo && values[i] <= hi)) mask[i] = 0
}

export interface Discretised {
  /** grey level per voxel (1..ng), 0 outside the ROI */
  levels: Int32Array
  /** number of grey levels */
  ng: number
  /** lower edge of bin 1 and the bin width, to map levels back to intensities (NaN for 'none') */
  min: number
  width: number
}

/**
 * Discretise the ROI intensities (IBSI §2.7). FBN: floor(Ng (X − Xmin)/(Xmax − Xmin)) + 1 with
 * X = Xmax → Ng. FBS: floor((X − Xmin)/w) + 1 with Xmin the lower re-segmentation bound when
 * given, else the ROI minimum. 'none': rounded intensities are the levels.
 */
export function discretise(values: ArrayLike<number>, mask: Uint8Array, d: Discretisation, rangeLo: number | null = null, rangeHi: number | null = null): Discretised {
  const levels = new Int32Array(mask.length)
  let mn = Infinity, mx = -Infinity
  for (let i = 0; i < mask.length; i++) if (mask[i]) { const x = values[i]; if (x < mn) mn = x; if (x > mx) mx = x }
  if (!(mn <= mx)) return { levels, ng: 1, min: 0, width: 1 }
  if (d.method === 'fbn') {
    const ng = d.bins!
    const range = mx - mn
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue
      let l = range > 0 ? Math.floor((ng * (values[i] - mn)) / range) + 1 : 1
      if (l > ng) l = ng
      levels[i] = l
    }
    return { levels, ng, min: mn, width: range > 0 ? range / ng : 1 }
  }
  if (d.method === 'fbs') {
    const w = d.binWidth!
    const lo = rangeLo !== null && Number.isFinite(rangeLo) ? rangeLo : mn
    let ng = 1
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue
      const l = Math.floor((values[i] - lo) / w) + 1
      levels[i] = l
      if (l > ng) ng = l
    }
    // Ng (used by the normalised inverse difference features) spans the re-segmentation range:
    // ⌈(hi − lo)/w⌉ bins, or more if a voxel sits exactly on the upper bound
    if (rangeHi !== null && Number.isFinite(rangeHi)) ng = Math.max(ng, Math.ceil((rangeHi - lo) / w))
    return { levels, ng, min: lo, width: w }
  }
  let ng = 1
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue
    const l = Math.round(values[i])
    if (l < 1) throw new InputError(`discretisation "none" needs intensities ≥ 1 in the ROI (found ${values[i]}); use fixed bin number ("fbn") or fixed bin size ("fbs")`, undefined, 'discretisation')
    levels[i] = l
    if (l > ng) ng = l
  }
  return { levels, ng, min: NaN, width: 1 }
}
