// Intensity histograms and flatness measures for the preprocessing step's before/after
// views: a fixed-bin histogram over an image's own range, the coefficient of variation
// of one tissue class (a flat field leaves a homogeneous tissue with a small CV), and
// the mid-slice of a volume for a quick 2D preview.

import type { Volume } from '../image/volume.ts'

export interface IntensityHistogram {
  /** bin lower edges, then the upper edge of the last bin (bins + 1 numbers) */
  edges: number[]
  counts: number[]
}

/**
 * Histogram of voxel values in `bins` equal bins over [min, max] (optionally only where mask ≠ 0).
 * @example intensityHistogram([0, 1, 1, 2], 2).counts // → [1, 3]
 */
export function intensityHistogram(data: ArrayLike<number>, bins = 64, mask?: ArrayLike<number>): IntensityHistogram {
  let lo = Infinity, hi = -Infinity
  for (let i = 0; i < data.length; i++) {
    if (mask && !mask[i]) continue
    const v = data[i]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (!(hi >= lo)) return { edges: [0, 1], counts: [0] }
  const width = hi > lo ? (hi - lo) / bins : 1
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < data.length; i++) {
    if (mask && !mask[i]) continue
    counts[Math.min(bins - 1, Math.floor((data[i] - lo) / width))]++
  }
  return { edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * width), counts }
}

/** Coefficient of variation (SD / mean) of the voxels where labels == label. */
export function tissueCv(data: ArrayLike<number>, labels: ArrayLike<number>, label: number): number {
  let n = 0, s = 0, ss = 0
  for (let i = 0; i < data.length; i++) {
    if (labels[i] !== label) continue
    const v = data[i]
    n++
    s += v
    ss += v * v
  }
  if (n < 2) return NaN
  const mean = s / n
  return Math.sqrt(Math.max(0, (ss - n * mean * mean) / (n - 1))) / mean
}

/** Pearson correlation of log(a) and log(b) where mask ≠ 0 and both are positive. */
export function logCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, mask: ArrayLike<number>): number {
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0
  for (let i = 0; i < a.length; i++) {
    if (!mask[i] || !(a[i] > 0) || !(b[i] > 0)) continue
    const x = Math.log(a[i]), y = Math.log(b[i])
    n++
    sa += x
    sb += y
    saa += x * x
    sbb += y * y
    sab += x * y
  }
  const cov = sab / n - (sa / n) * (sb / n)
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2))
}

/** The middle axial slice (k = ⌊nz/2⌋) of a volume, x fastest. */
export function midSlice(v: Volume): { width: number; height: number; data: Float32Array } {
  const [nx, ny, nz] = v.dims
  const k = Math.floor(nz / 2)
  return { width: nx, height: ny, data: Float32Array.from(v.data.subarray(k * nx * ny, (k + 1) * nx * ny) as ArrayLike<number>) }
}
