// Cubic B-spline interpolation as ITK's BSplineInterpolateImageFunction (order 3):
// the image is first turned into B-spline coefficients by recursive filtering along
// each axis (BSplineDecompositionImageFilter, Unser 1993: pole z = √3 − 2, gain 6,
// mirror boundary, causal initialisation over a horizon of ⌈ln 1e-10 / ln|z|⌉ samples),
// then evaluated with the four cubic weights around ⌊x⌋ and mirror-reflected indices.

import type { Vec3 } from '../image/volume.ts'

const POLE = Math.sqrt(3) - 2
const TOLERANCE = 1e-10

/** In-place cubic B-spline prefilter of one line of `n` samples (BSplineDecompositionImageFilter). */
function decomposeLine(c: Float64Array, n: number): void {
  if (n === 1) return
  const z = POLE
  const gain = (1 - z) * (1 - 1 / z)
  for (let k = 0; k < n; k++) c[k] *= gain
  // causal initialisation (mirror boundary)
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)))
  if (horizon < n) {
    let zn = z
    let sum = c[0]
    for (let k = 1; k < horizon; k++) {
      sum += zn * c[k]
      zn *= z
    }
    c[0] = sum
  } else {
    let zn = z
    const iz = 1 / z
    let z2n = Math.pow(z, n - 1)
    let sum = c[0] + z2n * c[n - 1]
    z2n *= z2n * iz
    for (let k = 1; k <= n - 2; k++) {
      sum += (zn + z2n) * c[k]
      zn *= z
      z2n *= iz
    }
    c[0] = sum / (1 - zn * zn)
  }
  for (let k = 1; k < n; k++) c[k] += z * c[k - 1]
  c[n - 1] = (z / (z * z - 1)) * (z * c[n - 2] + c[n - 1])
  for (let k = n - 2; k >= 0; k--) c[k] = z * (c[k + 1] - c[k])
}

/** B-spline coefficients (order 3) of a volume, x fastest. */
export function bsplineCoefficients(data: ArrayLike<number>, dims: Vec3): Float64Array {
  const [nx, ny, nz] = dims
  const c = Float64Array.from(data as ArrayLike<number>)
  const line = new Float64Array(Math.max(nx, ny, nz))
  const strides = [1, nx, nx * ny]
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis]
    if (n === 1) continue
    const s = strides[axis]
    const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1]
    for (let q = 0; q < dims[b]; q++) {
      for (let p = 0; p < dims[a]; p++) {
        const base = p * strides[a] + q * strides[b]
        for (let k = 0; k < n; k++) line[k] = c[base + k * s]
        decomposeLine(line, n)
        for (let k = 0; k < n; k++) c[base + k * s] = line[k]
      }
    }
  }
  return c
}

/** Cubic weights and mirrored indices for continuous coordinate x on an axis of n samples. */
export function cubicSupport(x: number, n: number, idx: Int32Array, w: Float64Array): void {
  const base = Math.floor(x) - 1
  const t = x - (base + 1)
  const w3 = (t * t * t) / 6
  const w0 = 1 / 6 + 0.5 * t * (t - 1) - w3
  const w2 = t + w0 - 2 * w3
  w[0] = w0
  w[1] = 1 - w0 - w2 - w3
  w[2] = w2
  w[3] = w3
  for (let k = 0; k < 4; k++) {
    let i = base + k
    if (n === 1) i = 0
    else {
      // mirror about 0 and n − 1 (ITK reflects once; repeated for tiny axes)
      const period = 2 * (n - 1)
      i = ((i % period) + period) % period
      if (i > n - 1) i = period - i
    }
    idx[k] = i
  }
}

/** An evaluator of the cubic B-spline interpolant of a volume at continuous indices. */
export function bsplineInterpolator(data: ArrayLike<number>, dims: Vec3): (x: number, y: number, z: number) => number {
  const c = bsplineCoefficients(data, dims)
  const [nx, ny, nz] = dims
  const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4)
  const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4)
  return (x, y, z) => {
    cubicSupport(x, nx, ix, wx)
    cubicSupport(y, ny, iy, wy)
    cubicSupport(z, nz, iz, wz)
    let v = 0
    for (let k = 0; k < 4; k++) {
      const zo = iz[k] * nx * ny
      let vy = 0
      for (let j = 0; j < 4; j++) {
        const o = zo + iy[j] * nx
        vy += wy[j] * (wx[0] * c[o + ix[0]] + wx[1] * c[o + ix[1]] + wx[2] * c[o + ix[2]] + wx[3] * c[o + ix[3]])
      }
      v += wz[k] * vy
    }
    return v
  }
}
