// Log-rank (Mantel–Haenszel) test for k groups, as R survival's survdiff(rho = 0):
// observed and expected events per group, hypergeometric variance matrix, chi-square on
// the groups with expected > 0 minus one (solve on the variance without the first group),
// optionally stratified (sums of per-stratum O, E and V).

import { pchisq } from '../math/distributions.ts'
import { quadFormInverse } from '../math/linalg.ts'

export interface LogRank {
  groups: string[]
  n: number[]
  observed: number[]
  expected: number[]
  /** k × k variance matrix, row-major */
  variance: number[]
  chisq: number
  df: number
  p: number
}

/** Log-rank test; `group` labels each subject, `strata` (optional) each subject's stratum. */
export function logRank(time: ArrayLike<number>, status: ArrayLike<number>, group: string[], strata?: string[]): LogRank {
  const n = time.length
  const groups = [...new Set(group)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const k = groups.length
  const gi = group.map((g) => groups.indexOf(g))
  const obs = new Float64Array(k)
  const exp = new Float64Array(k)
  const V = new Float64Array(k * k)
  const nGroup = new Array(k).fill(0)
  for (const g of gi) nGroup[g]++
  const strataIds = strata ? [...new Set(strata)] : ['']
  for (const s of strataIds) {
    const members: number[] = []
    for (let i = 0; i < n; i++) if (!strata || strata[i] === s) members.push(i)
    members.sort((a, b) => time[a] - time[b])
    const atRisk = new Float64Array(k)
    for (const i of members) atRisk[gi[i]]++
    let total = members.length
    for (let m = 0; m < members.length; ) {
      const t = time[members[m]]
      const dg = new Float64Array(k)
      const leave = new Float64Array(k)
      let d = 0
      let e = m
      while (e < members.length && time[members[e]] === t) {
        const i = members[e]
        leave[gi[i]]++
        if (status[i] === 1) {
          dg[gi[i]]++
          d++
        }
        e++
      }
      if (d > 0) {
        for (let a = 0; a < k; a++) {
          obs[a] += dg[a]
          exp[a] += (d * atRisk[a]) / total
        }
        if (total > 1) {
          const f = (d * (total - d)) / (total * total * (total - 1))
          for (let a = 0; a < k; a++) {
            V[a * k + a] += f * atRisk[a] * (total - atRisk[a])
            for (let b = 0; b < k; b++) if (b !== a) V[a * k + b] -= f * atRisk[a] * atRisk[b]
          }
        }
      }
      for (let a = 0; a < k; a++) atRisk[a] -= leave[a]
      total -= e - m
      m = e
    }
  }
  const keep: number[] = []
  for (let a = 0; a < k; a++) if (exp[a] > 0) keep.push(a)
  let chisq = 0
  if (keep.length >= 2) {
    const sub = keep.slice(1)
    const q = sub.length
    const vv = new Float64Array(q * q)
    const diff = new Float64Array(q)
    for (let a = 0; a < q; a++) {
      diff[a] = obs[sub[a]] - exp[sub[a]]
      for (let b = 0; b < q; b++) vv[a * q + b] = V[sub[a] * k + sub[b]]
    }
    chisq = quadFormInverse(vv, q, diff).value
  }
  const df = keep.length - 1
  return {
    groups, n: nGroup, observed: Array.from(obs), expected: Array.from(exp), variance: Array.from(V),
    chisq, df, p: df > 0 ? pchisq(chisq, df, false) : df === 0 ? 1 : NaN, // as survdiff: 0 df → 1, no events (df −1) → NA
  }
}
