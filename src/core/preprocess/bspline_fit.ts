// Cubic B-spline approximation of scattered data on a regular grid, as ITK's
// BSplineScatteredDataPointSetToImageFilter (one fitting level; Lee, Wolberg & Shin,
// IEEE TVCG 1997) with BSplineControlPointImageFilter for evaluation and lattice
// refinement (the N4 bias-field model, Tustison et al., IEEE TMI 2010).
// Parametrisation (ITK): along an axis of n voxels and c control points, voxel i sits
// at u = i·(c − 3)/(n − 1) ∈ [0, c − 3]; control point m carries the basis B₃(u − m + 1).
// A lattice is c_x × c_y × c_z values, x fastest.

import type { Vec3 } from '../image/volume.ts'

export interface Lattice {
  /** control points per axis */
  dims: Vec3
  data: Float64Array
}

const ORDER = 3
const EPSILON = 1e-3

/** The four cubic B-spline weights for fractional position f ∈ [0, 1). */
function cubicWeights(f: number, w: Float64Array, o: number): void {
  const g = 1 - f
  w[o] = (g * g * g) / 6
  w[o + 1] = (4 - 6 * f * f + 3 * f * f * f) / 6
  w[o + 2] = (4 - 6 * g * g + 3 * g * g * g) / 6
  w[o + 3] = (f * f * f) / 6
}

/** Per-voxel first control point and weights along one axis (ITK's parametrisation, ε clamp at the ends). */
export function axisSupport(n: number, controlPoints: number): { start: Int32Array; weights: Float64Array } {
  const spans = controlPoints - ORDER
  const start = new Int32Array(n)
  const weights = new Float64Array(4 * n)
  const eps = n > 1 ? (spans / (n - 1)) * EPSILON : 0
  for (let i = 0; i < n; i++) {
    let u = n > 1 ? (i * spans) / (n - 1) : 0
    if (Math.abs(u - spans) <= eps) u = spans - eps
    if (u < 0) u = 0
    const s = Math.floor(u)
    start[i] = s
    cubicWeights(u - s, weights, 4 * i)
  }
  return { start, weights }
}

/**
 * Fit a lattice of `controlPoints` to the values of `field` at the voxels where `mask`
 * is set (one level of the multilevel B-spline approximation: each point spreads
 * φ = w·z/Σw² to its 4×4×4 control points, which average them weighted by w²).
 */
export function fitLattice(field: ArrayLike<number>, mask: ArrayLike<number>, dims: Vec3, controlPoints: Vec3): Lattice {
  const [nx, ny, nz] = dims
  const [cx, cy, cz] = controlPoints
  const ax = axisSupport(nx, cx), ay = axisSupport(ny, cy), az = axisSupport(nz, cz)
  const sq = (w: Float64Array, i: number) => w[4 * i] ** 2 + w[4 * i + 1] ** 2 + w[4 * i + 2] ** 2 + w[4 * i + 3] ** 2
  const size = cx * cy * cz
  const delta = new Float64Array(size), omega = new Float64Array(size)
  const wyz = new Float64Array(16)
  let n = 0
  for (let k = 0; k < nz; k++) {
    const zs = az.start[k], sz2 = sq(az.weights, k)
    for (let j = 0; j < ny; j++) {
      const ys = ay.start[j], syz2 = sz2 * sq(ay.weights, j)
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) wyz[a * 4 + b] = az.weights[4 * k + a] * ay.weights[4 * j + b]
      for (let i = 0; i < nx; i++, n++) {
        if (!mask[n]) continue
        const xs = ax.start[i]
        const w2 = syz2 * sq(ax.weights, i)
        const z = field[n] / w2
        const wx0 = ax.weights[4 * i], wx1 = ax.weights[4 * i + 1], wx2 = ax.weights[4 * i + 2], wx3 = ax.weights[4 * i + 3]
        for (let a = 0; a < 4; a++) {
          for (let b = 0; b < 4; b++) {
            const wab = wyz[a * 4 + b]
            const base = ((zs + a) * cy + ys + b) * cx + xs
            let t = wab * wx0
            omega[base] += t * t
            delta[base] += t * t * t * z
            t = wab * wx1
            omega[base + 1] += t * t
            delta[base + 1] += t * t * t * z
            t = wab * wx2
            omega[base + 2] += t * t
            delta[base + 2] += t * t * t * z
            t = wab * wx3
            omega[base + 3] += t * t
            delta[base + 3] += t * t * t * z
          }
        }
      }
    }
  }
  const data = new Float64Array(size)
  for (let c = 0; c < size; c++) data[c] = omega[c] !== 0 ? delta[c] / omega[c] : 0
  return { dims: [cx, cy, cz], data }
}

/** Evaluate a lattice on a grid of `dims` voxels spanning its parametric domain (BSplineControlPointImageFilter). */
export function evaluateLattice(lattice: Lattice, dims: Vec3, out: Float64Array | Float32Array = new Float64Array(dims[0] * dims[1] * dims[2])): Float64Array | Float32Array {
  const [nx, ny, nz] = dims
  const [cx, cy, cz] = lattice.dims
  const ax = axisSupport(nx, cx), ay = axisSupport(ny, cy), az = axisSupport(nz, cz)
  const L = lattice.data
  const plane = new Float64Array(cx * cy) // lattice collapsed along z
  const row = new Float64Array(cx) // … and along y
  let n = 0
  for (let k = 0; k < nz; k++) {
    plane.fill(0)
    for (let a = 0; a < 4; a++) {
      const w = az.weights[4 * k + a]
      const off = (az.start[k] + a) * cx * cy
      for (let q = 0; q < cx * cy; q++) plane[q] += w * L[off + q]
    }
    for (let j = 0; j < ny; j++) {
      row.fill(0)
      for (let b = 0; b < 4; b++) {
        const w = ay.weights[4 * j + b]
        const off = (ay.start[j] + b) * cx
        for (let q = 0; q < cx; q++) row[q] += w * plane[off + q]
      }
      for (let i = 0; i < nx; i++, n++) {
        const s = ax.start[i], o = 4 * i, w = ax.weights
        out[n] = w[o] * row[s] + w[o + 1] * row[s + 1] + w[o + 2] * row[s + 2] + w[o + 3] * row[s + 3]
      }
    }
  }
  return out
}

/**
 * Refine a lattice to 2c − 3 control points per axis describing the same spline
 * (cubic subdivision: new points at knots ⅛(1, 6, 1), at mid-spans ½(1, 1);
 * BSplineControlPointImageFilter::RefineControlPointLattice).
 */
export function refineLattice(lattice: Lattice): Lattice {
  let cur = lattice
  for (let axis = 0; axis < 3; axis++) {
    const dims = [...cur.dims] as Vec3
    const c = dims[axis]
    const m = 2 * c - ORDER
    const nd = [...dims] as Vec3
    nd[axis] = m
    const out = new Float64Array(nd[0] * nd[1] * nd[2])
    const stride = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1]
    const nstride = axis === 0 ? 1 : axis === 1 ? nd[0] : nd[0] * nd[1]
    const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1]
    const strideOf = (d: Vec3, ax: number) => (ax === 0 ? 1 : ax === 1 ? d[0] : d[0] * d[1])
    for (let q = 0; q < dims[b]; q++) {
      for (let p = 0; p < dims[a]; p++) {
        const src = p * strideOf(dims, a) + q * strideOf(dims, b)
        const dst = p * strideOf(nd, a) + q * strideOf(nd, b)
        const at = (i: number) => (i < c ? cur.data[src + i * stride] : 0)
        for (let r = 0; r < m; r++) {
          const i = r >> 1
          out[dst + r * nstride] = r % 2 === 0 ? 0.5 * (at(i) + at(i + 1)) : 0.125 * (at(i) + 6 * at(i + 1) + at(i + 2))
        }
      }
    }
    cur = { dims: nd, data: out }
  }
  return cur
}

/**
 * Multilevel B-spline approximation (BSplineScatteredDataPointSetToImageFilter with
 * `levels` > 1): fit at `controlPoints`, then at each further level accumulate the
 * lattice (ψ += φ), refine ψ (c → 2c − 3), fit φ to the residual of the points
 * against the previous level's φ; the result is ψ + φ.
 */
export function fitLatticeMultilevel(field: ArrayLike<number>, mask: ArrayLike<number>, dims: Vec3, controlPoints: Vec3, levels: number): Lattice {
  const residual = Float64Array.from(field)
  let phi = fitLattice(residual, mask, dims, controlPoints)
  if (levels <= 1) return phi
  let psi: Lattice = { dims: [...phi.dims] as Vec3, data: new Float64Array(phi.data.length) }
  for (let level = 1; level < levels; level++) {
    for (let c = 0; c < psi.data.length; c++) psi.data[c] += phi.data[c]
    psi = refineLattice(psi)
    const fitted = evaluateLattice(phi, dims)
    for (let i = 0; i < residual.length; i++) if (mask[i]) residual[i] -= fitted[i]
    phi = fitLattice(residual, mask, dims, psi.dims)
  }
  for (let c = 0; c < psi.data.length; c++) psi.data[c] += phi.data[c]
  return psi
}
