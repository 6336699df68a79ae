// Leading principal components of a (centred) items × features matrix through the
// items × items Gram matrix G = X Xᵀ (n ≪ p for latent vectors: n patients, 1,024
// features), eigen-decomposed by cyclic Jacobi rotations (deterministic).
// Scores of the items are u·√λ; loadings v = Xᵀu/√λ project new (equally centred) rows.
// Sign convention: the loading with the largest |value| is positive (as a convention
// only; R's prcomp signs are arbitrary).
import type { FeatureMatrix } from '../cluster/index.ts'

export interface Pca {
  /** eigenvalues of XᵀX (not divided by n − 1) */
  values: number[]
  /** k × p loadings, row-major */
  loadings: Float64Array
  /** n × k scores, row-major */
  scores: Float64Array
  k: number
}

export function leadingComponents(x: FeatureMatrix, k: number): Pca {
  const { nItems: n, nFeatures: p, data } = x
  k = Math.max(0, Math.min(k, n - 1, p))
  const g = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    let s = 0
    for (let f = 0; f < p; f++) s += data[i * p + f] * data[j * p + f]
    g[i * n + j] = s
    g[j * n + i] = s
  }
  const { values: all, vectors } = symmetricEigen(g, n)
  const order = all.map((_, i) => i).sort((a, b) => all[b] - all[a])
  const values: number[] = []
  const loadings = new Float64Array(k * p)
  const scores = new Float64Array(n * k)
  for (let c = 0; c < k; c++) {
    const e = order[c]
    const lambda = Math.max(0, all[e])
    values.push(lambda)
    const u = new Float64Array(n).map((_, i) => vectors[i * n + e])
    const sq = Math.sqrt(lambda) || 1
    let big = 0
    for (let f = 0; f < p; f++) {
      let s = 0
      for (let i = 0; i < n; i++) s += data[i * p + f] * u[i]
      loadings[c * p + f] = s / sq
      if (Math.abs(s) > Math.abs(big)) big = s
    }
    const sign = big < 0 ? -1 : 1
    for (let f = 0; f < p; f++) loadings[c * p + f] *= sign
    for (let i = 0; i < n; i++) scores[i * k + c] = sign * u[i] * sq
  }
  return { values, loadings, scores, k }
}

/**
 * Eigen-decomposition of a symmetric n × n matrix (row-major) by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations §8.5): eigenvalues (unsorted) and eigenvectors as
 * the columns of `vectors`.
 */
export function symmetricEigen(m: Float64Array, n: number, maxSweeps = 100): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(m)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0, diag = 0
    for (let i = 0; i < n; i++) { diag += a[i * n + i] ** 2; for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2 }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      const apq = a[p * n + q]
      if (apq === 0) continue
      const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
      const c = 1 / Math.sqrt(t * t + 1), s = t * c
      for (let r = 0; r < n; r++) {
        const arp = a[r * n + p], arq = a[r * n + q]
        a[r * n + p] = c * arp - s * arq
        a[r * n + q] = s * arp + c * arq
      }
      for (let r = 0; r < n; r++) {
        const apr = a[p * n + r], aqr = a[q * n + r]
        a[p * n + r] = c * apr - s * aqr
        a[q * n + r] = s * apr + c * aqr
      }
      for (let r = 0; r < n; r++) {
        const vrp = v[r * n + p], vrq = v[r * n + q]
        v[r * n + p] = c * vrp - s * vrq
        v[r * n + q] = s * vrp + c * vrq
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v }
}

/** Scores of new rows (centred the same way) on the loadings. */
export function project(pca: Pca, x: FeatureMatrix): Float64Array {
  const { nItems: n, nFeatures: p, data } = x
  const out = new Float64Array(n * pca.k)
  for (let i = 0; i < n; i++) for (let c = 0; c < pca.k; c++) {
    let s = 0
    for (let f = 0; f < p; f++) s += data[i * p + f] * pca.loadings[c * p + f]
    out[i * pca.k + c] = s
  }
  return out
}
