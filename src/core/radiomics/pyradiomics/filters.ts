// pyradiomics image types (imageoperations.get<Name>Image), pyradiomics-style:
// - Square, SquareRoot, Logarithm, Exponential: pyradiomics' range-preserving formulas;
// - LoG: sitk.LaplacianRecursiveGaussian, in recursive_gaussian.ts;
// - Wavelet: pyradiomics' _swt3 — odd axes padded by one wrapped voxel, one undecimated level of
//   PyWavelets swtn (periodization, filter applied at offset F/2) along x, y, z per level, each
//   further level re-decomposing the previous approximation with the same (non-dilated) filters;
//   names wavelet-XYZ with L/H per axis in x, y, z order, wavelet<n>- for levels after the first;
// - Gradient: gradient magnitude with central differences in mm (sitk.GradientMagnitude).
// Image names follow pyradiomics (log-sigma-3-0-mm-3D, wavelet-LLH, square, …).

import { InputError } from '../../errors.ts'
import type { Grid3 } from './preprocess.ts'
import type { PyrSettings } from './params.ts'

export interface FilteredImage { name: string; image: Grid3 }

function mapped(img: Grid3, f: (x: number) => number): Grid3 {
  const out = new Float64Array(img.data.length)
  for (let i = 0; i < out.length; i++) out[i] = f(img.data[i])
  return { ...img, data: out, integer: false }
}

function maxAbs(x: Float64Array): number {
  let m = 0
  for (let i = 0; i < x.length; i++) { const a = Math.abs(x[i]); if (a > m) m = a }
  return m
}

export function squareImage(img: Grid3): Grid3 {
  const c = 1 / Math.sqrt(maxAbs(img.data))
  return mapped(img, (x) => (c * x) ** 2)
}

export function squareRootImage(img: Grid3): Grid3 {
  const c = maxAbs(img.data)
  return mapped(img, (x) => (x > 0 ? Math.sqrt(x * c) : x < 0 ? -Math.sqrt(-x * c) : 0))
}

export function logarithmImage(img: Grid3): Grid3 {
  const m = maxAbs(img.data)
  const out = mapped(img, (x) => (x > 0 ? Math.log(x + 1) : x < 0 ? -Math.log(-(x - 1)) : 0))
  const m2 = maxAbs(out.data)
  if (m2 > 0) for (let i = 0; i < out.data.length; i++) out.data[i] *= m / m2
  return out
}

export function exponentialImage(img: Grid3): Grid3 {
  const m = maxAbs(img.data)
  const c = Math.log(m) / m
  return mapped(img, (x) => Math.exp(c * x))
}

export function gradientImage(img: Grid3, useSpacing: boolean): Grid3 {
  const [nx, ny, nz] = img.dims
  const x = img.data
  const out = new Float64Array(x.length)
  const sp = useSpacing ? img.spacing : [1, 1, 1]
  const strides = [1, nx, nx * ny]
  const n = [nx, ny, nz]
  const idx = [0, 0, 0]
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        idx[0] = i; idx[1] = j; idx[2] = k
        let g2 = 0
        for (let a = 0; a < 3; a++) {
          // itk::GradientMagnitudeImageFilter: central difference, zero-flux (edge value) outside
          const lo = idx[a] > 0 ? x[v - strides[a]] : x[v]
          const hi = idx[a] < n[a] - 1 ? x[v + strides[a]] : x[v]
          const d = (hi - lo) / (2 * sp[a])
          g2 += d * d
        }
        out[v] = Math.sqrt(g2)
      }
  return { ...img, data: out, integer: false }
}

// ---- separable convolution helpers ----------------------------------------------------------------

function mirror(i: number, n: number): number {
  if (n === 1) return 0
  const p = 2 * n
  i = ((i % p) + p) % p
  return i < n ? i : p - 1 - i // symmetric (edge-repeating) reflection, as scipy's "reflect"
}

/** Convolve along axis `a` with a kernel centred at index `c` (out[i] = Σ_t k[t] x[i + t − c]). */
function convolveAxis(x: Float64Array, dims: [number, number, number], a: number, kernel: Float64Array, c: number, wrap: boolean): Float64Array {
  const [nx, ny, nz] = dims
  const n = dims[a]
  const stride = a === 0 ? 1 : a === 1 ? nx : nx * ny
  const out = new Float64Array(x.length)
  const line = new Float64Array(n)
  const lines = a === 0 ? ny * nz : a === 1 ? nx * nz : nx * ny
  const K = kernel.length
  const idx = new Int32Array(n * K)
  for (let i = 0; i < n; i++) for (let t = 0; t < K; t++) { const q = i + t - c; idx[i * K + t] = wrap ? ((q % n) + n) % n : mirror(q, n) }
  for (let l = 0; l < lines; l++) {
    let base: number
    if (a === 0) base = l * nx
    else if (a === 1) base = (l % nx) + nx * ny * Math.floor(l / nx)
    else base = l
    for (let i = 0; i < n; i++) line[i] = x[base + i * stride]
    for (let i = 0; i < n; i++) {
      let s = 0
      const q0 = i - c
      if (q0 >= 0 && q0 + K <= n) for (let t = 0; t < K; t++) s += kernel[t] * line[q0 + t] // interior: no boundary lookup
      else for (let t = 0; t < K; t++) s += kernel[t] * line[idx[i * K + t]]
      out[base + i * stride] = s
    }
  }
  return out
}

// ---- wavelets -------------------------------------------------------------------------------------

/** Reconstruction low-pass filters (PyWavelets 1.1 rec_lo values); dec_lo = reversed, dec_hi[k] = (−1)^(k+1) rec_lo[k]. */
const REC_LO: Record<string, number[]> = {
  haar: [0.7071067811865476, 0.7071067811865476],
  db1: [0.7071067811865476, 0.7071067811865476],
  db2: [0.48296291314453416, 0.8365163037378079, 0.2241438680420134, -0.12940952255126037],
  db3: [0.33267055295008263, 0.8068915093110925, 0.45987750211849154, -0.13501102001025458, -0.08544127388202666, 0.03522629188570953],
  db4: [0.2303778133088965, 0.7148465705529157, 0.6308807679298589, -0.027983769416859854, -0.18703481171909309, 0.030841381835560764, 0.0328830116668852, -0.010597401785069032],
  sym2: [0.48296291314469025, 0.836516303737469, 0.22414386804185735, -0.12940952255092145],
  sym3: [0.3326705529509569, 0.8068915093133388, 0.4598775021193313, -0.13501102001039084, -0.08544127388224149, 0.035226291882100656],
  sym4: [0.0322231006040427, -0.012603967262037833, -0.09921954357684722, 0.29785779560527736, 0.8037387518059161, 0.49761866763201545, -0.02963552764599851, -0.07576571478927333],
  coif1: [-0.07273261951252645, 0.3378976624574818, 0.8525720202116004, 0.3848648468648578, -0.07273261951252645, -0.015655728135791993],
  coif2: [0.01638733646320364, -0.04146493678687178, -0.0673725547237256, 0.3861100668227629, 0.8127236354494135, 0.4170051844232391, -0.07648859907828076, -0.05943441864643109, 0.02368017194684777, 0.005611434819368834, -0.0018232088709110323, -0.000720549445520347],
}

/** Filter length of a supported wavelet (for the region a wavelet response depends on). */
export function waveletLength(name: string): number {
  return REC_LO[name]?.length ?? 2
}

export const SUPPORTED_WAVELETS = Object.keys(REC_LO)

function decFilters(name: string): { lo: Float64Array; hi: Float64Array } {
  const r = REC_LO[name]
  if (!r) throw new InputError(`wavelet "${name}" is not available here (available: ${SUPPORTED_WAVELETS.join(', ')})`, undefined, 'imageType.Wavelet.wavelet')
  const lo = Float64Array.from(r).reverse()
  const hi = Float64Array.from(r, (v, k) => (k % 2 === 0 ? -v : v))
  return { lo, hi }
}

/** One PyWavelets swt level (periodization) along an axis: out[o] = Σ_j f[j] x[(o + F/2 − j) mod N]. */
function swtAxis(x: Float64Array, dims: [number, number, number], a: number, f: Float64Array): Float64Array {
  const F = f.length
  // as a correlation kernel k[t] applied to x[o + t − c]: t − c = F/2 − j  →  k[t] = f[F − 1 − t] with c = F − 1 − F/2
  const k = Float64Array.from(f).reverse()
  return convolveAxis(x, dims, a, k, F - 1 - Math.floor(F / 2), true)
}

/** pyradiomics getWaveletImage: every band of each level and the last approximation. */
export function waveletImages(img: Grid3, s: PyrSettings): FilteredImage[] {
  const { lo, hi } = decFilters(s.wavelet)
  const [nx, ny, nz] = img.dims
  const pd: [number, number, number] = [nx + (nx % 2), ny + (ny % 2), nz + (nz % 2)]
  // pad odd axes with one wrapped voxel (numpy.pad 'wrap')
  let data: Float64Array = new Float64Array(pd[0] * pd[1] * pd[2])
  for (let k = 0; k < pd[2]; k++) for (let j = 0; j < pd[1]; j++) for (let i = 0; i < pd[0]; i++)
    data[i + pd[0] * (j + pd[1] * k)] = img.data[(i % nx) + nx * ((j % ny) + ny * (k % nz))]
  const crop = (d: Float64Array): Grid3 => {
    const out = new Float64Array(nx * ny * nz)
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[i + nx * (j + ny * k)] = d[i + pd[0] * (j + pd[1] * k)]
    return { dims: img.dims, spacing: img.spacing, data: out, integer: false }
  }
  const bands = (d: Float64Array): Map<string, Float64Array> => {
    let cur = new Map<string, Float64Array>([['', d]])
    for (let a = 0; a < 3; a++) {
      const next = new Map<string, Float64Array>()
      for (const [key, v] of cur) {
        next.set(key + 'L', swtAxis(v, pd, a, lo))
        next.set(key + 'H', swtAxis(v, pd, a, hi))
      }
      cur = next
    }
    return cur
  }
  for (let l = 0; l < s.start_level; l++) data = bands(data).get('LLL')!
  const out: FilteredImage[] = []
  for (let l = 0; l < s.level; l++) {
    const b = bands(data)
    const prefix = l === 0 ? 'wavelet' : `wavelet${l + 1}`
    for (const [key, v] of b) if (key !== 'LLL') out.push({ name: `${prefix}-${key}`, image: crop(v) })
    data = b.get('LLL')!
  }
  out.push({ name: s.level === 1 ? 'wavelet-LLL' : `wavelet${s.level}-LLL`, image: crop(data) })
  return out
}

/** pyradiomics' name of a LoG image: log-sigma-<str(sigma) with . → ->-mm-3D. */
export function logName(sigmaText: string): string {
  return `log-sigma-${sigmaText.replace('.', '-')}-mm-3D`
}

/** Python's str() of a YAML number that was written as a float (3.0 → "3.0") or an int (3 → "3"). */
export function pythonNumberText(v: number, writtenAsFloat: boolean): string {
  if (!writtenAsFloat) return String(v)
  return Number.isInteger(v) ? `${v}.0` : String(v)
}
