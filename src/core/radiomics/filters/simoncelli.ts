// Non-separable Simoncelli wavelet (IBSI-2 §"non-separable wavelets"; Portilla & Simoncelli
// 2000): a radial band-pass transfer function ψ(ν) = cos(π/2 · log2(2ν/ν_j)) for
// ν_j/4 ≤ ν ≤ ν_j, 0 elsewhere, with ν the norm of the normalised frequency (±1 at the grid ends, see normalisedFrequency) and
// ν_j = 2^{1−j} at decomposition level j. Applied by FFT on the image grid (periodic; see
// imageSpectrum). Response: the
// real part (the sampled grid is not conjugate-symmetric). 2D: the transfer function of the two in-plane frequencies on every axial slice.
import type { ImageFilter } from './filter.ts'
import { filterSpectrum, spectrum, type Dims, type Spectrum } from './fourier.ts'
import { SpecReader } from './spec.ts'

/**
 * Normalised frequency of FFT bin m on an axis of n bins, as the IBSI-2 reference implementation
 * samples it: the centred grid (c − (n−1)/2)/((n−1)/2), c = 0 … n−1 (±1 at the ends), moved to
 * FFT order by ifftshift (c = (m + ⌊n/2⌋) mod n). For even n it is offset by half a bin from
 * 2·m/n; phase 1 maps 8.a.* are reproduced with this grid (8.a.2 to 5e-8 of the range) and not
 * with the symmetric one (2.5 % off).
 */
export function normalisedFrequency(m: number, n: number): number {
  if (n === 1) return 0
  return (((m + Math.floor(n / 2)) % n) - (n - 1) / 2) / ((n - 1) / 2)
}
const nuOf = normalisedFrequency
/** Frequency norm per FFT bin of a spectrum (one slice's bins when planar). */
export function frequencyNorm(s: Spectrum): Float64Array {
  const [fx, fy, fz] = s.dims
  const nz = s.planar ? 1 : fz
  const out = new Float64Array(fx * fy * nz)
  let o = 0
  for (let k = 0; k < nz; k++) {
    const wz = s.planar ? 0 : nuOf(k, fz)
    for (let j = 0; j < fy; j++) {
      const wy = nuOf(j, fy)
      for (let i = 0; i < fx; i++, o++) { const wx = nuOf(i, fx); out[o] = Math.sqrt(wx * wx + wy * wy + wz * wz) }
    }
  }
  return out
}

export function simoncelliTransfer(nu: Float64Array, level: number): Float64Array {
  const top = 2 ** (1 - level)
  return nu.map((v) => (v >= top / 4 && v <= top ? Math.cos((Math.PI / 2) * Math.log2((2 * v) / top)) : 0))
}

/**
 * Spectrum of the image on its own grid (no padding). The transfer function is sampled on the
 * image's frequency grid, which makes the filter periodic whatever boundary condition is named,
 * as in the IBSI-2 reference implementation: the phase 2 consensus (8.A, 9.A) is reproduced this
 * way (stat_qcod of 8.A misses its tolerance with mirror padding).
 */
export function imageSpectrum(data: Float64Array, dims: Dims, planar: boolean): Spectrum {
  return spectrum(data, dims, [0, 0, 0], 'periodic', planar, true)
}

export const simoncelliFilter: ImageFilter = {
  id: 'simoncelli',
  title: 'Simoncelli wavelet (non-separable)',
  section: 'IBSI-2, non-separable wavelets',
  module: 'simoncelli.ts',
  parameters: 'level ≥ 1; dimensions 2D|3D; boundary (the filter is periodic on the image grid)',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    return { filter: 'simoncelli', level: r.number('level', { min: 1, integer: true, def: 1 }), ...r.common() }
  },
  apply(image, spec) {
    const s = imageSpectrum(image.data, image.dims, spec.dimensions === '2D')
    const h = simoncelliTransfer(frequencyNorm(s), spec.level as number)
    return { ...image, data: filterSpectrum(s, h, null).re }
  },
}
