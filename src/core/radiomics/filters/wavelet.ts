// Separable wavelets (IBSI-2 §"separable wavelets"): the undecimated (stationary, à trous)
// transform with Daubechies, Coiflet and Haar filters. A band name gives the filter per axis
// (x first): L the decomposition low-pass, H the high-pass. Level j > 1 first applies the
// low-pass along every axis for levels 1 … j−1 (the kernels gaining a zero between taps at each
// level), then the band filters of level j. Rotation invariance averages (or max-pools) the
// response over the right-angle rotations (each rotation reverses the factors it flips).
// Filter taps as PyWavelets' dec_lo; dec_hi[k] = (−1)^(k+1) dec_lo[N−1−k].
import type { ImageFilter } from './filter.ts'
import { aTrous, oddKernel, reversed, separable, type Boundary } from './boundary.ts'
import { pool, rightAngleRotations, SpecReader, type Pooling } from './spec.ts'

const S3 = Math.sqrt(3), R2 = Math.SQRT2
export const WAVELET_LOW_PASS: Record<string, number[]> = {
  haar: [1 / R2, 1 / R2],
  db2: [(1 - S3) / (4 * R2), (3 - S3) / (4 * R2), (3 + S3) / (4 * R2), (1 + S3) / (4 * R2)],
  db3: [0.035226291882100656, -0.08544127388224149, -0.13501102001039084, 0.4598775021193313, 0.8068915093133388, 0.3326705529509569],
  coif1: [-0.01565572813546454, -0.0727326195128539, 0.38486484686420286, 0.8525720202122554, 0.3378976624578092, -0.0727326195128539],
}

export function waveletFilters(family: string): { lo: Float64Array; hi: Float64Array } {
  const lo = Float64Array.from(WAVELET_LOW_PASS[family])
  const N = lo.length
  const hi = Float64Array.from(lo, (_, k) => (k % 2 === 0 ? -1 : 1) * lo[N - 1 - k])
  return { lo, hi }
}

/** Response of one band at one level for one rotation. */
function bandResponse(data: Float64Array, dims: [number, number, number], band: string, family: string, level: number, perm: number[], flip: boolean[], b: Boundary): Float64Array {
  const { lo, hi } = waveletFilters(family)
  const D = band.length
  // per output axis: the band factor of the source axis, reversed when flipped
  // (an even filter gets its trailing zero first, so a flip turns the kernel about the centre voxel)
  let bandK = Array.from({ length: D }, (_, i) => { const f = oddKernel(band[perm[i]] === 'L' ? lo : hi); return flip[i] ? reversed(f) : f })
  let preK = Array.from({ length: D }, (_, i) => (flip[i] ? reversed(oddKernel(lo)) : oddKernel(lo)))
  let v = data
  for (let j = 1; j < level; j++) {
    v = separable(v, dims, [preK[0], preK[1], D === 3 ? preK[2] : null], b)
    preK = preK.map(aTrous)
    bandK = bandK.map(aTrous)
  }
  return separable(v, dims, [bandK[0], bandK[1], D === 3 ? bandK[2] : null], b)
}

export const waveletFilter: ImageFilter = {
  id: 'wavelet',
  title: 'Separable wavelets (undecimated)',
  section: 'IBSI-2, separable wavelets',
  module: 'wavelet.ts',
  parameters: 'wavelet haar|db2|db3|coif1; band (e.g. LHL, LH in 2D); level ≥ 1; rotationInvariant, pooling max|average; boundary',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    const band = typeof spec.band === 'string' ? spec.band.toUpperCase() : ''
    if (!/^[LH]{2,3}$/.test(band)) r.fail('band', 'must be 2 (2D) or 3 (3D) letters L/H, e.g. "LHL"')
    return {
      filter: 'wavelet', wavelet: r.oneOf('wavelet', Object.keys(WAVELET_LOW_PASS)), band, level: r.number('level', { min: 1, integer: true, def: 1 }),
      rotationInvariant: r.bool('rotationInvariant'), pooling: r.pooling(), boundary: r.common().boundary, dimensions: band.length === 2 ? '2D' : '3D',
    }
  },
  reach(_image, spec) {
    const c = (oddKernel(WAVELET_LOW_PASS[spec.wavelet as string]).length - 1) / 2
    let r = 0
    for (let j = 1; j <= (spec.level as number); j++) r += c * 2 ** (j - 1)
    return [r, r, (spec.band as string).length === 2 ? 0 : r]
  },
  apply(image, spec) {
    const band = spec.band as string
    const planar = band.length === 2
    const rots = spec.rotationInvariant ? rightAngleRotations(planar) : [{ perm: planar ? [0, 1] : [0, 1, 2], flip: planar ? [false, false] : [false, false, false] }]
    const maps = rots.map(({ perm, flip }) => bandResponse(image.data, image.dims, band, spec.wavelet as string, spec.level as number, perm, flip, spec.boundary as Boundary))
    return { ...image, data: maps.length === 1 ? maps[0] : pool(maps, spec.pooling as Pooling) }
  },
}
