// Otsu threshold as ITK's OtsuThresholdImageFilter (HistogramThresholdImageFilter +
// OtsuThresholdCalculator, ITK 5.2): a histogram of `bins` bins over [min, max + margin]
// of all voxels (ImageToHistogramFilter with automatic range, margin
// (max − min)/bins/100, bin bounds in single precision as itk::Statistics::Histogram),
// the single threshold bin maximising Σ ω_k μ_k² over bin mid-points (Otsu 1979), and
// the threshold = upper bound of that bin. Foreground = voxels strictly above it (as
// N4's usual recipe: OtsuThreshold(image, inside 0, outside 1, 200 bins)).

import type { Mask, Volume } from '../image/volume.ts'

const f32 = Math.fround

/** Bin lower bounds (and the upper bound of the last bin) of an ITK histogram over [lower, upper]. */
export function itkHistogramBounds(lower: number, upper: number, bins: number): { mins: Float64Array; maxs: Float64Array } {
  const interval = f32((f32(upper) - f32(lower)) / bins)
  const mins = new Float64Array(bins), maxs = new Float64Array(bins)
  for (let j = 0; j < bins; j++) {
    mins[j] = lower + f32(j * interval)
    maxs[j] = j === bins - 1 ? upper : lower + f32((j + 1) * interval)
  }
  return { mins, maxs }
}

/** Index of the bin holding v (mins ascending), −1 when outside [mins[0], maxs[last]). */
export function binOf(v: number, mins: Float64Array, maxs: Float64Array): number {
  const n = mins.length
  if (v < mins[0]) return -1
  if (v >= maxs[n - 1]) return v === maxs[n - 1] ? n - 1 : -1
  const width = (maxs[n - 1] - mins[0]) / n
  let j = Math.min(n - 1, Math.max(0, Math.floor((v - mins[0]) / width)))
  while (j > 0 && v < mins[j]) j--
  while (j < n - 1 && v >= maxs[j]) j++
  return j
}

/**
 * Adds to `counts` the bin (as binOf) of every value of `data` within [from, to]; returns
 * how many were counted. One pass over a Float32Array with the bin guessed from the
 * regular inner bins and corrected against the exact bounds, so that it gives binOf's
 * answer for every value (the outer bounds may be moved, as the histogram matcher does).
 */
export function addBinCounts(data: Float32Array, mins: Float64Array, maxs: Float64Array, counts: Float64Array, from = -Infinity, to = Infinity, range?: { min: number; max: number }): number {
  // integer intensities (as scanners store them) in a modest range: count each value, then bin the distinct values
  const perValue = range ? integerCounts(data, range.min, range.max) : null
  if (perValue) {
    let total = 0
    const one = new Float32Array(1), bin = new Float64Array(mins.length)
    for (let k = 0; k < perValue.length; k++) {
      if (perValue[k] === 0) continue
      one[0] = range!.min + k
      bin.fill(0)
      if (addBinCounts(one, mins, maxs, bin, from, to) === 0) continue
      for (let j = 0; j < bin.length; j++) if (bin[j]) counts[j] += perValue[k]
      total += perValue[k]
    }
    return total
  }
  const n = mins.length
  const lo = mins[0], top = maxs[n - 1]
  const gLo = n >= 3 ? mins[1] : lo
  const gInv = n >= 3 ? (n - 2) / (maxs[n - 2] - mins[1]) : n / (top - lo)
  const gOff = n >= 3 ? 1 : 0
  let total = 0
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v < from || v > to || v < lo) continue
    let j: number
    if (v >= top) {
      if (v !== top) continue
      j = n - 1
    } else {
      j = Math.floor((v - gLo) * gInv) + gOff
      if (!(j >= 0)) j = 0
      else if (j > n - 1) j = n - 1
      while (j > 0 && v < mins[j]) j--
      while (j < n - 1 && v >= maxs[j]) j++
    }
    counts[j]++
    total++
  }
  return total
}

/** Counts of each integer value min…max, or null when a value is not an integer (or the range is too wide). */
function integerCounts(data: Float32Array, min: number, max: number): Int32Array | null {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max - min > 1 << 20) return null
  const c = new Int32Array(max - min + 1)
  for (let i = 0; i < data.length; i++) {
    const v = data[i] - min
    const k = v | 0
    if (k !== v) return null
    c[k]++
  }
  return c
}

const asFloat32 = (d: ArrayLike<number>): Float32Array => (d instanceof Float32Array ? d : Float32Array.from(d))

export interface OtsuResult {
  threshold: number
  /** the histogram the threshold was chosen on */
  counts: Float64Array
  mins: Float64Array
  maxs: Float64Array
}

/**
 * Otsu threshold of a volume's voxels with ITK's histogram conventions.
 * @param data - voxel values
 * @param bins - number of histogram bins (ITK's N4 recipe uses 200)
 */
export function otsuThreshold(values: ArrayLike<number>, bins = 200): OtsuResult {
  // ITK's pixel type here is float: the voxel values as float32
  const data = asFloat32(values)
  let min = Infinity, max = -Infinity
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  const upper = max + (max - min) / bins / 100
  const { mins, maxs } = itkHistogramBounds(min, upper, bins)
  const counts = new Float64Array(bins)
  addBinCounts(data, mins, maxs, counts, -Infinity, Infinity, { min, max })
  const mid = new Float64Array(bins)
  for (let j = 0; j < bins; j++) mid[j] = (mins[j] + maxs[j]) / 2
  let total = 0, globalMean = 0
  for (let j = 0; j < bins; j++) {
    total += counts[j]
    globalMean += mid[j] * counts[j]
  }
  globalMean /= total
  // class 0 = bins 0..t, class 1 = the rest; incremental means as OtsuMultipleThresholdsCalculator
  let freq0 = counts[0]
  let mean0 = freq0 > 0 ? mid[0] : 0
  const classTwo = (f0: number, m0: number): [number, number] => {
    const f1 = total - f0
    const m1 = f1 > 0 ? (globalMean * total - m0 * f0) / f1 : 0
    return [f1, m1]
  }
  let [f1, m1] = classTwo(freq0, mean0)
  let best = (freq0 * mean0 * mean0 + f1 * m1 * m1) / total
  let bestT = 0
  for (let t = 1; t <= bins - 2; t++) {
    const fOld = freq0, mOld = mean0
    freq0 += counts[t]
    mean0 = freq0 > 0 ? (mOld * fOld + mid[t] * counts[t]) / freq0 : 0
    ;[f1, m1] = classTwo(freq0, mean0)
    const v = (freq0 * mean0 * mean0 + f1 * m1 * m1) / total
    if (v > best && Math.abs(v - best) > Math.abs(best) * 2.3e-16) {
      best = v
      bestT = t
    }
  }
  return { threshold: f32(maxs[bestT]), counts, mins, maxs }
}

/** Otsu foreground mask (voxels > threshold) on the image's grid. */
export function otsuMask(image: Volume, bins = 200): { mask: Mask; threshold: number } {
  const { threshold } = otsuThreshold(image.data, bins)
  const m = new Uint8Array(image.data.length)
  for (let i = 0; i < m.length; i++) m[i] = image.data[i] > threshold ? 1 : 0
  return { mask: { dims: [...image.dims], spacing: [...image.spacing], origin: [...image.origin], direction: [...image.direction], data: m }, threshold }
}
