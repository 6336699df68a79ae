// Intensity statistics (IBSI-1 §3.3, tags stat_*) over the re-segmented ROI intensities,
// and the same statistics over discretised levels for the intensity histogram (§3.4, ih_*).
// Percentiles interpolate linearly between order statistics (numpy's default, as IBSI's
// reference implementations); variance and moments are population moments.

import { quantileSorted } from '../../math/quantiles.ts'

function meanAbsDev(x: Float64Array, centre: number, from = 0, to = x.length): number {
  let s = 0
  for (let i = from; i < to; i++) s += Math.abs(x[i] - centre)
  return s / (to - from)
}

/** The statistics shared by stat_* and ih_* (values need not be sorted; a sorted copy is made). */
export function descriptiveStatistics(values: Float64Array): Record<string, number> {
  const x = new Float64Array(values).sort()
  const n = x.length
  let s = 0, e = 0
  for (let i = 0; i < n; i++) { s += x[i]; e += x[i] * x[i] }
  const mean = s / n
  let m2 = 0, m3 = 0, m4 = 0
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean, d2 = d * d
    m2 += d2; m3 += d2 * d; m4 += d2 * d2
  }
  m2 /= n; m3 /= n; m4 /= n
  const p10 = quantileSorted(x, 0.1), p25 = quantileSorted(x, 0.25), p75 = quantileSorted(x, 0.75), p90 = quantileSorted(x, 0.9)
  const median = quantileSorted(x, 0.5)
  // robust MAD: voxels with p10 ≤ x ≤ p90
  let a = 0
  while (a < n && x[a] < p10) a++
  let b = n
  while (b > a && x[b - 1] > p90) b--
  let rs = 0
  for (let i = a; i < b; i++) rs += x[i]
  const rmean = rs / (b - a)
  return {
    mean,
    var: m2,
    skew: m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0,
    kurt: m2 > 0 ? m4 / (m2 * m2) - 3 : 0,
    median,
    min: x[0],
    p10,
    p90,
    max: x[n - 1],
    iqr: p75 - p25,
    range: x[n - 1] - x[0],
    mad: meanAbsDev(x, mean),
    rmad: meanAbsDev(x, rmean, a, b),
    medad: meanAbsDev(x, median),
    cov: Math.sqrt(m2) / mean,
    qcod: (p75 - p25) / (p75 + p25),
    energy: e,
    rms: Math.sqrt(e / n),
    p25,
    p75,
    sd: Math.sqrt(m2),
  }
}

export const STAT_FEATURES = ['mean', 'var', 'skew', 'kurt', 'median', 'min', 'p10', 'p90', 'max', 'iqr', 'range', 'mad', 'rmad', 'medad', 'cov', 'qcod', 'energy', 'rms'] as const

/** stat_* features of the ROI intensities; `extended` adds sd, p25 and p75 (used by the paper preset). */
export function intensityStatistics(values: Float64Array, extended = false): Record<string, number> {
  const d = descriptiveStatistics(values)
  const out: Record<string, number> = {}
  for (const k of STAT_FEATURES) out[k] = d[k]
  if (extended) { out.sd = d.sd; out.p25 = d.p25; out.p75 = d.p75 }
  return out
}
