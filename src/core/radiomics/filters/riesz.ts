// Riesz-transformed filters (IBSI-2 §"Riesz transform"; Unser & Van De Ville 2010): the
// transfer function of a base filter (LoG or Simoncelli) multiplied by the Riesz multiplier of
// order l = (l_x, l_y, l_z), L = Σ l_d:
//   R_l(ω) = (−i)^L √(L! / Π l_d!) · Π ω_d^{l_d} / ‖ω‖^L,
// with ω sampled on the same normalised centred grid as the Simoncelli filter (simoncelli.ts
// normalisedFrequency). Riesz-LoG: the sampled LoG kernel (log.ts) on the padded image
// (boundary condition, padding = kernel radius); Riesz-Simoncelli: on the image grid. Response:
// the real part. Aligned (structure-tensor steered) variant, `steered: true` with the window
// scale `tensorSigma` (mm): riesz_steering.ts.
import type { ImageFilter } from './filter.ts'
import type { Boundary } from './boundary.ts'
import { filterSpectrum, spectrum, type Spectrum } from './fourier.ts'
import { gaussianKernels } from './log.ts'
import { normalisedFrequency, simoncelliTransfer, frequencyNorm } from './simoncelli.ts'
import { fftAxes } from './fourier.ts'
import { SpecReader } from './spec.ts'
import { multiIndices, steerResponse } from './riesz_steering.ts'

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))

/** Riesz multiplier per FFT bin of the spectrum's grid (complex: re, im). */
function rieszMultiplier(s: Spectrum, order: number[]): { re: Float64Array; im: Float64Array } {
  const [fx, fy, fz] = s.dims
  const nz = s.planar ? 1 : fz
  const L = order.reduce((a, b) => a + b, 0)
  const scale = Math.sqrt(factorial(L) / order.reduce((p, l) => p * factorial(l), 1))
  // (−i)^L = cos(−πL/2) + i sin(−πL/2)
  const pr = Math.round(Math.cos((-Math.PI * L) / 2)), pi = Math.round(Math.sin((-Math.PI * L) / 2))
  const re = new Float64Array(fx * fy * nz), im = new Float64Array(fx * fy * nz)
  let o = 0
  for (let k = 0; k < nz; k++) {
    const wz = s.planar ? 0 : normalisedFrequency(k, fz)
    for (let j = 0; j < fy; j++) {
      const wy = normalisedFrequency(j, fy)
      for (let i = 0; i < fx; i++, o++) {
        const wx = normalisedFrequency(i, fx)
        const norm = Math.sqrt(wx * wx + wy * wy + wz * wz)
        if (norm === 0) continue
        const m = (scale * wx ** order[0] * wy ** order[1] * (order.length > 2 ? wz ** order[2] : 1)) / norm ** L
        re[o] = pr * m
        im[o] = pi * m
      }
    }
  }
  return { re, im }
}

/** Transfer function of the sampled LoG kernel on the spectrum's grid (kernel centred at bin 0). */
function logTransfer(s: Spectrum, sigmaVox: number[], truncate: number): { re: Float64Array; im: Float64Array } {
  const [fx, fy, fz] = s.dims
  const nz = s.planar ? 1 : fz
  const axes = s.planar ? 2 : 3
  const k = sigmaVox.slice(0, axes).map((sg) => gaussianKernels(sg, truncate))
  const re = new Float64Array(fx * fy * nz), im = new Float64Array(fx * fy * nz)
  const r = k.map((x) => (x.g.length - 1) / 2)
  const rz = axes === 3 ? r[2] : 0
  for (let c = -rz; c <= rz; c++)
    for (let b = -r[1]; b <= r[1]; b++)
      for (let a = -r[0]; a <= r[0]; a++) {
        const gx = k[0].g[a + r[0]], gy = k[1].g[b + r[1]], gz = axes === 3 ? k[2].g[c + rz] : 1
        const g2x = k[0].g2[a + r[0]], g2y = k[1].g2[b + r[1]], g2z = axes === 3 ? k[2].g2[c + rz] : 0
        const v = g2x * gy * gz + gx * g2y * gz + (axes === 3 ? gx * gy * g2z : 0)
        const x = ((a % fx) + fx) % fx, y = ((b % fy) + fy) % fy, z = ((c % nz) + nz) % nz
        re[x + fx * (y + fy * z)] += v
      }
  fftAxes(re, im, [fx, fy, nz], s.planar, -1)
  return { re, im }
}

export const rieszFilter: ImageFilter = {
  id: 'riesz',
  title: 'Riesz-transformed LoG or Simoncelli wavelet',
  section: 'IBSI-2, Riesz transform',
  module: 'riesz.ts',
  parameters: 'base log (sigma mm, truncate) | simoncelli (level); order [l_x, l_y(, l_z)]; steered (aligned by the structure tensor) with tensorSigma (mm, default 1); dimensions 2D|3D; boundary',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    const base = r.oneOf('base', ['log', 'simoncelli'] as const)
    const c = r.common()
    const n = c.dimensions === '2D' ? 2 : 3
    const order = spec.order
    if (!Array.isArray(order) || order.length !== n || !order.every((x) => Number.isInteger(x) && x >= 0) || order.every((x) => x === 0)) r.fail('order', `must be ${n} non-negative integers, not all zero (x first)`)
    const steered = r.bool('steered', false)
    const out: Record<string, unknown> = { filter: 'riesz', base, order, ...c }
    if (steered) { out.steered = true; out.tensorSigma = r.number('tensorSigma', { min: 1e-9, def: 1 }) }
    if (base === 'log') { out.sigma = r.number('sigma', { min: 1e-9 }); out.truncate = r.number('truncate', { min: 0.5, def: 4 }) }
    else out.level = r.number('level', { min: 1, integer: true, def: 1 })
    return out as never
  },
  apply(image, spec) {
    const planar = spec.dimensions === '2D'
    const order = spec.order as number[]
    let s: Spectrum, hre: Float64Array, him: Float64Array
    if (spec.base === 'log') {
      const sigmaVox = [0, 1, 2].map((a) => (spec.sigma as number) / image.spacing[a])
      const pad = sigmaVox.map((sg, a) => (planar && a === 2 ? 0 : Math.floor((spec.truncate as number) * sg + 0.5))) as [number, number, number]
      s = spectrum(image.data, image.dims, pad, spec.boundary as Boundary, planar, true)
      ;({ re: hre, im: him } = logTransfer(s, sigmaVox, spec.truncate as number))
    } else {
      s = spectrum(image.data, image.dims, [0, 0, 0], 'periodic', planar, true)
      hre = simoncelliTransfer(frequencyNorm(s), spec.level as number)
      him = new Float64Array(hre.length)
    }
    const product = (m: number[], scale: number) => {
      const R = rieszMultiplier(s, m)
      const tr = new Float64Array(hre.length), ti = new Float64Array(hre.length)
      for (let v = 0; v < tr.length; v++) { tr[v] = scale * (hre[v] * R.re[v] - him[v] * R.im[v]); ti[v] = scale * (hre[v] * R.im[v] + him[v] * R.re[v]) }
      return filterSpectrum(s, tr, ti).re
    }
    if (!spec.steered) return { ...image, data: product(order, 1) }
    // aligned: the unsteered monomial responses, rescaled to the prefactor of `order`
    const n = order.length, L = order.reduce((a, b) => a + b, 0)
    const pref = (m: number[]) => Math.sqrt(factorial(L) / m.reduce((p, l) => p * factorial(l), 1))
    const unit = (a: number) => Array.from({ length: n }, (_, d) => (d === a ? 1 : 0))
    const gradient = Array.from({ length: n }, (_, a) => product(unit(a), 1))
    const components = new Map<string, Float64Array>()
    for (const m of multiIndices(L, n)) components.set(m.join(','), product(m, pref(order) / pref(m)))
    return { ...image, data: steerResponse(image, planar, order, spec.tensorSigma as number, gradient, components) }
  },
}
