// LOWESS scatterplot smoother exactly as R's stats::lowess (the C routine clowess of
// Cleveland 1979 in R's src/library/stats/src/lowess.c): tricube local linear fits over
// the nearest f·n points, `iter` robustness iterations with bisquare weights (6 × MAD),
// and interpolation between points closer than `delta`. Plus R's approxfun(rule = 2,
// ties = mean) over an ordered curve, which voom uses to read the trend.

export interface LowessResult {
  /** x sorted increasingly (stable, as R's order) */
  x: Float64Array
  /** smoothed y at those x */
  y: Float64Array
}

/** R lowess(x, y, f, iter, delta = 0.01 × range(x)). */
export function lowess(xIn: ArrayLike<number>, yIn: ArrayLike<number>, f = 2 / 3, iter = 3, delta?: number): LowessResult {
  const n = xIn.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xIn[a] - xIn[b] || a - b)
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x[i] = xIn[order[i]]
    y[i] = yIn[order[i]]
  }
  const d = delta ?? 0.01 * (x[n - 1] - x[0])
  const ys = new Float64Array(n)
  clowess(x, y, n, f, iter, d, ys)
  return { x, y: ys }
}

function clowess(x: Float64Array, y: Float64Array, n: number, f: number, nsteps: number, delta: number, ys: Float64Array): void {
  if (n < 2) {
    ys[0] = y[0]
    return
  }
  const rw = new Float64Array(n)
  const res = new Float64Array(n)
  const w = new Float64Array(n)
  // 1-based indices below mirror the C code; arrays are accessed with [k - 1]
  const ns = Math.max(2, Math.min(n, Math.trunc(f * n + 1e-7)))
  const range = x[n - 1] - x[0]
  let iter = 1
  while (iter <= nsteps + 1) {
    let nleft = 1
    let nright = ns
    let last = 0
    let i = 1
    for (;;) {
      if (nright < n) {
        const d1 = x[i - 1] - x[nleft - 1]
        const d2 = x[nright] - x[i - 1]
        if (d1 > d2) {
          nleft++
          nright++
          continue
        }
      }
      // fitted value at x[i] (lowest)
      const xs = x[i - 1]
      const h = Math.max(xs - x[nleft - 1], x[nright - 1] - xs)
      const h9 = 0.999 * h
      const h1 = 0.001 * h
      let a = 0
      let j = nleft
      while (j <= n) {
        w[j - 1] = 0
        const r = Math.abs(x[j - 1] - xs)
        if (r <= h9) {
          if (r <= h1) w[j - 1] = 1
          else {
            const q = r / h
            const c = 1 - q * q * q
            w[j - 1] = c * c * c
          }
          if (iter > 1) w[j - 1] *= rw[j - 1]
          a += w[j - 1]
        } else if (x[j - 1] > xs) break
        j++
      }
      const nrt = j - 1
      if (a <= 0) ys[i - 1] = y[i - 1]
      else {
        for (j = nleft; j <= nrt; j++) w[j - 1] /= a
        if (h > 0) {
          a = 0
          for (j = nleft; j <= nrt; j++) a += w[j - 1] * x[j - 1]
          let b = xs - a
          let c = 0
          for (j = nleft; j <= nrt; j++) c += w[j - 1] * (x[j - 1] - a) * (x[j - 1] - a)
          if (Math.sqrt(c) > 0.001 * range) {
            b /= c
            for (j = nleft; j <= nrt; j++) w[j - 1] *= b * (x[j - 1] - a) + 1
          }
        }
        let s = 0
        for (j = nleft; j <= nrt; j++) s += w[j - 1] * y[j - 1]
        ys[i - 1] = s
      }
      if (last < i - 1) {
        const denom = x[i - 1] - x[last - 1]
        for (j = last + 1; j < i; j++) {
          const alpha = (x[j - 1] - x[last - 1]) / denom
          ys[j - 1] = alpha * ys[i - 1] + (1 - alpha) * ys[last - 1]
        }
      }
      last = i
      const cut = x[last - 1] + delta
      for (i = last + 1; i <= n; i++) {
        if (x[i - 1] > cut) break
        if (x[i - 1] === x[last - 1]) {
          ys[i - 1] = ys[last - 1]
          last = i
        }
      }
      i = Math.max(last + 1, i - 1)
      if (last >= n) break
    }
    for (let k = 0; k < n; k++) res[k] = y[k] - ys[k]
    let sc = 0
    for (let k = 0; k < n; k++) sc += Math.abs(res[k])
    sc /= n
    if (iter > nsteps) break
    const sorted = Float64Array.from(res, Math.abs).sort()
    const m1 = n >> 1
    const cmad = n % 2 === 0 ? 3 * (sorted[m1] + sorted[n - m1 - 1]) : 6 * sorted[m1]
    if (cmad < 1e-7 * sc) break
    const c9 = 0.999 * cmad
    const c1 = 0.001 * cmad
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k])
      if (r <= c1) rw[k] = 1
      else if (r <= c9) {
        const q = r / cmad
        rw[k] = (1 - q * q) * (1 - q * q)
      } else rw[k] = 0
    }
    iter++
  }
}

/**
 * R approxfun(x, y, rule = 2, ties = list("ordered", mean)) for increasing x: linear
 * interpolation, constant beyond the ends, y averaged over tied x.
 */
export function approxOrdered(xIn: Float64Array, yIn: Float64Array): (v: number) => number {
  const xs: number[] = []
  const ys: number[] = []
  let i = 0
  const n0 = xIn.length
  while (i < n0) {
    let j = i
    let s = 0
    while (j < n0 && xIn[j] === xIn[i]) s += yIn[j++]
    xs.push(xIn[i])
    ys.push(s / (j - i))
    i = j
  }
  const x = Float64Array.from(xs)
  const y = Float64Array.from(ys)
  const n = x.length
  return (v: number) => {
    if (v < x[0]) return y[0]
    if (v > x[n - 1]) return y[n - 1]
    let lo = 0
    let hi = n - 1
    while (lo < hi - 1) {
      const mid = (lo + hi) >> 1
      if (v < x[mid]) hi = mid
      else lo = mid
    }
    if (v === x[hi]) return y[hi]
    if (v === x[lo]) return y[lo]
    return y[lo] + (y[hi] - y[lo]) * ((v - x[lo]) / (x[hi] - x[lo]))
  }
}
