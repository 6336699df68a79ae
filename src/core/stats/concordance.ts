// Harrell's concordance between a risk score and right-censored survival, counted as
// R survival's concordance() does for a coxph fit (reverse = TRUE, timewt = "n"):
// a pair is comparable when the shorter time is an event (a censoring tied with an event
// time counts as the longer time, as in a Cox risk set); pairs of tied event times are
// tied.y (tied.xy when the scores tie too) and excluded; equal scores are tied.x, counting 1/2.
// C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).

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
  let conc = 0
  let disc = 0
  let tx = 0
  let ty = 0
  let txy = 0
  for (let i = 0; i < n; i++) {
    if (status[i] !== 1) continue
    const ti = time[i]
    const ri = risk[i]
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      const tj = time[j]
      if (tj < ti) continue
      if (tj === ti) {
        if (status[j] === 1) {
          // R counts a pair tied on both time and score as tied.xy, not tied.y
          if (j > i) {
            if (ri === risk[j]) txy++
            else ty++
          }
          continue
        }
      }
      const rj = risk[j]
      if (ri > rj) conc++
      else if (ri < rj) disc++
      else tx++
    }
  }
  const denom = conc + disc + tx
  return { concordant: conc, discordant: disc, tiedX: tx, tiedY: ty, tiedXY: txy, concordance: denom > 0 ? (conc + tx / 2) / denom : NaN }
}
