// Small dense symmetric linear algebra (row-major Float64Array, n×n):
// - R survival's cholesky2 / chsolve2 / chinv2 (generalised Cholesky LDLᵀ that zeroes singular
//   pivots, so an aliased covariate gets a zero coefficient instead of an error), for the Cox fit
//   and the log-rank test;
// - the plain Cholesky inverse of a symmetric positive-definite matrix (null when singular), for
//   the per-gene linear models of limma and ComBat (designs of a few columns).

/** In-place LDLᵀ of a symmetric positive semi-definite matrix; returns the rank. */
export function cholesky2(m: Float64Array, n: number, toler: number): number {
  let eps = 0
  for (let i = 0; i < n; i++) if (Math.abs(m[i * n + i]) > eps) eps = Math.abs(m[i * n + i])
  eps = eps === 0 ? toler : eps * toler
  let rank = 0
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i]
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0
      for (let j = i + 1; j < n; j++) m[j * n + i] = 0
    } else {
      rank++
      for (let j = i + 1; j < n; j++) {
        const temp = m[j * n + i] / pivot
        m[j * n + i] = temp
        m[j * n + j] -= temp * temp * pivot
        for (let k = j + 1; k < n; k++) m[k * n + j] -= temp * m[k * n + i]
      }
    }
  }
  return rank
}

/** Solve (LDLᵀ) x = y in place after cholesky2 (lower triangle holds L, diagonal D). */
export function chsolve2(m: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let temp = y[i]
    for (let j = 0; j < i; j++) temp -= y[j] * m[i * n + j]
    y[i] = temp
  }
  for (let i = n - 1; i >= 0; i--) {
    if (m[i * n + i] === 0) y[i] = 0
    else {
      let temp = y[i] / m[i * n + i]
      for (let j = i + 1; j < n; j++) temp -= y[j] * m[j * n + i]
      y[i] = temp
    }
  }
}

/** Inverse of the original matrix from its cholesky2 factor (full symmetric result). */
export function chinv2(m: Float64Array, n: number): Float64Array {
  // invert L and D
  for (let i = 0; i < n; i++) {
    if (m[i * n + i] > 0) {
      m[i * n + i] = 1 / m[i * n + i]
      for (let j = i + 1; j < n; j++) {
        m[j * n + i] = -m[j * n + i]
        for (let k = 0; k < i; k++) m[j * n + k] += m[j * n + i] * m[i * n + k]
      }
    }
  }
  // Lᵀ⁻¹ D⁻¹ L⁻¹, stored in the lower triangle
  for (let i = 0; i < n; i++) {
    if (m[i * n + i] === 0) {
      for (let j = 0; j < i; j++) m[j * n + i] = 0
      for (let j = i; j < n; j++) m[i * n + j] = 0
    } else {
      for (let j = i + 1; j < n; j++) {
        const temp = m[j * n + i] * m[j * n + j]
        if (j !== i) m[i * n + j] = temp
        for (let k = i; k < j; k++) m[i * n + k] += temp * m[j * n + k]
      }
    }
  }
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[i * n + j] = j >= i ? m[i * n + j] : m[j * n + i]
  return out
}

/** xᵀ A⁻¹ x for symmetric positive semi-definite A via cholesky2 (generalised inverse). */
export function quadFormInverse(a: Float64Array, n: number, x: Float64Array, toler = 1e-10): { value: number; rank: number } {
  const m = Float64Array.from(a)
  const rank = cholesky2(m, n, toler)
  const y = Float64Array.from(x)
  chsolve2(m, n, y)
  let s = 0
  for (let i = 0; i < n; i++) s += x[i] * y[i]
  return { value: s, rank }
}

/** Inverse of a symmetric positive-definite p×p matrix (row-major), or null when singular. */
export function invertSPD(a: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k]
      if (i === j) {
        if (!(s > 1e-13 * Math.abs(a[i * p + i])) || s <= 0) return null
        L[i * p + i] = Math.sqrt(s)
      } else L[i * p + j] = s / L[j * p + j]
    }
  }
  // inverse of L
  const Li = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    Li[i * p + i] = 1 / L[i * p + i]
    for (let j = 0; j < i; j++) {
      let s = 0
      for (let k = j; k < i; k++) s -= L[i * p + k] * Li[k * p + j]
      Li[i * p + j] = s / L[i * p + i]
    }
  }
  // A^-1 = Li' Li
  const out = new Float64Array(p * p)
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0
      for (let k = i; k < p; k++) s += Li[k * p + i] * Li[k * p + j]
      out[i * p + j] = s
      out[j * p + i] = s
    }
  return out
}
