// pyradiomics' LBP3D image type (imageoperations.getLBP3DImage; Banerjee et al. 2013, 3D LBP by
// spherical harmonics), computed the way pyradiomics computes it, quirks included:
// - sample points: trimesh's icosphere(lbp3DIcosphereSubdivision, lbp3DIcosphereRadius) — the
//   standard icosahedron, edge midpoints projected back onto the sphere at each subdivision;
// - every ROI voxel (array index (z, y, x)) is sampled at index + (v0, v1, v2) for each vertex v (the
//   vertex's first component goes to z), in voxel units, by scipy.ndimage.map_coordinates(order = 3):
//   a cubic B-spline whose coefficients come from the mirror-boundary prefilter over the whole image,
//   0 for points outside [0, n − 1] on any axis, rounded half away from zero for integer images (the
//   output takes the input's type);
// - kurtosis image: scipy.stats.kurtosis of the samples (Fisher, biased; NaN when the variance is
//   below (1e-15 · mean)²);
// - bits b_v = sample ≥ centre; spherical harmonics scipy.special.sph_harm(m, n, θ, φ) with
//   θ = arccos(v2 / R) passed as scipy's azimuth and φ = atan2(v1, v0) as its polar angle, for
//   n = 0 … lbp3DLevels − 1, m = −n … n; c_nm = Σ_v b_v Y_nm(v) (no conjugate); level n image:
//   Re √(Σ_v (Σ_m c_nm Y_nm(v))²) with the complex square and square root.
// Images lbp-3D-m1 … lbp-3D-m<levels> and lbp-3D-k; values only at ROI voxels (0 elsewhere: outside
// the ROI pyradiomics leaves the array uninitialised, and no feature reads it there).

import { InputError } from '../../errors.ts'

const T = (1 + Math.sqrt(5)) / 2
const ICO_VERTS: [number, number, number][] = [[-1, T, 0], [1, T, 0], [-1, -T, 0], [1, -T, 0], [0, -1, T], [0, 1, T], [0, -1, -T], [0, 1, -T], [T, 0, -1], [T, 0, 1], [-T, 0, -1], [-T, 0, 1]]
const ICO_FACES: [number, number, number][] = [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1]]

type V3 = [number, number, number]

/** trimesh's refinement onto the sphere: v += v / |v| · (radius − |v|). */
function refine(vs: V3[], radius: number): V3[] {
  return vs.map((v) => {
    const r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    const d = radius - r
    return [v[0] + (v[0] / r) * d, v[1] + (v[1] / r) * d, v[2] + (v[2] / r) * d]
  })
}

/**
 * Vertices of trimesh.creation.icosphere(subdivisions, radius), with its arithmetic (icosahedron
 * scaled by 1/√(2 + t), edge midpoints, refinement onto the sphere after every subdivision or once
 * without one), so that exact ties between samples and the centre fall as in pyradiomics.
 */
export function icosphere(subdivisions: number, radius: number): V3[] {
  const s = Math.sqrt(2 + T)
  let verts: V3[] = ICO_VERTS.map((v) => [v[0] / s, v[1] / s, v[2] / s])
  let faces = ICO_FACES
  for (let k = 0; k < subdivisions; k++) {
    const next = verts.slice()
    const cache = new Map<string, number>()
    const mid = (a: number, b: number) => {
      const key = a < b ? `${a},${b}` : `${b},${a}`
      let i = cache.get(key)
      if (i === undefined) {
        i = next.length
        next.push([(verts[a][0] + verts[b][0]) / 2, (verts[a][1] + verts[b][1]) / 2, (verts[a][2] + verts[b][2]) / 2])
        cache.set(key, i)
      }
      return i
    }
    const nf: V3[] = []
    for (const [a, b, c] of faces) {
      const ab = mid(a, b), bc = mid(b, c), ca = mid(c, a)
      nf.push([a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca])
    }
    faces = nf
    verts = refine(next, radius)
  }
  return subdivisions <= 0 ? refine(verts, radius) : verts
}

/** Associated Legendre function P_n^m(x), m ≥ 0, with the Condon–Shortley phase (scipy.special.lpmv). */
function legendre(n: number, m: number, x: number): number {
  let pmm = 1
  const s = Math.sqrt(Math.max(0, 1 - x * x))
  for (let i = 1; i <= m; i++) pmm *= -(2 * i - 1) * s
  if (n === m) return pmm
  let p1 = x * (2 * m + 1) * pmm
  if (n === m + 1) return p1
  let p0 = pmm
  for (let l = m + 2; l <= n; l++) {
    const p = (x * (2 * l - 1) * p1 - (l + m - 1) * p0) / (l - m)
    p0 = p1
    p1 = p
  }
  return p1
}

const factorial = (k: number) => { let f = 1; for (let i = 2; i <= k; i++) f *= i; return f }

/** scipy.special.sph_harm(m, n, azimuth, polar) as [re, im]. */
function sphHarm(m: number, n: number, azimuth: number, polar: number): [number, number] {
  const am = Math.abs(m)
  let p = legendre(n, am, Math.cos(polar))
  if (m < 0) p *= (am % 2 ? -1 : 1) * (factorial(n - am) / factorial(n + am))
  const a = Math.sqrt(((2 * n + 1) / (4 * Math.PI)) * (factorial(n - m) / factorial(n + m))) * p
  return [a * Math.cos(m * azimuth), a * Math.sin(m * azimuth)]
}

const POLE = -0.267949192431122706472553658494127633 // √3 − 2, scipy's literal

/** In-place cubic B-spline prefilter of one line (scipy.ndimage spline_filter1d, order 3, mirror boundary). */
function splineLine(c: Float64Array, n: number): void {
  if (n === 1) return
  const z = POLE
  const gain = (1 - z) * (1 - 1 / z)
  for (let i = 0; i < n; i++) c[i] *= gain
  const zn1 = z ** (n - 1)
  let zi = z
  let c0 = c[0] + zn1 * c[n - 1]
  for (let i = 1; i < n - 1; i++) { c0 += zi * (c[i] + zn1 * c[n - 1 - i]); zi *= z }
  c[0] = c0 / (1 - zn1 * zn1)
  for (let i = 1; i < n; i++) c[i] += z * c[i - 1]
  c[n - 1] = ((z * c[n - 2] + c[n - 1]) * z) / (z * z - 1)
  for (let i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i])
}

/** Cubic B-spline coefficients of an x-fastest volume, filtered along every axis. */
function splineCoefficients(data: Float64Array, dims: [number, number, number]): Float64Array {
  const c = Float64Array.from(data)
  const strides = [1, dims[0], dims[0] * dims[1]]
  for (const a of [2, 1, 0]) { // numpy axes 0, 1, 2 = z, y, x, in scipy's order
    const n = dims[a], st = strides[a]
    const line = new Float64Array(n)
    const others = c.length / n
    for (let o = 0; o < others; o++) {
      // base index of the o-th line along axis a
      let base = 0, rest = o
      for (let b = 0; b < 3; b++) {
        if (b === a) continue
        const q = rest % dims[b]
        rest = Math.floor(rest / dims[b])
        base += q * strides[b]
      }
      for (let i = 0; i < n; i++) line[i] = c[base + i * st]
      splineLine(line, n)
      for (let i = 0; i < n; i++) c[base + i * st] = line[i]
    }
  }
  return c
}

const mirror = (i: number, n: number) => {
  if (n === 1) return 0
  const p = 2 * n - 2
  i = ((i % p) + p) % p
  return i >= n ? p - i : i
}

// scipy's spline_interpolation_weights (order 3), in its arithmetic order
function weights(x: number, w: Float64Array): number {
  const f = Math.floor(x), y = x - f, z = 1 - y
  w[0] = (z * z * z) / 6
  w[1] = (y * y * (y - 2) * 3 + 4) / 6
  w[2] = (z * z * (z - 2) * 3 + 4) / 6
  w[3] = 1 - w[0] - w[1] - w[2]
  return f - 1
}

export interface Lbp3DImage { name: string; data: Float64Array }

/**
 * LBP3D images of an x-fastest volume for the voxels where mask ≠ 0; `integer` when the image's
 * pixel type is an integer type (the interpolated samples are then rounded, as scipy stores them).
 */
export function lbp3D(data: Float64Array, mask: ArrayLike<number>, dims: [number, number, number], levels: number, radius: number, subdivision: number, integer: boolean): Lbp3DImage[] {
  if (!Number.isInteger(levels) || levels < 2) throw new InputError(`lbp3DLevels ${levels}: use an integer ≥ 2 (pyradiomics' getLBP3DImage fails with 1 level)`, undefined, 'setting.lbp3DLevels')
  const [nx, ny, nz] = dims
  const verts = icosphere(subdivision, radius)
  const nv = verts.length
  // spherical-harmonic columns (n, m): (0, 0), then n = 1 … levels − 1, m = −n … n
  const cols: number[] = []
  const yRe: Float64Array[] = [], yIm: Float64Array[] = []
  for (let n = 0; n < levels; n++)
    for (let m = -n; m <= n; m++) {
      const re = new Float64Array(nv), im = new Float64Array(nv)
      verts.forEach((v, i) => { [re[i], im[i]] = sphHarm(m, n, Math.acos(v[2] / radius), Math.atan2(v[1], v[0])) })
      cols.push(n); yRe.push(re); yIm.push(im)
    }
  const coef = splineCoefficients(data, dims)
  const out = Array.from({ length: levels + 1 }, () => new Float64Array(data.length))
  const f = new Float64Array(nv), bits = new Uint8Array(nv)
  const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4)
  const cRe = new Float64Array(cols.length), cIm = new Float64Array(cols.length)
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const idx = i + nx * (j + ny * k)
        if (!mask[idx]) continue
        let mean = 0
        for (let p = 0; p < nv; p++) {
          const z = k + verts[p][0], y = j + verts[p][1], x = i + verts[p][2]
          let s = 0
          if (x >= 0 && x <= nx - 1 && y >= 0 && y <= ny - 1 && z >= 0 && z <= nz - 1) {
            const x0 = weights(x, wx), y0 = weights(y, wy), z0 = weights(z, wz)
            // scipy's accumulation: kernel points with x fastest, coefficient × w_z × w_y × w_x
            for (let c = 0; c < 4; c++) {
              const zz = mirror(z0 + c, nz)
              for (let b = 0; b < 4; b++) {
                const row = nx * (mirror(y0 + b, ny) + ny * zz)
                for (let a = 0; a < 4; a++) s += coef[row + mirror(x0 + a, nx)] * wz[c] * wy[b] * wx[a]
              }
            }
            if (integer) s = s >= 0 ? Math.floor(s + 0.5) : Math.ceil(s - 0.5)
          }
          f[p] = s
          mean += s
        }
        mean /= nv
        let m2 = 0, m4 = 0
        for (let p = 0; p < nv; p++) { const d = f[p] - mean, d2 = d * d; m2 += d2; m4 += d2 * d2 }
        m2 /= nv; m4 /= nv
        out[levels][idx] = m2 <= (1e-15 * mean) ** 2 ? NaN : m4 / (m2 * m2) - 3
        const centre = data[idx]
        for (let p = 0; p < nv; p++) bits[p] = f[p] >= centre ? 1 : 0
        for (let q = 0; q < cols.length; q++) {
          let re = 0, im = 0
          for (let p = 0; p < nv; p++) if (bits[p]) { re += yRe[q][p]; im += yIm[q][p] }
          cRe[q] = re; cIm[q] = im
        }
        for (let n = 0; n < levels; n++) {
          // Σ_v g_v² with g_v = Σ_m c_nm Y_nm(v), complex
          let sRe = 0, sIm = 0
          for (let p = 0; p < nv; p++) {
            let gRe = 0, gIm = 0
            for (let q = 0; q < cols.length; q++) {
              if (cols[q] !== n) continue
              gRe += cRe[q] * yRe[q][p] - cIm[q] * yIm[q][p]
              gIm += cRe[q] * yIm[q][p] + cIm[q] * yRe[q][p]
            }
            sRe += gRe * gRe - gIm * gIm
            sIm += 2 * gRe * gIm
          }
          // real part of the principal complex square root
          out[n][idx] = Math.sqrt((Math.hypot(sRe, sIm) + sRe) / 2)
        }
      }
  return [...out.slice(0, levels).map((d, l) => ({ name: `lbp-3D-m${l + 1}`, data: d })), { name: 'lbp-3D-k', data: out[levels] }]
}
