// GLCM features (IBSI-1 §3.6, tags cm_*), from one co-occurrence count matrix (Ng×Ng).
// Entropies in log2; Ng is the number of grey levels of the discretisation.

export const GLCM_FEATURES = [
  'joint_max', 'joint_avg', 'joint_var', 'joint_entr', 'diff_avg', 'diff_var', 'diff_entr', 'sum_avg', 'sum_var', 'sum_entr',
  'energy', 'contrast', 'dissimilarity', 'inv_diff', 'inv_diff_norm', 'inv_diff_mom', 'inv_diff_mom_norm', 'inv_var', 'corr',
  'auto_corr', 'clust_tend', 'clust_shade', 'clust_prom', 'info_corr1', 'info_corr2',
] as const

export function glcmFeatures(counts: Float64Array, ng: number): Record<string, number> | null {
  let total = 0
  for (let t = 0; t < counts.length; t++) total += counts[t]
  if (total === 0) return null
  // sparse list of non-zero cells
  const ii: number[] = [], jj: number[] = [], pp: number[] = []
  const px = new Float64Array(ng + 1)
  for (let i = 1; i <= ng; i++) {
    const row = (i - 1) * ng
    for (let j = 1; j <= ng; j++) {
      const c = counts[row + j - 1]
      if (c === 0) continue
      const p = c / total
      ii.push(i); jj.push(j); pp.push(p)
      px[i] += p
    }
  }
  const py = px // symmetric matrix
  const pDiff = new Float64Array(ng)
  const pSum = new Float64Array(2 * ng + 1)
  let jointMax = 0, mu = 0, energy = 0, contrast = 0, dissim = 0, invDiff = 0, invDiffNorm = 0, invDiffMom = 0, invDiffMomNorm = 0
  let autoCorr = 0, hxy = 0
  for (let t = 0; t < pp.length; t++) {
    const i = ii[t], j = jj[t], p = pp[t]
    const k = Math.abs(i - j)
    if (p > jointMax) jointMax = p
    mu += i * p
    energy += p * p
    contrast += k * k * p
    dissim += k * p
    invDiff += p / (1 + k)
    invDiffNorm += p / (1 + k / ng)
    invDiffMom += p / (1 + k * k)
    invDiffMomNorm += p / (1 + (k * k) / (ng * ng))
    autoCorr += i * j * p
    hxy -= p * Math.log2(p)
    pDiff[k] += p
    pSum[i + j] += p
  }
  let jointVar = 0, clustTend = 0, clustShade = 0, clustProm = 0, hxy1 = 0
  for (let t = 0; t < pp.length; t++) {
    const i = ii[t], j = jj[t], p = pp[t]
    jointVar += (i - mu) * (i - mu) * p
    const c = i + j - 2 * mu
    const c2 = c * c
    clustTend += c2 * p
    clustShade += c2 * c * p
    clustProm += c2 * c2 * p
    hxy1 -= p * Math.log2(px[i] * py[j])
  }
  let diffAvg = 0, diffEntr = 0, invVar = 0
  for (let k = 0; k < ng; k++) {
    const p = pDiff[k]
    if (p === 0) continue
    diffAvg += k * p
    diffEntr -= p * Math.log2(p)
    if (k > 0) invVar += p / (k * k)
  }
  let diffVar = 0
  for (let k = 0; k < ng; k++) if (pDiff[k] > 0) diffVar += (k - diffAvg) * (k - diffAvg) * pDiff[k]
  let sumAvg = 0, sumEntr = 0
  for (let k = 2; k <= 2 * ng; k++) {
    const p = pSum[k]
    if (p === 0) continue
    sumAvg += k * p
    sumEntr -= p * Math.log2(p)
  }
  let sumVar = 0
  for (let k = 2; k <= 2 * ng; k++) if (pSum[k] > 0) sumVar += (k - sumAvg) * (k - sumAvg) * pSum[k]
  let mux = 0, hx = 0
  for (let i = 1; i <= ng; i++) if (px[i] > 0) { mux += i * px[i]; hx -= px[i] * Math.log2(px[i]) }
  let varx = 0
  for (let i = 1; i <= ng; i++) if (px[i] > 0) varx += (i - mux) * (i - mux) * px[i]
  let hxy2 = 0
  for (let i = 1; i <= ng; i++) {
    if (px[i] === 0) continue
    for (let j = 1; j <= ng; j++) {
      if (py[j] === 0) continue
      const q = px[i] * py[j]
      hxy2 -= q * Math.log2(q)
    }
  }
  const corr = varx > 0 ? (autoCorr - mux * mux) / varx : NaN
  return {
    joint_max: jointMax, joint_avg: mu, joint_var: jointVar, joint_entr: hxy,
    diff_avg: diffAvg, diff_var: diffVar, diff_entr: diffEntr,
    sum_avg: sumAvg, sum_var: sumVar, sum_entr: sumEntr,
    energy, contrast, dissimilarity: dissim,
    inv_diff: invDiff, inv_diff_norm: invDiffNorm, inv_diff_mom: invDiffMom, inv_diff_mom_norm: invDiffMomNorm,
    inv_var: invVar, corr, auto_corr: autoCorr,
    clust_tend: clustTend, clust_shade: clustShade, clust_prom: clustProm,
    info_corr1: hx > 0 ? (hxy - hxy1) / hx : NaN,
    info_corr2: Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (hxy2 - hxy)))),
  }
}
