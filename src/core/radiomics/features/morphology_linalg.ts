// Small dense linear algebra for the morphology features.

/** Eigenvalues (descending) of a symmetric 3×3 matrix, cyclic Jacobi rotations. */
export function symmetricEigenvalues3(m: number[]): [number, number, number] {
  const a = m.slice()
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5]
    if (off < 1e-30) break
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      const apq = a[3 * p + q]
      if (Math.abs(apq) < 1e-300) continue
      const app = a[3 * p + p], aqq = a[3 * q + q]
      const theta = (aqq - app) / (2 * apq)
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
      const c = 1 / Math.sqrt(t * t + 1), s = t * c
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p], akq = a[3 * k + q]
        a[3 * k + p] = c * akp - s * akq
        a[3 * k + q] = s * akp + c * akq
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k], aqk = a[3 * q + k]
        a[3 * p + k] = c * apk - s * aqk
        a[3 * q + k] = s * apk + c * aqk
      }
    }
  }
  const ev = [a[0], a[4], a[8]].sort((x, y) => y - x)
  return [ev[0], ev[1], ev[2]]
}

