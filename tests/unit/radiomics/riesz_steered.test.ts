// Aligned (structure-tensor steered) Riesz filters (riesz_steering.ts), against responses known
// analytically, since IBSI-2 distributes no reference map for 9.b.2 / 10.b.2:
//  - a plane wave f = cos(k·x) on a periodic grid: ∇(h∗f) ∥ k everywhere, so J = k kᵀ·(positive)
//    is rank one and u_1 = k/‖k‖. With the (isotropic) Simoncelli base of transfer H(‖ω‖):
//    aligned order (2,0) → (−i)²·(u_1·k̂)²·H·f = −H(‖k‖)·cos(k·x); order (0,2) → 0; order (1,0)
//    → ±H(‖k‖)·sin(k·x). The same for k = (3,4) and its rotated copy (5,0) (same ‖k‖): the
//    aligned response is rotation-invariant, the unsteered one is not.
//  - rotation covariance of the aligned Riesz-LoG (order (0,2,0), even, so sign-free) under an
//    exact 90° grid rotation of a random volume with zero boundary.
import { describe, expect, it } from 'vitest'
import { rieszFilter } from '../../../src/core/radiomics/filters/riesz.ts'
import { simoncelliTransfer } from '../../../src/core/radiomics/filters/simoncelli.ts'
import { eigenFrame, steeredMonomials } from '../../../src/core/radiomics/filters/riesz_steering.ts'
import type { Volume } from '../../../src/core/image/volume.ts'

const vol = (dims: [number, number, number], data: Float64Array): Volume<Float64Array> =>
  ({ dims, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data })

function planeWave(N: number, k: [number, number], phase: 'cos' | 'sin'): Float64Array {
  const out = new Float64Array(N * N)
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    const t = (2 * Math.PI * (k[0] * x + k[1] * y)) / N
    out[x + N * y] = phase === 'cos' ? Math.cos(t) : Math.sin(t)
  }
  return out
}

const run = (img: Volume<Float64Array>, f: Record<string, unknown>) =>
  rieszFilter.apply(img, rieszFilter.validate({ filter: 'riesz', ...f }, 'test')).data

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0)

describe('steered Riesz: building blocks', () => {
  it('eigenFrame sorts by eigenvalue and fixes the sign', () => {
    const f = eigenFrame([[1, 0, 0], [0, 5, 0], [0, 0, 3]])
    expect(f).toEqual([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    const c = Math.SQRT1_2
    const g = eigenFrame([[2, 1], [1, 2]]) // eigenvalues 3 (1,1)/√2, 1 (1,−1)/√2
    expect(g[0][0]).toBeCloseTo(c, 12); expect(g[0][1]).toBeCloseTo(c, 12)
    expect(Math.abs(g[1][0])).toBeCloseTo(c, 12); expect(g[1][0] * g[1][1]).toBeCloseTo(-0.5, 12)
  })
  it('steeredMonomials expands Π (u_d·ω)^{l_d}', () => {
    // (a·ω)² with a = (1, 2): ω_x² + 4 ω_x ω_y + 4 ω_y²
    const p = steeredMonomials([[0, 0], [1, 2]], [0, 2])
    expect(Object.fromEntries(p)).toEqual({ '2,0': 1, '1,1': 4, '0,2': 4 })
  })
})

describe('steered Riesz-Simoncelli on a plane wave (analytic response)', () => {
  // odd N: the normalised frequency grid of simoncelli.ts (bin m → m/((N−1)/2)) is symmetric
  const N = 33
  // ‖k‖ in that normalised frequency: bins (3,4) and (5,0) → 5/((N−1)/2)
  const H = simoncelliTransfer(Float64Array.of(5 / ((N - 1) / 2)), 1)[0]
  it('the wave sits inside the level-1 band', () => expect(H).toBeGreaterThan(0.4))
  for (const k of [[3, 4], [5, 0], [-4, 3]] as [number, number][]) {
    const img = vol([N, N, 1], planeWave(N, k, 'cos'))
    const base = { base: 'simoncelli', level: 1, boundary: 'periodic', dimensions: '2D', steered: true, tensorSigma: 2 }
    it(`k = (${k}): order (2,0) → −H·cos(k·x), order (0,2) → 0, order (1,0) → ±H·sin(k·x)`, () => {
      const want = planeWave(N, k, 'cos').map((v) => -H * v)
      expect(maxDiff(run(img, { ...base, order: [2, 0] }), want)).toBeLessThan(1e-9)
      expect(maxDiff(run(img, { ...base, order: [0, 2] }), new Float64Array(N * N))).toBeLessThan(1e-9)
      const first = run(img, { ...base, order: [1, 0] })
      const s = planeWave(N, k, 'sin').map((v) => H * Math.abs(v))
      expect(maxDiff(first.map(Math.abs), s)).toBeLessThan(1e-9)
    })
  }
  it('the aligned response is rotation-invariant, the unsteered one is not', () => {
    const a = vol([N, N, 1], planeWave(N, [3, 4], 'cos')), b = vol([N, N, 1], planeWave(N, [5, 0], 'cos'))
    const spec = { base: 'simoncelli', level: 1, boundary: 'periodic', dimensions: '2D', order: [2, 0] }
    // compare the range of the responses (the waves differ in phase pattern, not in amplitude)
    const range = (x: Float64Array) => Math.max(...x) - Math.min(...x)
    const ra = range(run(a, { ...spec, steered: true })), rb = range(run(b, { ...spec, steered: true }))
    expect(Math.abs(ra - rb)).toBeLessThan(1e-9)
    const ua = range(run(a, spec)), ub = range(run(b, spec))
    expect(Math.abs(ua - ub)).toBeGreaterThan(0.1 * ub)
  })
})

describe('steered Riesz-LoG is covariant under a 90° rotation', () => {
  it('order (0,2,0), zero boundary, random volume: filter(rot(f)) = rot(filter(f))', () => {
    const n = 13 // padded FFT grid 13 + 2·6 = 25, odd: a symmetric normalised frequency grid
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const f = new Float64Array(n ** 3).map(() => rnd())
    // rotation about z: (x, y) → (n−1−y, x)
    const rot = (d: Float64Array) => {
      const o = new Float64Array(d.length)
      for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) o[(n - 1 - y) + n * (x + n * z)] = d[x + n * (y + n * z)]
      return o
    }
    const spec = { base: 'log', sigma: 1.5, truncate: 4, order: [0, 2, 0], boundary: 'zero', dimensions: '3D' }
    const steered = (d: Float64Array) => run(vol([n, n, n], d), { ...spec, steered: true, tensorSigma: 1 })
    const a = rot(steered(f)), b = steered(rot(f))
    const scale = Math.max(...a.map(Math.abs))
    expect(maxDiff(a, b)).toBeLessThan(1e-9 * scale)
    // the unsteered (0,2,0) filter is not: it turns into (2,0,0)
    const plain = (d: Float64Array) => run(vol([n, n, n], d), spec)
    expect(maxDiff(rot(plain(f)), plain(rot(f)))).toBeGreaterThan(1e-3 * scale)
  })
})
