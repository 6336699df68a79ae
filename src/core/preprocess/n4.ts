// N4 bias-field correction as ITK's N4BiasFieldCorrectionImageFilter (ITK 5.2;
// Tustison et al., "N4ITK: improved N3 bias correction", IEEE TMI 2010), run with the
// usual SimpleITK recipe and the study's defaults:
//   1. mask = Otsu foreground of the full image (200 bins) unless one is given;
//   2. image and mask shrunk by 4 (ShrinkImageFilter);
//   3. in the log domain (log of masked positive voxels), per fitting level up to
//      `iterations` times until the coefficient of variation of exp(Δ log bias) in the
//      mask falls to `convergence`: sharpen the histogram of the current log image
//      (200 bins, Gaussian of FWHM 0.15 deconvolved with a Wiener filter, noise 0.01),
//      fit a cubic B-spline lattice to the residual (log image − sharpened) and add it
//      to the log-bias lattice; between levels the lattice is refined (4 control
//      points at level 0, 2c − 3 after each level);
//   4. the final lattice is evaluated on the full-resolution grid (parametric domain
//      stretched to it, as BSplineControlPointImageFilter with the input's geometry)
//      and the image divided by exp(log bias).
// Images are kept in float32 as ITK's RealType; reductions are done in double except
// where ITK's float accumulation decides control flow (the convergence measure).

import type { JobContext } from '../job.ts'
import { throwIfCancelled } from '../job.ts'
import { InputError } from '../errors.ts'
import type { Mask, Vec3, Volume } from '../image/volume.ts'
import { evaluateLattice, fitLattice, refineLattice, type Lattice } from './bspline_fit.ts'
import { fft } from '../math/fft.ts'
import { otsuMask } from './otsu.ts'
import { clampShrinkFactors, shrinkVolume } from './shrink.ts'

const f32 = Math.fround

export interface N4Options {
  /** shrink factor of the fitting grid (per axis clamped so that ≥ 2 voxels remain) */
  shrinkFactor?: number
  /** fitting levels (control points double per level) */
  levels?: number
  /** maximum iterations per level (one number for all levels, or one per level) */
  iterations?: number | number[]
  /** control points per axis at the first level */
  controlPoints?: number
  histogramBins?: number
  /** full width at half maximum of the Gaussian bias-field model (log intensity) */
  fwhm?: number
  wienerNoise?: number
  convergence?: number
  /** bins of the Otsu histogram for the default mask */
  otsuBins?: number
  /** foreground mask on the image's grid (non-zero = used); default Otsu foreground */
  mask?: Mask | null
}

export const N4_DEFAULTS = {
  shrinkFactor: 4,
  levels: 4,
  iterations: 50,
  controlPoints: 4,
  histogramBins: 200,
  fwhm: 0.15,
  wienerNoise: 0.01,
  convergence: 0.001,
  otsuBins: 200,
} as const

export interface N4LevelReport {
  level: number
  controlPoints: Vec3
  iterations: number
  convergence: number
  /** convergence measure after each iteration */
  trace: number[]
}

export interface N4Result {
  corrected: Volume<Float32Array>
  /** multiplicative bias field on the full grid (corrected = image / bias) */
  bias: Volume<Float32Array>
  /** the fitted log-bias control-point lattice */
  lattice: Lattice
  /** Otsu threshold when the mask was computed here */
  otsuThreshold: number | null
  maskVoxels: number
  shrinkFactors: Vec3
  shrunkDims: Vec3
  levels: N4LevelReport[]
}

/** Indices of the voxels where `mask` is set, ascending (the loops below visit them in ITK's order). */
export function maskIndices(mask: ArrayLike<number>): Int32Array {
  let n = 0
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++
  const out = new Int32Array(n)
  for (let i = 0, t = 0; i < mask.length; i++) if (mask[i]) out[t++] = i
  return out
}

/**
 * Histogram sharpening of the log image inside the mask (N4's SharpenImage): returns
 * the expected "true" log intensity E(u|v) of every masked voxel, 0 elsewhere.
 */
export function sharpenLogImage(
  image: Float32Array,
  mask: Uint8Array,
  bins: number,
  fwhm: number,
  wienerNoise: number,
  out: Float32Array = new Float32Array(image.length),
  inMask: Int32Array = maskIndices(mask),
): Float32Array {
  // ITK's min/max scan is an if / else-if: the first voxel only ever sets the maximum
  let binMax = -3.4028234663852886e38, binMin = 3.4028234663852886e38
  for (let t = 0; t < inMask.length; t++) {
    const p = image[inMask[t]]
    if (p > binMax) binMax = p
    else if (p < binMin) binMin = p
  }
  const slope = f32((binMax - binMin) / (bins - 1))
  const H = new Float64Array(bins)
  for (let t = 0; t < inMask.length; t++) {
    const cidx = f32((image[inMask[t]] - binMin) / slope)
    const idx = Math.floor(cidx)
    if (idx < 0) continue
    const offset = cidx - idx
    if (offset === 0) H[idx] += 1
    else if (idx < bins - 1) {
      H[idx] += 1 - offset
      H[idx + 1] += offset
    }
  }
  const exponent = Math.ceil(Math.log(bins) / Math.log(2)) + 1
  const size = Math.round(Math.pow(2, exponent))
  const hOff = Math.floor(0.5 * (size - bins))
  const Vr = new Float64Array(size), Vi = new Float64Array(size)
  for (let n = 0; n < bins; n++) Vr[n + hOff] = f32(H[n])
  fft(Vr, Vi, -1)
  // Gaussian of the bias field, in histogram-bin units
  const scaledFWHM = fwhm / slope
  const expFactor = (4 * Math.log(2)) / (scaledFWHM * scaledFWHM)
  const scaleFactor = (2 * Math.sqrt(Math.log(2) / Math.PI)) / scaledFWHM
  const Fr = new Float64Array(size), Fi = new Float64Array(size)
  Fr[0] = scaleFactor
  const half = Math.floor(0.5 * size)
  for (let n = 1; n <= half; n++) Fr[n] = Fr[size - n] = scaleFactor * Math.exp(-(n * n) * expFactor)
  if (size % 2 === 0) Fr[half] = scaleFactor * Math.exp(0.25 * -(size * size) * expFactor)
  fft(Fr, Fi, -1)
  // Wiener deconvolution G = conj(F)/(|F|² + noise); only its real part is applied (as ITK)
  const Ur = new Float64Array(size), Ui = new Float64Array(size)
  for (let n = 0; n < size; n++) {
    const cr = Fr[n], ci = -Fi[n]
    // c / (c·F + w), complex
    const dr = cr * Fr[n] - ci * Fi[n] + wienerNoise
    const di = cr * Fi[n] + ci * Fr[n]
    const den = dr * dr + di * di
    const gReal = (cr * dr + ci * di) / den
    Ur[n] = Vr[n] * gReal
    Ui[n] = Vi[n] * gReal
  }
  fft(Ur, Ui, 1)
  for (let n = 0; n < size; n++) {
    Ur[n] = Math.max(Ur[n], 0)
    Ui[n] = 0
  }
  // E(u|v) = (F ⋆ (u·U)) / (F ⋆ U)
  const Nr = new Float64Array(size), Ni = new Float64Array(size)
  for (let n = 0; n < size; n++) Nr[n] = (binMin + (n - hOff) * slope) * Ur[n]
  fft(Nr, Ni, -1)
  const Dr = Float64Array.from(Ur), Di = new Float64Array(size)
  fft(Dr, Di, -1)
  for (let n = 0; n < size; n++) {
    let r = Nr[n] * Fr[n] - Ni[n] * Fi[n]
    Ni[n] = Nr[n] * Fi[n] + Ni[n] * Fr[n]
    Nr[n] = r
    r = Dr[n] * Fr[n] - Di[n] * Fi[n]
    Di[n] = Dr[n] * Fi[n] + Di[n] * Fr[n]
    Dr[n] = r
  }
  fft(Nr, Ni, 1)
  fft(Dr, Di, 1)
  const E = new Float64Array(bins)
  for (let n = 0; n < bins; n++) E[n] = Dr[n + hOff] !== 0 ? f32(Nr[n + hOff] / Dr[n + hOff]) : 0
  out.fill(0)
  for (let t = 0; t < inMask.length; t++) {
    const i = inMask[t]
    const cidx = f32((image[i] - binMin) / slope)
    const idx = Math.floor(cidx)
    out[i] = idx >= 0 && idx < bins - 1 ? E[idx] + (E[idx + 1] - E[idx]) * (cidx - idx) : E[bins - 1]
  }
  return out
}

/**
 * Coefficient of variation of exp(a − b) over the mask, with ITK's mixed precision
 * (N4BiasFieldCorrectionImageFilter::CalculateConvergenceMeasurement, RealType = float):
 * mu, sigma, N and the pixel are floats, but the literals 1.0 make (N − 1.0)/N,
 * 1.0 − 1.0/N and the products with them double; each statement rounds to float on
 * assignment. Rounding 1 − 1/N to float instead (as a float-only loop would) biases the
 * running mean by ~1e-5 and the measure by ~1e-3 relative, enough to end a level early.
 */
export function convergenceMeasure(a: Float32Array, b: Float32Array, mask: Uint8Array, inMask: Int32Array = maskIndices(mask)): number {
  let mu = 0, sigma = 0, N = 0
  for (let t = 0; t < inMask.length; t++) {
    const i = inMask[t]
    const pixel = f32(Math.exp(f32(a[i] - b[i])))
    N = N + 1
    if (N > 1) {
      const d = f32(pixel - mu)
      sigma = f32(sigma + (f32(d * d) * (N - 1)) / N)
    }
    mu = f32(mu * (1 - 1 / N) + f32(pixel / N))
  }
  sigma = f32(Math.sqrt(sigma / (N - 1)))
  return f32(sigma / mu)
}

/**
 * N4 on a (shrunk) grid: log-bias lattice and per-level report. `logInput` holds
 * log(v) at masked positive voxels and v elsewhere, as ITK builds it.
 */
export function fitLogBias(
  logInput: Float32Array,
  mask: Uint8Array,
  dims: Vec3,
  opts: Required<Omit<N4Options, 'mask' | 'shrinkFactor' | 'otsuBins'>>,
  ctx?: JobContext,
): { lattice: Lattice; logBias: Float32Array; levels: N4LevelReport[] } {
  const n = logInput.length
  const iterations = typeof opts.iterations === 'number' ? new Array(opts.levels).fill(opts.iterations) : opts.iterations
  if (iterations.length !== opts.levels) throw new InputError(`N4: ${iterations.length} iteration counts given for ${opts.levels} levels; give one per level`)
  let logBias: Float32Array = new Float32Array(n)
  let logUncorrected = Float32Array.from(logInput)
  const sharpened = new Float32Array(n)
  const residual = new Float32Array(n)
  let lattice: Lattice | null = null
  const levels: N4LevelReport[] = []
  const inMask = maskIndices(mask)
  for (let level = 0; level < opts.levels; level++) {
    let it = 0
    let conv = Number.MAX_VALUE
    const trace: number[] = []
    // ITK compares the float measure with the float threshold
    const threshold = f32(opts.convergence)
    while (it++ < iterations[level] && conv > threshold) {
      throwIfCancelled(ctx)
      sharpenLogImage(logUncorrected, mask, opts.histogramBins, opts.fwhm, opts.wienerNoise, sharpened, inMask)
      // only masked voxels enter the fit (and the sharpening and the measure)
      for (let t = 0; t < inMask.length; t++) residual[inMask[t]] = logUncorrected[inMask[t]] - sharpened[inMask[t]]
      const cps: Vec3 = lattice ? lattice.dims : [opts.controlPoints, opts.controlPoints, opts.controlPoints]
      const phi = fitLattice(residual, mask, dims, cps)
      if (lattice) for (let c = 0; c < phi.data.length; c++) phi.data[c] = f32(lattice.data[c] + f32(phi.data[c]))
      else for (let c = 0; c < phi.data.length; c++) phi.data[c] = f32(phi.data[c])
      lattice = phi
      const newLogBias = evaluateLattice(lattice, dims, new Float32Array(n)) as Float32Array
      conv = convergenceMeasure(logBias, newLogBias, mask, inMask)
      trace.push(conv)
      logBias = newLogBias
      for (let t = 0; t < inMask.length; t++) logUncorrected[inMask[t]] = logInput[inMask[t]] - logBias[inMask[t]]
      ctx?.progress?.((level + it / iterations[level]) / opts.levels, `N4 level ${level + 1}/${opts.levels}, iteration ${it}`)
    }
    // iterations run (the loop condition post-increments once more when the measure converges)
    levels.push({ level, controlPoints: [...lattice!.dims] as Vec3, iterations: trace.length, convergence: conv, trace })
    ctx?.progress?.((level + 1) / opts.levels, `N4 level ${level + 1}/${opts.levels} done`)
    if (level !== opts.levels - 1) {
      lattice = refineLattice(lattice!)
      for (let c = 0; c < lattice.data.length; c++) lattice.data[c] = f32(lattice.data[c])
    }
  }
  return { lattice: lattice!, logBias, levels }
}

/**
 * N4 bias-field correction of a volume (defaults: the study's settings, see header).
 * @returns the corrected image, the multiplicative bias field and the fit's report
 */
export function n4BiasFieldCorrection(image: Volume, options: N4Options = {}, ctx?: JobContext): N4Result {
  const o = { ...N4_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<N4Options>
  if (!(o.levels >= 1) || !Number.isInteger(o.levels)) throw new InputError(`N4 levels must be a positive integer, got ${o.levels}`)
  if (!(o.controlPoints >= 4)) throw new InputError(`N4 needs at least 4 control points (spline order 3 + 1), got ${o.controlPoints}`)
  if (!(o.shrinkFactor >= 1)) throw new InputError(`N4 shrink factor must be ≥ 1, got ${o.shrinkFactor}`)
  const input: Volume<Float32Array> = { ...image, data: image.data instanceof Float32Array ? image.data : Float32Array.from(image.data) }
  let mask: Mask
  let otsuThreshold: number | null = null
  if (o.mask) {
    if (o.mask.data.length !== input.data.length) throw new InputError('N4 mask is not on the image grid; resample it onto the image first')
    mask = o.mask
  } else {
    const r = otsuMask(input, o.otsuBins)
    mask = r.mask
    otsuThreshold = r.threshold
  }
  const factors = clampShrinkFactors(input.dims, o.shrinkFactor)
  const small = shrinkVolume(input, factors)
  const smallMask = shrinkVolume(mask, factors)
  const m = new Uint8Array(smallMask.data.length)
  let maskVoxels = 0
  for (let i = 0; i < m.length; i++) if (smallMask.data[i]) (m[i] = 1), maskVoxels++
  if (maskVoxels < 64) throw new InputError(`N4: only ${maskVoxels} mask voxels remain on the shrunk grid; give a larger mask or a smaller shrink factor`)
  const logInput = Float32Array.from(small.data)
  for (let i = 0; i < m.length; i++) if (m[i] && logInput[i] > 0) logInput[i] = Math.log(logInput[i])
  const fit = fitLogBias(logInput, m, small.dims, o, ctx)
  // full-resolution bias from the final lattice on the input's grid
  const logFull = evaluateLattice(fit.lattice, input.dims, new Float32Array(input.data.length)) as Float32Array
  const bias = new Float32Array(logFull.length)
  const corrected = new Float32Array(logFull.length)
  for (let i = 0; i < bias.length; i++) {
    const b = Math.exp(logFull[i])
    bias[i] = b
    corrected[i] = input.data[i] / b
  }
  const grid = { dims: [...input.dims] as Vec3, spacing: [...input.spacing] as Vec3, origin: [...input.origin] as Vec3, direction: [...input.direction] }
  let fullMaskVoxels = 0
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) fullMaskVoxels++
  return {
    corrected: { ...grid, data: corrected },
    bias: { ...grid, data: bias },
    lattice: fit.lattice,
    otsuThreshold,
    maskVoxels: fullMaskVoxels,
    shrinkFactors: factors,
    shrunkDims: small.dims,
    levels: fit.levels,
  }
}
