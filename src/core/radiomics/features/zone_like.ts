// Features shared by the run-length (rlm, §3.7), size-zone (szm, §3.8), distance-zone
// (dzm, §3.9) and dependence (ngl, §3.11) matrices: a count matrix m_ij over grey level i
// and run length / zone size / distance / dependence count j. The IBSI tag of each entry
// differs by family; `names` gives them in the fixed order below.
//   [short emph, long emph, low grey emph, high grey emph, short-low, short-high, long-low,
//    long-high, glnu, glnu_norm, jnu, jnu_norm, percentage, gl_var, j_var, j_entr, (energy)]

export const ZONE_NAMES: Record<'rlm' | 'szm' | 'dzm' | 'ngl', string[]> = {
  rlm: ['sre', 'lre', 'lgre', 'hgre', 'srlge', 'srhge', 'lrlge', 'lrhge', 'glnu', 'glnu_norm', 'rlnu', 'rlnu_norm', 'r_perc', 'gl_var', 'rl_var', 'rl_entr'],
  szm: ['sze', 'lze', 'lgze', 'hgze', 'szlge', 'szhge', 'lzlge', 'lzhge', 'glnu', 'glnu_norm', 'zsnu', 'zsnu_norm', 'z_perc', 'gl_var', 'zs_var', 'zs_entr'],
  dzm: ['sde', 'lde', 'lgze', 'hgze', 'sdlge', 'sdhge', 'ldlge', 'ldhge', 'glnu', 'glnu_norm', 'zdnu', 'zdnu_norm', 'z_perc', 'gl_var', 'zd_var', 'zd_entr'],
  ngl: ['lde', 'hde', 'lgce', 'hgce', 'ldlge', 'ldhge', 'hdlge', 'hdhge', 'glnu', 'glnu_norm', 'dcnu', 'dcnu_norm', 'dc_perc', 'gl_var', 'dc_var', 'dc_entr', 'dc_energy'],
}

/**
 * Features of a count matrix (row-major ng × maxLen, column j−1 = length j).
 * `nv`: number of voxels behind the matrix (denominator of the percentage feature).
 */
export function zoneFeatures(counts: Float64Array, ng: number, maxLen: number, nv: number, names: string[]): Record<string, number> | null {
  let ns = 0
  const rowSum = new Float64Array(ng + 1)
  const colSum = new Float64Array(maxLen + 1)
  for (let i = 1; i <= ng; i++) {
    const base = (i - 1) * maxLen
    for (let j = 1; j <= maxLen; j++) {
      const c = counts[base + j - 1]
      if (c === 0) continue
      rowSum[i] += c
      colSum[j] += c
      ns += c
    }
  }
  if (ns === 0) return null
  let se = 0, le = 0, lge = 0, hge = 0, slge = 0, shge = 0, llge = 0, lhge = 0, muI = 0, muJ = 0, entr = 0, energy = 0
  for (let i = 1; i <= ng; i++) {
    if (rowSum[i] === 0) continue
    const base = (i - 1) * maxLen
    const i2 = i * i
    for (let j = 1; j <= maxLen; j++) {
      const c = counts[base + j - 1]
      if (c === 0) continue
      const j2 = j * j
      slge += c / (i2 * j2)
      shge += (c * i2) / j2
      llge += (c * j2) / i2
      lhge += c * i2 * j2
      const p = c / ns
      muI += i * p
      muJ += j * p
      entr -= p * Math.log2(p)
      energy += p * p
    }
  }
  let glnu = 0, jnu = 0, varI = 0, varJ = 0
  for (let i = 1; i <= ng; i++) {
    const r = rowSum[i]
    if (r === 0) continue
    lge += r / (i * i)
    hge += r * i * i
    glnu += r * r
    varI += (i - muI) * (i - muI) * (r / ns)
  }
  for (let j = 1; j <= maxLen; j++) {
    const c = colSum[j]
    if (c === 0) continue
    se += c / (j * j)
    le += c * j * j
    jnu += c * c
    varJ += (j - muJ) * (j - muJ) * (c / ns)
  }
  const vals = [se / ns, le / ns, lge / ns, hge / ns, slge / ns, shge / ns, llge / ns, lhge / ns, glnu / ns, glnu / (ns * ns), jnu / ns, jnu / (ns * ns), ns / nv, varI, varJ, entr, energy]
  const out: Record<string, number> = {}
  for (let t = 0; t < names.length; t++) out[names[t]] = vals[t]
  return out
}

/** Sum a list of count matrices of equal shape. */
export function sumMatrices(ms: Float64Array[]): Float64Array {
  const out = new Float64Array(ms[0].length)
  for (const m of ms) for (let t = 0; t < m.length; t++) out[t] += m[t]
  return out
}
