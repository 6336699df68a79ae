// Eigenvalues of a dense symmetric matrix (cyclic Jacobi rotations), for the GLCM maximal
// correlation coefficient (matrices up to a few hundred grey levels).

/** Eigenvalues, descending, of the symmetric n×n matrix `a` (row-major; not modified). */
export function symmetricEigenvalues(a0: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(a0)
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0, diag = 0
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p] * a[p * n + p]
      for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q]
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]
        if (Math.abs(apq) < 1e-300) continue
        const app = a[p * n + p], aqq = a[q * n + q]
        const theta = (aqq - app) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1), s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q]
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k]
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
      }
  }
  const ev = new Float64Array(n)
  for (let i = 0; i < n; i++) ev[i] = a[i * n + i]
  return ev.sort().reverse()
}
