// Laplacian of Gaussian (IBSI-2 §"Laplacian of Gaussian"): the sampled continuous kernel
// ∇²G(x) = Σ_d (x_d²/σ_d⁴ − 1/σ_d²) · G(x), G(x) = Π_d (2πσ_d²)^{-1/2} exp(−x_d²/(2σ_d²)),
// σ_d = σ[mm] / spacing_d, truncated at |x_d| ≤ ⌊t σ_d + 0.5⌋ (t = 4 by default). Computed
// separably as Σ_d G″_d ⊗ Π_{e≠d} G_e (2D: the two in-plane axes).
import type { Volume } from '../../image/volume.ts'
import type { ImageFilter } from './filter.ts'
import { separable, type Boundary } from './boundary.ts'
import { SpecReader } from './spec.ts'

/** 1D sampled Gaussian and its second derivative, σ in voxels. */
export function gaussianKernels(sigma: number, truncate: number): { g: Float64Array; g2: Float64Array } {
  const r = Math.floor(truncate * sigma + 0.5)
  const g = new Float64Array(2 * r + 1), g2 = new Float64Array(2 * r + 1)
  const norm = 1 / Math.sqrt(2 * Math.PI * sigma * sigma)
  for (let t = -r; t <= r; t++) {
    const e = norm * Math.exp(-(t * t) / (2 * sigma * sigma))
    g[t + r] = e
    g2[t + r] = (t * t / (sigma ** 4) - 1 / (sigma * sigma)) * e
  }
  return { g, g2 }
}

export function laplacianOfGaussian(image: Volume<Float64Array>, sigmaMm: number, truncate: number, planar: boolean, b: Boundary): Float64Array {
  const axes = planar ? [0, 1] : [0, 1, 2]
  const k = [0, 1, 2].map((a) => gaussianKernels(sigmaMm / image.spacing[a], truncate))
  const out = new Float64Array(image.data.length)
  for (const d of axes) {
    const kernels: [Float64Array | null, Float64Array | null, Float64Array | null] = [null, null, null]
    for (const a of axes) kernels[a] = a === d ? k[a].g2 : k[a].g
    const part = separable(image.data, image.dims, kernels, b)
    for (let v = 0; v < out.length; v++) out[v] += part[v]
  }
  return out
}

export const logFilter: ImageFilter = {
  id: 'log',
  title: 'Laplacian of Gaussian',
  section: 'IBSI-2, Laplacian of Gaussian',
  module: 'log.ts',
  parameters: 'sigma (mm); truncate (σ multiples, default 4); dimensions 2D|3D; boundary',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    return { filter: 'log', sigma: r.number('sigma', { min: 1e-9 }), truncate: r.number('truncate', { min: 0.5, def: 4 }), ...r.common() }
  },
  reach(image, spec) {
    const r = (a: number) => Math.floor((spec.truncate as number) * ((spec.sigma as number) / image.spacing[a]) + 0.5)
    return [r(0), r(1), spec.dimensions === '2D' ? 0 : r(2)]
  },
  apply(image, spec) {
    return { ...image, data: laplacianOfGaussian(image, spec.sigma as number, spec.truncate as number, spec.dimensions === '2D', spec.boundary as Boundary) }
  },
}
