// Gabor filter (IBSI-2 §"Gabor"): in a plane, G(x, y) = exp(−(x̃² + γ² ỹ²)/(2σ²)) · exp(i 2π x̃/λ),
// x̃ = x cos θ + y sin θ, ỹ = x sin θ − y cos θ (voxel coordinates, y along the row index),
// σ and λ in mm converted with the in-plane spacing; the response is the modulus |I ∗ G|.
// Rotation invariance pools over θ = θ0 + kΔθ in [0, 2π); in 3D the 2D filter runs in the
// axial plane, and with rotation invariance in the axial, coronal and sagittal planes, pooled.
// The kernel spans ±4σ·max(1, 1/γ) (at most the image), convolved by FFT after padding.
import type { ImageFilter } from './filter.ts'
import type { Boundary } from './boundary.ts'
import { filterSpectrum, inverseOrder, kernelTransform2D, permuteAxes, spectrum, type Dims } from './fourier.ts'
import { pool, SpecReader, type Pooling } from './spec.ts'

function gaborKernel(sigma: number, lambda: number, gamma: number, theta: number, rx: number, ry: number): { re: Float64Array; im: Float64Array; kx: number; ky: number } {
  const kx = 2 * rx + 1, ky = 2 * ry + 1
  const re = new Float64Array(kx * ky), im = new Float64Array(kx * ky)
  const c = Math.cos(theta), s = Math.sin(theta)
  for (let j = 0; j < ky; j++) for (let i = 0; i < kx; i++) {
    const x = i - rx, y = j - ry
    const xt = x * c + y * s, yt = x * s - y * c
    const env = Math.exp(-(xt * xt + gamma * gamma * yt * yt) / (2 * sigma * sigma))
    re[i + kx * j] = env * Math.cos((2 * Math.PI * xt) / lambda)
    im[i + kx * j] = env * Math.sin((2 * Math.PI * xt) / lambda)
  }
  return { re, im, kx, ky }
}

/** Modulus responses, one per angle, of the Gabor filter in the plane of axes (order[0], order[1]). */
function planeResponses(data: Float64Array, dims: Dims, spacing: [number, number, number], order: [number, number, number], p: { sigma: number; lambda: number; gamma: number; thetas: number[]; boundary: Boundary }): Float64Array[] {
  const t = permuteAxes(data, dims, order)
  const sp = Math.max(spacing[order[0]], spacing[order[1]])
  const sigma = p.sigma / sp, lambda = p.lambda / sp
  const reach = Math.ceil(4 * sigma * Math.max(1, 1 / p.gamma))
  const rx = Math.min(Math.floor(t.dims[0] / 2), reach), ry = Math.min(Math.floor(t.dims[1] / 2), reach)
  const s = spectrum(t.data, t.dims, [rx, ry, 0], p.boundary, true)
  const inv = inverseOrder(order)
  return p.thetas.map((theta) => {
    const k = gaborKernel(sigma, lambda, p.gamma, theta, rx, ry)
    const h = kernelTransform2D(k.re, k.im, k.kx, k.ky, s.dims[0], s.dims[1])
    const r = filterSpectrum(s, h.re, h.im)
    const mod = new Float64Array(r.re.length)
    for (let v = 0; v < mod.length; v++) { const a = r.re[v], b = r.im[v]; mod[v] = Math.sqrt(a * a + b * b) }
    return permuteAxes(mod, t.dims, inv).data
  })
}

export const gaborFilter: ImageFilter = {
  id: 'gabor',
  title: 'Gabor filter (modulus)',
  section: 'IBSI-2, Gabor filter',
  module: 'gabor.ts',
  parameters: 'sigma, lambda (mm); gamma; theta (degrees); rotationInvariant with thetaStep (degrees) and pooling max|average; dimensions 2D|3D (3D + rotation invariance: axial, coronal, sagittal planes pooled); boundary',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    const out: Record<string, unknown> = {
      filter: 'gabor', sigma: r.number('sigma', { min: 1e-9 }), lambda: r.number('lambda', { min: 1e-9 }), gamma: r.number('gamma', { min: 1e-9 }),
      theta: r.number('theta', { def: 0 }), rotationInvariant: r.bool('rotationInvariant'), pooling: r.pooling(), ...r.common(),
    }
    if (out.rotationInvariant) out.thetaStep = r.number('thetaStep', { min: 1e-6 })
    return out as never
  },
  apply(image, spec) {
    const deg = Math.PI / 180
    const thetas: number[] = []
    if (spec.rotationInvariant) {
      const step = (spec.thetaStep as number) * deg
      for (let t = (spec.theta as number) * deg, k = 0; k * step < 2 * Math.PI - 1e-9; k++) thetas.push(t + k * step)
    } else thetas.push((spec.theta as number) * deg)
    // θ and θ + π give the same modulus (the kernels are complex conjugates and the image is
    // real), so each angle is computed once modulo π and counted with its multiplicity
    const distinct = new Map<number, { theta: number; count: number }>()
    for (const t of thetas) {
      const key = Math.round((((t % Math.PI) + Math.PI) % Math.PI) * 1e9)
      const e = distinct.get(key)
      if (e) e.count++
      else distinct.set(key, { theta: t, count: 1 })
    }
    const angles = [...distinct.values()]
    const p = { sigma: spec.sigma as number, lambda: spec.lambda as number, gamma: spec.gamma as number, thetas: angles.map((a) => a.theta), boundary: spec.boundary as Boundary }
    const planes: [number, number, number][] = spec.dimensions === '3D' && spec.rotationInvariant ? [[0, 1, 2], [0, 2, 1], [1, 2, 0]] : [[0, 1, 2]]
    const maps = planes.flatMap((o) => planeResponses(image.data, image.dims, image.spacing, o, p))
    if (maps.length === 1) return { ...image, data: maps[0] }
    if (spec.pooling === 'max') return { ...image, data: pool(maps, 'max') }
    const out = new Float64Array(maps[0].length)
    let total = 0
    maps.forEach((m, i) => {
      const w = angles[i % angles.length].count
      total += w
      for (let v = 0; v < out.length; v++) out[v] += w * m[v]
    })
    for (let v = 0; v < out.length; v++) out[v] /= total
    return { ...image, data: out }
  },
}
