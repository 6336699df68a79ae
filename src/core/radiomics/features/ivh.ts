// Intensity-volume histogram features (IBSI-1 §3.5, tags ivh_*). Intensities X (bin centres
// after the IVH discretisation, or the intensities themselves) give the intensity fraction
// γ = (X − Xmin)/(Xmax − Xmin) and the volume fraction ν(X) = fraction of voxels with intensity ≥ X.
//   V_x: ν at γ ≥ x (fraction of the volume with at least x of the intensity range)
//   I_x: the smallest intensity whose ν is at most x

export const IVH_FEATURES = ['v10', 'v90', 'i10', 'i90', 'diff_v10_v90', 'diff_i10_i90', 'auc'] as const

/**
 * @param x intensities of the ROI voxels (bin centres when discretised)
 * @param lo,hi the intensity range behind γ (re-segmentation bounds or ROI min/max)
 * @param step spacing between possible intensities (bin width; 1 for integer intensities)
 */
export function ivhFeatures(x: Float64Array, lo: number, hi: number, step: number): Record<string, number> {
  const n = x.length
  const sorted = new Float64Array(x).sort()
  // ν(X) for each distinct X: fraction of voxels ≥ X
  const range = hi - lo
  const volumeAt = (frac: number): number => {
    // fraction of voxels with γ ≥ frac
    const thr = lo + frac * range
    let a = 0, b = n
    while (a < b) { const m = (a + b) >> 1; if (sorted[m] < thr - 1e-9 * Math.max(1, Math.abs(thr))) a = m + 1; else b = m }
    return (n - a) / n
  }
  // I_x runs over every possible intensity lo, lo + step, … (not only those present)
  const intensityAt = (frac: number): number => {
    const nb = Math.round(range / step)
    for (let t = 0; t <= nb; t++) {
      const X = lo + t * step
      if (volumeAt(t / Math.max(nb, 1)) <= frac) return X
    }
    return hi + step
  }
  const v10 = volumeAt(0.1), v90 = volumeAt(0.9)
  const i10 = intensityAt(0.1), i90 = intensityAt(0.9)
  // area under the IVH curve over γ (trapezoids between consecutive possible intensities)
  let auc = 0
  if (range > 0) {
    const nb = Math.round(range / step)
    let prev = volumeAt(0)
    for (let t = 1; t <= nb; t++) {
      const cur = volumeAt(t / nb)
      auc += ((prev + cur) / 2) * (1 / nb)
      prev = cur
    }
  }
  return { v10, v90, i10, i90, diff_v10_v90: v10 - v90, diff_i10_i90: i10 - i90, auc }
}
