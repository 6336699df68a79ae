// The study's MRI preprocessing of one sequence, in its order: resample (to 1×1×4 mm
// or onto another image's grid) → N4 bias-field correction → histogram matching to a
// reference image → linear rescaling to [−10,000, 10,000]. Each step is optional;
// the result carries a plain report per step.

import type { JobContext } from '../job.ts'
import { subContext, throwIfCancelled } from '../job.ts'
import type { Mask, Vec3, Volume } from '../image/volume.ts'
import { n4BiasFieldCorrection, type N4LevelReport, type N4Options } from './n4.ts'
import { histogramMatch, type HistogramMatchModel, type HistogramMatchOptions } from './histogram_match.ts'
import { finiteRange, rescaleIntensity } from './rescale.ts'
import { resampleMask, resampleOntoGrid, resampleToSpacing, type Interpolation } from './resample.ts'
import type { Grid } from '../image/volume.ts'
import { applyNyul, type NyulModel } from './nyul.ts'

export interface PreprocessOptions {
  /** target spacing (mm) … */
  spacing?: Vec3 | null
  /** … or a grid to resample onto (takes precedence) */
  referenceGrid?: Grid | null
  interpolation?: Interpolation
  /** N4 settings; null/undefined skips N4 */
  n4?: N4Options | null
  /** reference intensities for histogram matching (a volume's data); null skips it */
  matchTo?: ArrayLike<number> | null
  match?: HistogramMatchOptions
  /** Nyúl–Udupa model, applied instead of histogram matching when given */
  nyul?: NyulModel | null
  /** rescale range; null skips it */
  rescale?: [number, number] | null
}

export type StepReport =
  | { step: 'resample'; seconds: number; interpolation: Interpolation; dims: Vec3; spacing: Vec3 }
  | { step: 'n4'; seconds: number; otsuThreshold: number | null; maskVoxels: number; shrinkFactors: Vec3; levels: N4LevelReport[]; biasMin: number; biasMax: number }
  | { step: 'match'; seconds: number; model: HistogramMatchModel }
  | { step: 'nyul'; seconds: number }
  | { step: 'rescale'; seconds: number; range: [number, number] }

export interface PreprocessResult {
  image: Volume<Float32Array>
  /** multiplicative bias on the N4 grid (after resampling), when N4 ran */
  bias: Volume<Float32Array> | null
  steps: StepReport[]
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

/**
 * Run the preprocessing steps on one volume (see the header for the order).
 * @param image - input volume
 * @param opts - which steps to run and their settings
 * @param ctx - progress (N4 takes most of it) and cancellation
 */
export function preprocessVolume(image: Volume, opts: PreprocessOptions, ctx?: JobContext): PreprocessResult {
  const steps: StepReport[] = []
  let bias: Volume<Float32Array> | null = null
  const interpolation = opts.interpolation ?? 'linear'
  const resample = !!(opts.referenceGrid || opts.spacing)
  // resampling reads the stored voxels (integers are exact in its double arithmetic): no float32 copy of the input first
  let cur: Volume<Float32Array> = resample || image.data instanceof Float32Array ? (image as Volume<Float32Array>) : { ...image, data: Float32Array.from(image.data) }
  if (resample) {
    ctx?.progress?.(0, 'resampling')
    const t = now()
    cur = opts.referenceGrid ? resampleOntoGrid(image, opts.referenceGrid, interpolation) : resampleToSpacing(image, opts.spacing!, interpolation)
    steps.push({ step: 'resample', seconds: (now() - t) / 1000, interpolation, dims: [...cur.dims], spacing: [...cur.spacing] })
  }
  throwIfCancelled(ctx)
  if (opts.n4) {
    const t = now()
    const n4opts: N4Options = { ...opts.n4 }
    if (n4opts.mask && n4opts.mask.data.length !== cur.data.length) n4opts.mask = resampleMask(n4opts.mask as Mask, cur, 'nearest')
    const r = n4BiasFieldCorrection(cur, n4opts, subContext(ctx, 0.05, 0.9))
    cur = r.corrected
    bias = r.bias
    const bs = finiteRange(r.bias.data)
    steps.push({ step: 'n4', seconds: (now() - t) / 1000, otsuThreshold: r.otsuThreshold, maskVoxels: r.maskVoxels, shrinkFactors: r.shrinkFactors, levels: r.levels, biasMin: bs.min, biasMax: bs.max })
  }
  throwIfCancelled(ctx)
  if (opts.nyul) {
    ctx?.progress?.(0.92, 'Nyúl standardisation')
    const t = now()
    cur = applyNyul(cur, opts.nyul)
    steps.push({ step: 'nyul', seconds: (now() - t) / 1000 })
  } else if (opts.matchTo) {
    ctx?.progress?.(0.92, 'histogram matching')
    const t = now()
    const r = histogramMatch(cur, opts.matchTo, opts.match)
    cur = r.image
    steps.push({ step: 'match', seconds: (now() - t) / 1000, model: r.model })
  }
  if (opts.rescale) {
    const t = now()
    cur = rescaleIntensity(cur, opts.rescale)
    steps.push({ step: 'rescale', seconds: (now() - t) / 1000, range: [...opts.rescale] as [number, number] })
  }
  ctx?.progress?.(1, 'done')
  return { image: cur, bias, steps }
}
