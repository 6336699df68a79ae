// Local alignment ("steering") of Riesz-transformed filters by the structure tensor (IBSI-2
// reference manual arXiv:2006.05470, Riesz transform, "aligned" configurations 9.b.2 and 10.b.2
// with structure-tensor window scale σ* = 1 mm; the steerability of the Riesz transform:
// Unser & Van De Ville 2010, Depeursinge et al. 2014 "Rotation-covariant texture learning using
// steerable Riesz wavelets"). Definition implemented:
//   - g = first-order Riesz components (ω_d/‖ω‖) of the base-filtered image (the gradient at
//     the base filter's scale), on the same Fourier grid as the filter;
//   - J = G_σ* ∗ (g gᵀ), a separable sampled Gaussian (σ* in mm over the voxel spacing,
//     truncated at 4σ, boundary "nearest"), on the image grid;
//   - the local frame (u_1, u_2(, u_3)) = eigenvectors of J by decreasing eigenvalue (u_1: the
//     dominant orientation); each one signed so that its largest-magnitude component is
//     positive (matters only for odd total order);
//   - the aligned filter of order l is the Riesz multiplier with ω_d replaced by u_d·ω:
//     (−i)^L √(L!/Π l_d!) Π (u_d·ω)^{l_d} / ‖ω‖^L. Expanding Π (u_d·ω)^{l_d} = Σ_m c_m(u) ω^m
//     over the multi-indices |m| = L makes it exact: response(x) = Σ_m c_m(u(x)) · (h_m ∗ f)(x),
//     h_m the unsteered filter with monomial ω^m. Where J is degenerate (flat regions, equal
//     eigenvalues) the frame is the eigen-solver's (the image axes where J = 0).
import type { Volume } from '../../image/volume.ts'
import { gaussianKernels } from './log.ts'

type Poly = Map<string, number>

/** Coefficients c_m of Π_d (u_d·ω)^{l_d} over the multi-indices m (key "m0,m1(,m2)"). */
export function steeredMonomials(frame: number[][], order: number[]): Poly {
  const n = order.length
  let p: Poly = new Map([[new Array(n).fill(0).join(','), 1]])
  for (let d = 0; d < n; d++)
    for (let r = 0; r < order[d]; r++) {
      const q: Poly = new Map()
      for (const [key, c] of p) {
        const m = key.split(',').map(Number)
        for (let a = 0; a < n; a++) {
          const w = frame[d][a]
          if (w === 0) continue
          m[a]++
          const k = m.join(',')
          q.set(k, (q.get(k) ?? 0) + c * w)
          m[a]--
        }
      }
      p = q
    }
  return p
}

/** All multi-indices of n non-negative integers summing to L. */
export function multiIndices(L: number, n: number): number[][] {
  if (n === 1) return [[L]]
  const out: number[][] = []
  for (let a = L; a >= 0; a--) for (const rest of multiIndices(L - a, n - 1)) out.push([a, ...rest])
  return out
}

function smoothAxis(data: Float64Array, dims: [number, number, number], axis: number, k: Float64Array): Float64Array {
  const [nx, ny, nz] = dims
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny
  const len = dims[axis], r = (k.length - 1) / 2
  const out = new Float64Array(data.length)
  const line = new Float64Array(len)
  for (let z = 0; z < (axis === 2 ? 1 : nz); z++)
    for (let y = 0; y < (axis === 1 ? 1 : ny); y++)
      for (let x = 0; x < (axis === 0 ? 1 : nx); x++) {
        const start = x + nx * (y + ny * z)
        for (let t = 0; t < len; t++) line[t] = data[start + t * stride]
        for (let t = 0; t < len; t++) {
          let s = 0
          for (let q = -r; q <= r; q++) s += k[q + r] * line[Math.min(len - 1, Math.max(0, t + q))]
          out[start + t * stride] = s
        }
      }
  return out
}

/** Gaussian smoothing (σ in voxels per axis; axes with σ = 0 untouched), boundary "nearest". */
function gaussianSmooth(data: Float64Array, dims: [number, number, number], sigmaVox: number[]): Float64Array {
  let d = data
  for (let a = 0; a < 3; a++) if (sigmaVox[a] > 0 && dims[a] > 1) d = smoothAxis(d, dims, a, gaussianKernels(sigmaVox[a], 4).g)
  return d
}

/** Eigenvectors (rows, by decreasing eigenvalue) of a symmetric n×n matrix (n = 2, 3), Jacobi. */
export function eigenFrame(A: number[][]): number[][] {
  const n = A.length
  const a = A.map((r) => r.slice())
  const V: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)))
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q]
    const scale = a.reduce((s, r, i) => s + Math.abs(r[i]), 0)
    if (off <= 1e-30 * scale * scale || off === 0) break
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1), s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q]
          a[k][p] = c * akp - s * akq
          a[k][q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k]
          a[p][k] = c * apk - s * aqk
          a[q][k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k][p], vkq = V[k][q]
          V[k][p] = c * vkp - s * vkq
          V[k][q] = s * vkp + c * vkq
        }
      }
  }
  const idx = [...Array(n).keys()].sort((i, j) => a[j][j] - a[i][i])
  return idx.map((j) => {
    const v = V.map((row) => row[j])
    let big = 0
    for (let k = 1; k < n; k++) if (Math.abs(v[k]) > Math.abs(v[big]) + 1e-12) big = k
    return v[big] < 0 ? v.map((x) => -x) : v
  })
}

/**
 * The aligned response: Σ_m c_m(u(x)) · components[m](x), with the frame u(x) from the
 * structure tensor of `gradient` (n first-order Riesz responses, real) smoothed at σ* (mm).
 * `components` maps the multi-index key to the real response of the unsteered filter whose
 * Riesz multiplier is (−i)^L √(L!/Π l_d!) ω^m / ‖ω‖^L (the prefactor of the steered order l).
 */
export function steerResponse(image: Volume<Float64Array>, planar: boolean, order: number[], sigmaStarMm: number,
  gradient: Float64Array[], components: Map<string, Float64Array>): Float64Array {
  const n = order.length
  const dims = image.dims as [number, number, number]
  const sigmaVox = [0, 1, 2].map((a) => (planar && a === 2 ? 0 : sigmaStarMm / image.spacing[a]))
  const J: Float64Array[][] = []
  for (let a = 0; a < n; a++) {
    J.push([])
    for (let b = 0; b <= a; b++) {
      const p = new Float64Array(gradient[a].length)
      for (let v = 0; v < p.length; v++) p[v] = gradient[a][v] * gradient[b][v]
      J[a].push(gaussianSmooth(p, dims, sigmaVox))
    }
  }
  const out = new Float64Array(gradient[0].length)
  const comps = [...components.entries()].map(([k, data]) => ({ m: k, data }))
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let v = 0; v < out.length; v++) {
    for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) { A[a][b] = J[a][b][v]; A[b][a] = J[a][b][v] }
    const c = steeredMonomials(eigenFrame(A), order)
    let s = 0
    for (const { m, data } of comps) { const w = c.get(m); if (w) s += w * data[v] }
    out[v] = s
  }
  return out
}
