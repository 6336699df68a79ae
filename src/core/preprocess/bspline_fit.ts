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
  // separable accumulation: along each row (fixed y, z) sum wx² and wx³·z per x control
  // point, then spread the row sums to the 4 × 4 (z, y) control rows with wyz² and wyz³
  // (the same sums as spreading every voxel to its 4 × 4 × 4 points, in another order)
  const rowOmega = new Float64Array(cx), rowDelta = new Float64Array(cx)
  const wx = ax.weights
  let n = 0
  for (let k = 0; k < nz; k++) {
    const zs = az.start[k], sz2 = sq(az.weights, k)
    for (let j = 0; j < ny; j++, n += nx) {
      const ys = ay.start[j], syz2 = sz2 * sq(ay.weights, j)
      let any = false
      for (let i = 0; i < nx; i++) {
        if (!mask[n + i]) continue
        if (!any) {
          rowOmega.fill(0)
          rowDelta.fill(0)
          any = true
        }
        const xs = ax.start[i], o = 4 * i
        const w0 = wx[o], w1 = wx[o + 1], w2 = wx[o + 2], w3 = wx[o + 3]
        const z = field[n + i] / (syz2 * (w0 * w0 + w1 * w1 + w2 * w2 + w3 * w3))
        let t = w0 * w0
        rowOmega[xs] += t
        rowDelta[xs] += t * w0 * z
        t = w1 * w1
        rowOmega[xs + 1] += t
        rowDelta[xs + 1] += t * w1 * z
        t = w2 * w2
        rowOmega[xs + 2] += t
        rowDelta[xs + 2] += t * w2 * z
        t = w3 * w3
        rowOmega[xs + 3] += t
        rowDelta[xs + 3] += t * w3 * z
      }
      if (!any) continue
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) wyz[a * 4 + b] = az.weights[4 * k + a] * ay.weights[4 * j + b]
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          const wab = wyz[a * 4 + b], w2ab = wab * wab, w3ab = w2ab * wab
          const base = ((zs + a) * cy + ys + b) * cx
          for (let p = 0; p < cx; p++) {
            if (rowOmega[p] === 0) continue
            omega[base + p] += w2ab * rowOmega[p]
            delta[base + p] += w3ab * rowDelta[p]
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
