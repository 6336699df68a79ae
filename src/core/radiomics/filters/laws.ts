// Laws kernels (IBSI-2 §"Laws kernels"; Laws 1980): a separable kernel named by its 1D factors
// along x, y (and z), e.g. E5L5S5, each factor normalised to unit L2 norm. Rotation invariance
// pools (max or average) the responses of the kernel's right-angle rotations; the texture
// energy map is the mean of |response| over a (2δ+1)^D neighbourhood of the (pooled) response,
// with the same boundary condition.
import type { ImageFilter } from './filter.ts'
import { reversed, separable, type Boundary } from './boundary.ts'
import { pool, rightAngleRotations, SpecReader, type Pooling } from './spec.ts'

const LAWS_1D: Record<string, number[]> = {
  L3: [1, 2, 1], E3: [-1, 0, 1], S3: [-1, 2, -1],
  L5: [1, 4, 6, 4, 1], E5: [-1, -2, 0, 2, 1], S5: [-1, 0, 2, 0, -1], W5: [-1, 2, 0, -2, 1], R5: [1, -4, 6, -4, 1],
}

/** The normalised 1D factors of a Laws kernel name (x first). */
export function lawsFactors(name: string): Float64Array[] {
  const parts = name.match(/[A-Z]\d/g) ?? []
  if (parts.join('') !== name) throw new Error(`bad Laws kernel name ${name}`)
  return parts.map((p) => {
    const k = LAWS_1D[p]
    if (!k) throw new Error(`unknown Laws factor ${p}`)
    const norm = Math.sqrt(k.reduce((s, x) => s + x * x, 0))
    return Float64Array.from(k, (x) => x / norm)
  })
}

/** Responses of a separable kernel under every right-angle rotation (or just as given). */
export function rotatedSeparableResponses(data: Float64Array, dims: [number, number, number], factors: Float64Array[], rotationInvariant: boolean, b: Boundary): Float64Array[] {
  const planar = factors.length === 2
  const rots = rotationInvariant ? rightAngleRotations(planar) : [{ perm: planar ? [0, 1] : [0, 1, 2], flip: factors.map(() => false) }]
  return rots.map(({ perm, flip }) => {
    const k: [Float64Array | null, Float64Array | null, Float64Array | null] = [null, null, null]
    for (let i = 0; i < factors.length; i++) k[i] = flip[i] ? reversed(factors[perm[i]]) : factors[perm[i]]
    return separable(data, dims, k, b)
  })
}

export const lawsFilter: ImageFilter = {
  id: 'laws',
  title: 'Laws kernels',
  section: 'IBSI-2, Laws kernels',
  module: 'laws.ts',
  parameters: 'kernel (e.g. E5L5S5, L5S5 in 2D); rotationInvariant, pooling max|average; energyDistance δ (voxels, optional); boundary',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    const kernel = typeof spec.kernel === 'string' ? spec.kernel : ''
    let factors: Float64Array[] = []
    try { factors = lawsFactors(kernel) } catch { r.fail('kernel', 'must be 2 or 3 Laws factors from L3 E3 S3 L5 E5 S5 W5 R5, e.g. "E5L5S5"') }
    if (factors.length !== 2 && factors.length !== 3) r.fail('kernel', 'must have 2 (2D) or 3 (3D) factors')
    const out: Record<string, unknown> = { filter: 'laws', kernel, rotationInvariant: r.bool('rotationInvariant'), pooling: r.pooling(), boundary: r.common().boundary, dimensions: factors.length === 2 ? '2D' : '3D' }
    if (spec.energyDistance !== undefined) out.energyDistance = r.number('energyDistance', { min: 0, integer: true })
    return out as never
  },
  reach(_image, spec) {
    const factors = lawsFactors(spec.kernel as string)
    const r = Math.max(...factors.map((f) => (f.length - 1) / 2)) + ((spec.energyDistance as number | undefined) ?? 0)
    return [r, r, factors.length === 2 ? 0 : r]
  },
  apply(image, spec) {
    const b = spec.boundary as Boundary
    const factors = lawsFactors(spec.kernel as string)
    const responses = rotatedSeparableResponses(image.data, image.dims, factors, spec.rotationInvariant === true, b)
    let data = responses.length === 1 ? responses[0] : pool(responses, spec.pooling as Pooling)
    if (spec.energyDistance !== undefined) {
      const n = 2 * (spec.energyDistance as number) + 1
      const k = new Float64Array(n).fill(1 / n)
      const abs = data.map(Math.abs)
      data = separable(abs, image.dims, [k, k, factors.length === 2 ? null : k], b)
    }
    return { ...image, data }
  },
}
