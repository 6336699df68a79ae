// Mean and sum of squared deviations of a strided run of numbers, two-pass (as R's mean and
// var/sd/scale: first the mean, then Σ (x − mean)²), for the row and column statistics of the engines.

/** Mean and Σ (x − mean)² of data[start + t·stride], t = 0..n−1. */
export function meanAndSs(data: ArrayLike<number>, start: number, stride: number, n: number): { mean: number; ss: number } {
  let s = 0
  for (let t = 0, q = start; t < n; t++, q += stride) s += data[q]
  const mean = s / n
  let ss = 0
  for (let t = 0, q = start; t < n; t++, q += stride) {
    const d = data[q] - mean
    ss += d * d
  }
  return { mean, ss }
}
