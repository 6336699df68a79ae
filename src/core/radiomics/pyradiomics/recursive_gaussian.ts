// The Laplacian of Gaussian as pyradiomics computes it: sitk.LaplacianRecursiveGaussian with
// NormalizeAcrossScale, i.e. ITK's LaplacianRecursiveGaussianImageFilter — for each axis d, the
// second-order recursive Gaussian along d followed by zero-order ones along the other axes (in
// increasing axis order), each pass stored in float32 (ITK's InternalRealType), the passes summed
// as float32(sum + value · (1/spacing_d²)). The recursive Gaussian is Deriche's 4th-order IIR with
// the coefficients, normalisation (zero order: unit DC gain; second order: σ² across scale) and
// constant-extension boundary start values of itk::RecursiveGaussianImageFilter /
// itk::RecursiveSeparableImageFilter (Deriche 1993; Farnebäck & Westin's normalisation).

interface Coefs { n: number[]; d: number[]; m: number[]; bn: number[]; bm: number[] }

function nCoefficients(sd: number, a1: number, b1: number, w1: number, l1: number, a2: number, b2: number, w2: number, l2: number) {
  const sin1 = Math.sin(w1 / sd), sin2 = Math.sin(w2 / sd), cos1 = Math.cos(w1 / sd), cos2 = Math.cos(w2 / sd)
  const e1 = Math.exp(l1 / sd), e2 = Math.exp(l2 / sd)
  const n0 = a1 + a2
  let n1 = e2 * (b2 * sin2 - (a2 + 2 * a1) * cos2)
  n1 += e1 * (b1 * sin1 - (a1 + 2 * a2) * cos1)
  let n2 = (a1 + a2) * cos2 * cos1
  n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2
  n2 *= 2 * e1 * e2
  n2 += a2 * e1 * e1 + a1 * e2 * e2
  let n3 = e2 * e1 * e1 * (b2 * sin2 - a2 * cos2)
  n3 += e1 * e2 * e2 * (b1 * sin1 - a1 * cos1)
  return { n: [n0, n1, n2, n3], sn: n0 + n1 + n2 + n3, dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3 }
}

/** Coefficients of the order-0 or order-2 recursive Gaussian of σ (mm) along an axis of the given spacing. */
export function recursiveGaussianCoefficients(sigma: number, spacing: number, order: 0 | 2, normalizeAcrossScale: boolean): Coefs {
  const sd = sigma / Math.abs(spacing)
  const W1 = 0.6681, L1 = -1.3932, W2 = 2.0787, L2 = -1.3732
  const A1 = [1.353, -0.6724, -1.3563], B1 = [1.8151, -3.4327, 5.2318], A2 = [-0.3531, 0.6724, 0.3446], B2 = [0.0902, 0.61, -2.2355]
  const cos1 = Math.cos(W1 / sd), cos2 = Math.cos(W2 / sd), e1 = Math.exp(L1 / sd), e2 = Math.exp(L2 / sd)
  const D4 = e1 * e1 * e2 * e2
  let D3 = -2 * cos1 * e1 * e2 * e2
  D3 += -2 * cos2 * e2 * e1 * e1
  let D2 = 4 * cos2 * cos1 * e1 * e2
  D2 += e1 * e1 + e2 * e2
  const D1 = -2 * (e2 * cos2 + e1 * cos1)
  const SD = 1 + D1 + D2 + D3 + D4, DD = D1 + 2 * D2 + 3 * D3 + 4 * D4, ED = D1 + 4 * D2 + 9 * D3 + 16 * D4
  let n: number[]
  if (order === 0) {
    const c = nCoefficients(sd, A1[0], B1[0], W1, L1, A2[0], B2[0], W2, L2)
    const alpha0 = (2 * c.sn) / SD - c.n[0]
    n = c.n.map((x) => x * (1 / alpha0))
  } else {
    const scale = normalizeAcrossScale ? sigma * sigma : 1
    const c0 = nCoefficients(sd, A1[0], B1[0], W1, L1, A2[0], B2[0], W2, L2)
    const c2 = nCoefficients(sd, A1[2], B1[2], W1, L1, A2[2], B2[2], W2, L2)
    const beta = -(2 * c2.sn - SD * c2.n[0]) / (2 * c0.sn - SD * c0.n[0])
    n = c2.n.map((x, q) => x + beta * c0.n[q])
    const SN = c2.sn + beta * c0.sn, DN = c2.dn + beta * c0.dn, EN = c2.en + beta * c0.en
    let alpha2 = EN * SD * SD - ED * SN * SD - 2 * DN * DD * SD + 2 * DD * DD * SN
    alpha2 /= SD * SD * SD
    n = n.map((x) => x * (scale / alpha2))
  }
  const d = [D1, D2, D3, D4]
  // symmetric kernels (orders 0 and 2)
  const m = [n[1] - D1 * n[0], n[2] - D2 * n[0], n[3] - D3 * n[0], -D4 * n[0]]
  const sN = n[0] + n[1] + n[2] + n[3], sM = m[0] + m[1] + m[2] + m[3], sD = 1 + D1 + D2 + D3 + D4
  return { n, d, m, bn: d.map((x) => (x * sN) / sD), bm: d.map((x) => (x * sM) / sD) }
}

/** itk::RecursiveSeparableImageFilter::FilterDataArray on one line (length ≥ 4). */
function filterLine(data: Float64Array, ln: number, c: Coefs, outs: Float64Array, s2: Float64Array): void {
  const [N0, N1, N2, N3] = c.n, [D1, D2, D3, D4] = c.d, [M1, M2, M3, M4] = c.m, [BN1, BN2, BN3, BN4] = c.bn, [BM1, BM2, BM3, BM4] = c.bm
  const v1 = data[0]
  outs[0] = v1 * N0 + v1 * N1 + v1 * N2 + v1 * N3
  outs[1] = data[1] * N0 + v1 * N1 + v1 * N2 + v1 * N3
  outs[2] = data[2] * N0 + data[1] * N1 + v1 * N2 + v1 * N3
  outs[3] = data[3] * N0 + data[2] * N1 + data[1] * N2 + v1 * N3
  outs[0] -= v1 * BN1 + v1 * BN2 + v1 * BN3 + v1 * BN4
  outs[1] -= outs[0] * D1 + v1 * BN2 + v1 * BN3 + v1 * BN4
  outs[2] -= outs[1] * D1 + outs[0] * D2 + v1 * BN3 + v1 * BN4
  outs[3] -= outs[2] * D1 + outs[1] * D2 + outs[0] * D3 + v1 * BN4
  for (let i = 4; i < ln; i++) {
    outs[i] = data[i] * N0 + data[i - 1] * N1 + data[i - 2] * N2 + data[i - 3] * N3
    outs[i] -= outs[i - 1] * D1 + outs[i - 2] * D2 + outs[i - 3] * D3 + outs[i - 4] * D4
  }
  const v2 = data[ln - 1]
  s2[ln - 1] = v2 * M1 + v2 * M2 + v2 * M3 + v2 * M4
  s2[ln - 2] = data[ln - 1] * M1 + v2 * M2 + v2 * M3 + v2 * M4
  s2[ln - 3] = data[ln - 2] * M1 + data[ln - 1] * M2 + v2 * M3 + v2 * M4
  s2[ln - 4] = data[ln - 3] * M1 + data[ln - 2] * M2 + data[ln - 1] * M3 + v2 * M4
  s2[ln - 1] -= v2 * BM1 + v2 * BM2 + v2 * BM3 + v2 * BM4
  s2[ln - 2] -= s2[ln - 1] * D1 + v2 * BM2 + v2 * BM3 + v2 * BM4
  s2[ln - 3] -= s2[ln - 2] * D1 + s2[ln - 1] * D2 + v2 * BM3 + v2 * BM4
  s2[ln - 4] -= s2[ln - 3] * D1 + s2[ln - 2] * D2 + s2[ln - 1] * D3 + v2 * BM4
  for (let i = ln - 4; i > 0; i--) {
    s2[i - 1] = data[i] * M1 + data[i + 1] * M2 + data[i + 2] * M3 + data[i + 3] * M4
    s2[i - 1] -= s2[i] * D1 + s2[i + 1] * D2 + s2[i + 2] * D3 + s2[i + 3] * D4
  }
  for (let i = 0; i < ln; i++) outs[i] += s2[i]
}

/** One recursive Gaussian pass along `axis`, result rounded to float32. */
function filterAxis(x: ArrayLike<number>, dims: [number, number, number], axis: number, c: Coefs): Float32Array {
  const [nx, ny, nz] = dims
  const n = dims[axis]
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny
  const out = new Float32Array(nx * ny * nz)
  const line = new Float64Array(n), outs = new Float64Array(n), s2 = new Float64Array(n)
  const lines = (nx * ny * nz) / n
  for (let l = 0; l < lines; l++) {
    const base = axis === 0 ? l * nx : axis === 1 ? (l % nx) + nx * ny * Math.floor(l / nx) : l
    for (let i = 0; i < n; i++) line[i] = x[base + i * stride]
    filterLine(line, n, c, outs, s2)
    for (let i = 0; i < n; i++) out[base + i * stride] = outs[i]
  }
  return out
}

/** σ²∇²(G_σ ∗ I) as itk::LaplacianRecursiveGaussianImageFilter (NormalizeAcrossScale on); every axis needs ≥ 4 voxels. */
export function laplacianRecursiveGaussian(data: ArrayLike<number>, dims: [number, number, number], spacing: [number, number, number], sigma: number): Float64Array {
  const cum = new Float32Array(dims[0] * dims[1] * dims[2])
  for (let d = 0; d < 3; d++) {
    let t = filterAxis(data, dims, d, recursiveGaussianCoefficients(sigma, spacing[d], 2, true))
    for (const o of [0, 1, 2].filter((a) => a !== d)) t = filterAxis(t, dims, o, recursiveGaussianCoefficients(sigma, spacing[o], 0, true))
    const w = 1 / (spacing[d] * spacing[d])
    for (let v = 0; v < cum.length; v++) cum[v] = cum[v] + t[v] * w
  }
  return Float64Array.from(cum)
}
