// NGTDM features (IBSI-1 §3.10, tags ngt_*): coarseness, contrast, busyness, complexity,
// strength from s_i (sum of absolute differences) and n_i (voxels with neighbours).

export const NGTDM_FEATURES = ['coarseness', 'contrast', 'busyness', 'complexity', 'strength'] as const

export function ngtdmFeatures(s: Float64Array, n: Float64Array): Record<string, number> | null {
  let nvc = 0
  for (let i = 0; i < n.length; i++) nvc += n[i]
  if (nvc === 0) return null
  const lv: number[] = [], p: number[] = [], ss: number[] = []
  for (let i = 0; i < n.length; i++) if (n[i] > 0) { lv.push(i + 1); p.push(n[i] / nvc); ss.push(s[i]) }
  const ngp = lv.length
  let sumPS = 0, sumS = 0
  for (let a = 0; a < ngp; a++) { sumPS += p[a] * ss[a]; sumS += ss[a] }
  let c1 = 0, busyDen = 0, complexity = 0, strengthNum = 0
  for (let a = 0; a < ngp; a++)
    for (let b = 0; b < ngp; b++) {
      const d = lv[a] - lv[b]
      c1 += p[a] * p[b] * d * d
      busyDen += Math.abs(lv[a] * p[a] - lv[b] * p[b])
      complexity += (Math.abs(d) * (p[a] * ss[a] + p[b] * ss[b])) / (p[a] + p[b])
      strengthNum += (p[a] + p[b]) * d * d
    }
  return {
    coarseness: sumPS > 0 ? 1 / sumPS : 1e6,
    contrast: ngp > 1 ? (c1 / (ngp * (ngp - 1))) * (sumS / nvc) : 0,
    busyness: busyDen > 0 ? sumPS / busyDen : 0,
    complexity: complexity / nvc,
    strength: sumS > 0 ? strengthNum / sumS : 0,
  }
}
