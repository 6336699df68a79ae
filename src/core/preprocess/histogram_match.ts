// Histogram matching as ITK's HistogramMatchingImageFilter (ITK 5.2; Nyúl & Udupa's
// piecewise-linear landmark mapping with quantile landmarks): histograms of
// `levels` bins (1,024) over [threshold, max] of source and reference, threshold =
// mean intensity (ThresholdAtMeanIntensity) with bin 0 stretched down to the image
// minimum; landmarks = threshold, the j/(points+1) quantiles (j = 1…points, 7 match
// points) and the maximum; intensities are mapped linearly between corresponding
// landmarks, below the threshold between (source min → reference min) and the
// threshold, above the maximum with the last segment's end. Measurements are single
// precision as the filter's default (the pixel type float).

import type { Volume } from '../image/volume.ts'
import { addBinCounts, itkHistogramBounds } from './otsu.ts'

const f32 = Math.fround

export interface HistogramMatchOptions {
  levels?: number
  matchPoints?: number
  thresholdAtMean?: boolean
}

export interface HistogramMatchModel {
  /** landmarks of the source and the reference: threshold, quantiles, maximum */
  sourceLandmarks: number[]
  referenceLandmarks: number[]
  sourceMin: number
  sourceMax: number
  referenceMin: number
  referenceMax: number
}

const asFloat32 = (d: ArrayLike<number>): Float32Array => (d instanceof Float32Array ? d : Float32Array.from(d))

function minMaxMean(data: Float32Array): { min: number; max: number; mean: number } {
  let min = data[0], max = min, sum = 0
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  return { min, max, mean: f32(sum / data.length) }
}

/** Quantile landmarks of an image's histogram over [threshold, max] (itk::Statistics::Histogram::Quantile). */
function quantileLandmarks(data: Float32Array, threshold: number, min: number, max: number, levels: number, points: number): number[] {
  const { mins, maxs } = itkHistogramBounds(threshold, max, levels)
  mins[0] = min
  maxs[levels - 1] = max
  const freq = new Float64Array(levels)
  const total = addBinCounts(data, mins, maxs, freq, threshold, max)
  const out: number[] = []
  for (let q = 1; q <= points; q++) {
    const p = q / (points + 1)
    let cumulated = 0
    if (p < 0.5) {
      let n = 0, pn = 0, pPrev = 0, fn = 0
      do {
        fn = freq[n]
        cumulated += fn
        pPrev = pn
        pn = cumulated / total
        n++
      } while (n < levels && pn < p)
      const lo = f32(mins[n - 1]), hi = f32(maxs[n - 1])
      out.push(lo + ((p - pPrev) / (fn / total)) * (hi - lo))
    } else {
      let n = levels - 1, m = 0, pn = 1, pPrev = 1, fn = 0
      do {
        fn = freq[n]
        cumulated += fn
        pPrev = pn
        pn = 1 - cumulated / total
        n--
        m++
      } while (m < levels && pn > p)
      const lo = f32(mins[n + 1]), hi = f32(maxs[n + 1])
      out.push(hi - ((pPrev - p) / (fn / total)) * (hi - lo))
    }
  }
  return out
}

/** The landmark tables matching `source` to `reference`. */
export function histogramMatchModel(sourceValues: ArrayLike<number>, referenceValues: ArrayLike<number>, options: HistogramMatchOptions = {}): HistogramMatchModel {
  // measurements in single precision (the filter's float pixel type)
  const source = asFloat32(sourceValues), reference = asFloat32(referenceValues)
  const levels = options.levels ?? 1024
  const points = options.matchPoints ?? 7
  const atMean = options.thresholdAtMean ?? true
  const s = minMaxMean(source), r = minMaxMean(reference)
  const sT = atMean ? s.mean : s.min, rT = atMean ? r.mean : r.min
  return {
    sourceLandmarks: [sT, ...quantileLandmarks(source, sT, s.min, s.max, levels, points), s.max],
    referenceLandmarks: [rT, ...quantileLandmarks(reference, rT, r.min, r.max, levels, points), r.max],
    sourceMin: s.min,
    sourceMax: s.max,
    referenceMin: r.min,
    referenceMax: r.max,
  }
}

const notAlmostZero = (d: number) => Math.abs(d) > 1e-12 * Math.max(1, Math.abs(d))

/** Apply a matching model to voxel values (ITK's piecewise-linear map). */
export function applyHistogramMatch(values: ArrayLike<number>, model: HistogramMatchModel): Float32Array {
  const data = values instanceof Float32Array || values instanceof Float64Array ? values : Float64Array.from(values)
  const S = model.sourceLandmarks, R = model.referenceLandmarks
  const last = S.length - 1
  const grad = S.slice(0, last).map((_, j) => (notAlmostZero(S[j + 1] - S[j]) ? (R[j + 1] - R[j]) / (S[j + 1] - S[j]) : 0))
  const lower = notAlmostZero(S[0] - model.sourceMin) ? (R[0] - model.referenceMin) / (S[0] - model.sourceMin) : 0
  const upper = notAlmostZero(S[last] - model.sourceMax) ? (R[last] - model.referenceMax) / (S[last] - model.sourceMax) : 0
  const out = new Float32Array(data.length)
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    let j = 0
    while (j <= last && !(v < S[j])) j++
    if (j === 0) out[i] = model.referenceMin + (v - model.sourceMin) * lower
    else if (j === last + 1) out[i] = model.referenceMax + (v - model.sourceMax) * upper
    else out[i] = R[j - 1] + (v - S[j - 1]) * grad[j - 1]
  }
  return out
}

/**
 * Match the histogram of `source` to `reference` (ITK's HistogramMatchingImageFilter
 * with 1,024 levels, 7 match points, threshold at the mean).
 * @returns the matched volume (float32, source grid) and the landmarks used
 */
export function histogramMatch(source: Volume, reference: Volume | ArrayLike<number>, options: HistogramMatchOptions = {}): { image: Volume<Float32Array>; model: HistogramMatchModel } {
  const refData = 'data' in (reference as Volume) ? (reference as Volume).data : (reference as ArrayLike<number>)
  const model = histogramMatchModel(source.data, refData, options)
  return { image: { ...source, data: applyHistogramMatch(source.data, model) }, model }
}
