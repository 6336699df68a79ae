// Multiple-testing adjustment of p-values, as R's p.adjust(): Benjamini–Hochberg ("BH",
// step-up cumulative minimum of n/i · p₍ᵢ₎), Bonferroni (n · p) and Holm (step-down).

export type AdjustMethod = 'BH' | 'bonferroni' | 'holm'

/** Adjusted p-values in the input order (NaN kept as NaN and not counted). */
export function pAdjust(p: ArrayLike<number>, method: AdjustMethod = 'BH'): Float64Array {
  const out = new Float64Array(p.length).fill(NaN)
  const idx: number[] = []
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) idx.push(i)
  const n = idx.length
  if (n === 0) return out
  if (method === 'bonferroni') {
    for (const i of idx) out[i] = Math.min(1, n * p[i])
    return out
  }
  if (method === 'holm') {
    const o = [...idx].sort((a, b) => p[a] - p[b])
    let run = 0
    o.forEach((i, k) => {
      run = Math.max(run, (n - k) * p[i])
      out[i] = Math.min(1, run)
    })
    return out
  }
  const o = [...idx].sort((a, b) => p[b] - p[a])
  let run = Infinity
  o.forEach((i, k) => {
    run = Math.min(run, (n / (n - k)) * p[i])
    out[i] = Math.min(1, run)
  })
  return out
}
