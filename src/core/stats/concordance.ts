// Harrell's concordance between a risk score and right-censored survival, counted as
// R survival's concordance() does for a coxph fit (reverse = TRUE, timewt = "n"):
// a pair is comparable when the shorter time is an event (a censoring tied with an event
// time counts as the longer time, as in a Cox risk set); pairs of tied event times are
// tied.y (tied.xy when the scores tie too) and excluded; equal scores are tied.x, counting 1/2.
// C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).
// O(n log n): subjects are swept from the longest time down, with a Fenwick tree of the
// score ranks of those still "later" (as survival's own C code does with its balanced tree).

import { denseRanks, orderDecreasing } from '../math/ranks.ts'

export interface ConcordanceCounts {
  concordant: number
  discordant: number
  tiedX: number
  tiedY: number
  tiedXY: number
  concordance: number
}

/** Harrell's C where a higher score means a higher risk (shorter survival). */
export function concordance(time: ArrayLike<number>, status: ArrayLike<number>, risk: ArrayLike<number>): ConcordanceCounts {
  const n = time.length
  // ranks of the distinct scores (1-based)
  const { rank, distinct: m } = denseRanks(risk)
  const tree = new Float64Array(m + 1)
  const add = (r: number) => {
    for (let i = r; i <= m; i += i & -i) tree[i]++
  }
  const below = (r: number) => {
    let s = 0
    for (let i = r; i > 0; i -= i & -i) s += tree[i]
    return s
  }
  const byTime = orderDecreasing(time)
  let inTree = 0
  let conc = 0
  let disc = 0
  let tx = 0
  let ty = 0
  let txy = 0
  const deadRanks = new Int32Array(n)
  for (let k = 0; k < n; ) {
    let e = k + 1
    while (e < n && time[byTime[e]] === time[byTime[k]]) e++
    // censorings at this time are "later" than the deaths at this time
    for (let q = k; q < e; q++) {
      const i = byTime[q]
      if (status[i] !== 1) {
        add(rank[i])
        inTree++
      }
    }
    let deaths = 0
    for (let q = k; q < e; q++) {
      const i = byTime[q]
      if (status[i] !== 1) continue
      const r = rank[i]
      deadRanks[deaths++] = r
      const lo = below(r - 1)
      const le = below(r)
      conc += lo
      tx += le - lo
      disc += inTree - le
    }
    if (deaths > 1) {
      // pairs of deaths at this time with equal scores are tied.xy
      const dr = deadRanks.subarray(0, deaths).sort()
      let xy = 0
      for (let q = 0; q < deaths; ) {
        let e2 = q + 1
        while (e2 < deaths && dr[e2] === dr[q]) e2++
        xy += ((e2 - q) * (e2 - q - 1)) / 2
        q = e2
      }
      txy += xy
      ty += (deaths * (deaths - 1)) / 2 - xy
    }
    for (let q = k; q < e; q++) {
      const i = byTime[q]
      if (status[i] === 1) {
        add(rank[i])
        inTree++
      }
    }
    k = e
  }
  const denom = conc + disc + tx
  return { concordant: conc, discordant: disc, tiedX: tx, tiedY: ty, tiedXY: txy, concordance: denom > 0 ? (conc + tx / 2) / denom : NaN }
}

/**
 * Concordance of a stratified model, as coxph reports it for strata(): pairs are compared
 * only within a stratum and the counts are summed over strata.
 */
export function concordanceWithin(time: ArrayLike<number>, status: ArrayLike<number>, risk: ArrayLike<number>, strata?: ArrayLike<number>): ConcordanceCounts {
  if (!strata) return concordance(time, status, risk)
  const groups = new Map<number, number[]>()
  for (let i = 0; i < time.length; i++) {
    const g = groups.get(strata[i])
    if (g) g.push(i)
    else groups.set(strata[i], [i])
  }
  const sum: ConcordanceCounts = { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0, concordance: NaN }
  for (const idx of groups.values()) {
    const c = concordance(idx.map((i) => time[i]), idx.map((i) => status[i]), idx.map((i) => risk[i]))
    sum.concordant += c.concordant
    sum.discordant += c.discordant
    sum.tiedX += c.tiedX
    sum.tiedY += c.tiedY
    sum.tiedXY += c.tiedXY
  }
  const denom = sum.concordant + sum.discordant + sum.tiedX
  sum.concordance = denom > 0 ? (sum.concordant + sum.tiedX / 2) / denom : NaN
  return sum
}
