// Intensity histogram features (IBSI-1 §3.4, tags ih_*) over the discretised levels 1..Ng.
// Mode: the most frequent level (ties: the lowest). Gradient: central differences of the
// histogram counts, one-sided at the ends, over every level 1..Ng.
import { descriptiveStatistics } from './statistics.ts'

export const IH_FEATURES = ['mean', 'var', 'skew', 'kurt', 'median', 'min', 'p10', 'p90', 'max', 'mode', 'iqr', 'range', 'mad', 'rmad', 'medad', 'cov', 'qcod', 'entropy', 'uniformity', 'max_grad', 'max_grad_g', 'min_grad', 'min_grad_g'] as const

export function histogramFeatures(levels: Float64Array, ng: number): Record<string, number> {
  const d = descriptiveStatistics(levels)
  const n = levels.length
  const H = new Float64Array(ng + 2)
  for (let t = 0; t < n; t++) H[levels[t]]++
  let mode = 1, best = -1, entropy = 0, uniformity = 0
  for (let i = 1; i <= ng; i++) {
    if (H[i] > best) { best = H[i]; mode = i }
    if (H[i] > 0) {
      const p = H[i] / n
      entropy -= p * Math.log2(p)
      uniformity += p * p
    }
  }
  let maxG = -Infinity, maxGi = 1, minG = Infinity, minGi = 1
  for (let i = 1; i <= ng; i++) {
    const g = ng === 1 ? 0 : i === 1 ? H[2] - H[1] : i === ng ? H[ng] - H[ng - 1] : (H[i + 1] - H[i - 1]) / 2
    if (g > maxG) { maxG = g; maxGi = i }
    if (g < minG) { minG = g; minGi = i }
  }
  return {
    mean: d.mean, var: d.var, skew: d.skew, kurt: d.kurt, median: d.median, min: d.min, p10: d.p10, p90: d.p90, max: d.max,
    mode, iqr: d.iqr, range: d.range, mad: d.mad, rmad: d.rmad, medad: d.medad, cov: d.cov, qcod: d.qcod,
    entropy, uniformity, max_grad: maxG, max_grad_g: maxGi, min_grad: minG, min_grad_g: minGi,
  }
}
