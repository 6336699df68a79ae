// The times of a Kaplan–Meier risk table: evenly spaced round numbers (steps of 1, 2, 2.5, 5
// or 10 × a power of ten) from 0 to the last follow-up time, about six intervals.

/** Evenly spaced "nice" times from 0 to at most maxTime, about `count` intervals. */
export function riskTimes(maxTime: number, count = 6): number[] {
  if (!(maxTime > 0)) return [0]
  const raw = maxTime / count
  const mag = Math.pow(10, Math.floor(Math.log10(raw)))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let t = 0; t <= maxTime + 1e-9; t += step) out.push(Math.round(t * 1e9) / 1e9)
  return out
}
