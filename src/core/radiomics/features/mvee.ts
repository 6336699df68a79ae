// Minimum-volume enclosing ellipsoid of a point set (Khachiyan's algorithm, as in Todd &
// Yıldırım 2007), for IBSI-1 §3.1.23–24 (morph_vol_dens_mvee, morph_area_dens_mvee). Run on
// the convex hull vertices (the MVEE of a set is that of its hull). Returns the semi-axes.
import { symmetricEigenvalues3 } from './morphology_linalg.ts'

function invert4(m: Float64Array): Float64Array | null {
  // Gauss–Jordan with partial pivoting
  const a = new Float64Array(32)
  for (let r = 0; r < 4; r++) { for (let c = 0; c < 4; c++) a[r * 8 + c] = m[r * 4 + c]; a[r * 8 + 4 + r] = 1 }
  for (let c = 0; c < 4; c++) {
    let p = c
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r * 8 + c]) > Math.abs(a[p * 8 + c])) p = r
    if (Math.abs(a[p * 8 + c]) < 1e-300) return null
    if (p !== c) for (let k = 0; k < 8; k++) { const t = a[c * 8 + k]; a[c * 8 + k] = a[p * 8 + k]; a[p * 8 + k] = t }
    const piv = a[c * 8 + c]
    for (let k = 0; k < 8; k++) a[c * 8 + k] /= piv
    for (let r = 0; r < 4; r++) {
      if (r === c) continue
      const f = a[r * 8 + c]
      if (f !== 0) for (let k = 0; k < 8; k++) a[r * 8 + k] -= f * a[c * 8 + k]
    }
  }
  const out = new Float64Array(16)
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) out[r * 4 + c] = a[r * 8 + 4 + c]
  return out
}

/**
 * Semi-axes (descending) of the minimum-volume enclosing ellipsoid of points (x, y, z interleaved).
 * Khachiyan's weights with Todd–Yıldırım away steps; stops when the optimality gap
 * max(M_max/4 − 1, 1 − M_min/4) (M over points with weight) is below tol.
 */
export function mveeSemiAxes(P: Float64Array, tol = 1e-6, maxIter = 50000): [number, number, number] | null {
  const n = P.length / 3
  if (n < 4) return null
  const u = new Float64Array(n).fill(1 / n)
  const M = new Float64Array(n)
  const X = new Float64Array(16)
  for (let it = 0; it < maxIter; it++) {
    X.fill(0)
    for (let t = 0; t < n; t++) {
      const w = u[t]
      if (w === 0) continue
      const x = P[3 * t], y = P[3 * t + 1], z = P[3 * t + 2]
      X[0] += w * x * x; X[1] += w * x * y; X[2] += w * x * z; X[3] += w * x
      X[5] += w * y * y; X[6] += w * y * z; X[7] += w * y
      X[10] += w * z * z; X[11] += w * z
      X[15] += w
    }
    X[4] = X[1]; X[8] = X[2]; X[9] = X[6]; X[12] = X[3]; X[13] = X[7]; X[14] = X[11]
    const Xi = invert4(X)
    if (!Xi) return null
    let jMax = 0, jMin = -1, mMax = -Infinity, mMin = Infinity
    for (let t = 0; t < n; t++) {
      const x = P[3 * t], y = P[3 * t + 1], z = P[3 * t + 2]
      const a = Xi[0] * x + Xi[1] * y + Xi[2] * z + Xi[3]
      const b = Xi[4] * x + Xi[5] * y + Xi[6] * z + Xi[7]
      const c = Xi[8] * x + Xi[9] * y + Xi[10] * z + Xi[11]
      const d = Xi[12] * x + Xi[13] * y + Xi[14] * z + Xi[15]
      const m = x * a + y * b + z * c + d
      M[t] = m
      if (m > mMax) { mMax = m; jMax = t }
      if (u[t] > 0 && m < mMin) { mMin = m; jMin = t }
    }
    const epsUp = mMax / 4 - 1, epsDown = jMin >= 0 ? 1 - mMin / 4 : 0
    if (Math.max(epsUp, epsDown) <= tol) break
    const j = epsUp >= epsDown ? jMax : jMin
    let step = (M[j] - 4) / (4 * (M[j] - 1))
    if (step < 0) step = Math.max(step, -u[j] / (1 - u[j]))
    for (let t = 0; t < n; t++) u[t] *= 1 - step
    u[j] += step
    if (u[j] < 1e-300) u[j] = 0
  }
  // centre and shape matrix A = (1/3) (P diag(u) Pᵀ − c cᵀ)⁻¹; semi-axes = 1/√eig(A) = √(3·eig(S))
  const c = [0, 0, 0]
  for (let t = 0; t < n; t++) for (let r = 0; r < 3; r++) c[r] += u[t] * P[3 * t + r]
  const S = [0, 0, 0, 0, 0, 0, 0, 0, 0]
  for (let t = 0; t < n; t++) for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) S[r * 3 + s] += u[t] * P[3 * t + r] * P[3 * t + s]
  for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) S[r * 3 + s] -= c[r] * c[s]
  const ev = symmetricEigenvalues3(S)
  return [Math.sqrt(3 * Math.max(0, ev[0])), Math.sqrt(3 * Math.max(0, ev[1])), Math.sqrt(3 * Math.max(0, ev[2]))]
}
