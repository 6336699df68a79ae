// Negative-binomial dispersion by Cox–Reid adjusted profile likelihood, as edgeR 3.40
// (McCarthy, Chen & Smyth 2012, Nucleic Acids Res. 40:4288; edgeR adjustedProfileLik,
// dispCoxReid, dispCoxReidInterpolateTagwise, maximizeInterpolant):
// - the APL of a gene: NB log-likelihood at the fitted means minus ½ log det(XᵀWX),
//   W = μ/(1 + φμ), the determinant from the U·D·Uᵀ factorisation (LAPACK dsytrf 'U'; the
//   designs here — an intercept and group indicators — need no pivoting), a pivot below 1e-10
//   counted as log(1e-10);
// - common dispersion: Brent's minimiser (R's optimize, tol 1e-5) of −Σ APL(par⁴) over
//   par ∈ [0, 4^¼], genes with a row sum below 5 left out;
// - gene-wise dispersion: APL on 11 points φ·2^t, t ∈ [−6, 6], maximised through a
//   Forsythe–Malcolm–Moler cubic spline (R's fmm_spline) around the best grid point; genes
//   with a row sum below 5 keep the common value. Only prior.df = 0 (no trend smoothing) is
//   implemented, which is what ComBat-seq uses.
// Offsets are log library sizes (column sums of the given counts), as edgeR's defaults.

import { logGamma } from '../math/special.ts'
import { InputError } from '../errors.ts'
import { crossprodWeighted, nbGlmFit } from './nb_glm.ts'

/** adjustedProfileLik for per-gene dispersions (G values), counts G × n, design n × p, offset per library. */
export function adjustedProfileLik(disp: ArrayLike<number>, y: Float64Array, G: number, n: number, design: Float64Array, p: number, offset: Float64Array): Float64Array {
  const dm = new Float64Array(G * n)
  const om = new Float64Array(G * n)
  for (let i = 0; i < G; i++)
    for (let j = 0; j < n; j++) {
      dm[i * n + j] = disp[i]
      om[i * n + j] = offset[j]
    }
  const mu = nbGlmFit(y, G, n, design, p, dm, om).fitted
  const out = new Float64Array(G)
  const w = new Float64Array(n)
  const xtwx = new Float64Array(p * p)
  for (let i = 0; i < G; i++) {
    const d = disp[i]
    let ll = 0
    for (let j = 0; j < n; j++) {
      const u = mu[i * n + j]
      if (u === 0) {
        w[j] = 0
        continue
      }
      const yy = y[i * n + j]
      if (d > 0) {
        const r = 1 / d
        const logmur = Math.log(u + r)
        ll += yy * Math.log(u) - yy * logmur + r * Math.log(r) - r * logmur + logGamma(yy + r) - logGamma(yy + 1) - logGamma(r)
      } else ll += yy * Math.log(u) - u - logGamma(yy + 1)
      w[j] = u / (1 + d * u)
    }
    let adj = 0
    if (p === 1) {
      let s = 0
      for (let j = 0; j < n; j++) s += w[j]
      adj = Math.log(Math.abs(s)) / 2
    } else {
      crossprodWeighted(design, n, p, w, xtwx)
      for (const v of udutDiagonal(xtwx, p)) adj += v < 1e-10 ? Math.log(1e-10) : Math.log(v) * 0.5
    }
    out[i] = ll - adj
  }
  return out
}

/** Diagonal of D in A = U D Uᵀ (unit upper U, from the last column up, no pivoting; a zero pivot skips its update). */
function udutDiagonal(a: Float64Array, p: number): Float64Array {
  const m = Float64Array.from(a)
  const d = new Float64Array(p)
  for (let k = p - 1; k >= 0; k--) {
    const dk = m[k * p + k]
    d[k] = dk
    if (dk === 0) continue
    for (let i = 0; i < k; i++) {
      const f = m[i * p + k] / dk
      for (let j = 0; j <= i; j++) {
        m[i * p + j] -= f * m[j * p + k]
        m[j * p + i] = m[i * p + j]
      }
    }
  }
  return d
}

/** R's optimize(): Brent's fmin, the minimiser of f on [ax, bx] (stats/src/optimize.c). */
export function brentMin(f: (x: number) => number, ax: number, bx: number, tol: number): number {
  const c = (3 - Math.sqrt(5)) * 0.5
  const eps = Math.sqrt(2.220446049250313e-16)
  let a = ax, b = bx
  let v = a + c * (b - a)
  let w = v, x = v
  let d = 0, e = 0
  let fx = f(x)
  let fv = fx, fw = fx
  const tol3 = tol / 3
  for (;;) {
    const xm = (a + b) * 0.5
    const tol1 = eps * Math.abs(x) + tol3
    const t2 = tol1 * 2
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break
    let p = 0, q = 0, r = 0
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv)
      q = (x - v) * (fx - fw)
      p = (x - v) * q - (x - w) * r
      q = (q - r) * 2
      if (q > 0) p = -p
      else q = -q
      r = e
      e = d
    }
    let u: number
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x
      d = c * e
    } else {
      d = p / q
      u = x + d
      if (u - a < t2 || b - u < t2) {
        d = tol1
        if (x >= xm) d = -d
      }
    }
    if (Math.abs(d) >= tol1) u = x + d
    else if (d > 0) u = x + tol1
    else u = x - tol1
    const fu = f(u)
    if (fu <= fx) {
      if (u < x) b = x
      else a = x
      v = w; w = x; x = u
      fv = fw; fw = fx; fx = fu
    } else {
      if (u < x) a = u
      else b = u
      if (fu <= fw || w === x) {
        v = w; fv = fw
        w = u; fw = fu
      } else if (fu <= fv || v === x || v === w) {
        v = u; fv = fu
      }
    }
  }
  return x
}

function logLibSizes(y: Float64Array, G: number, n: number): Float64Array {
  const off = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let i = 0; i < G; i++) s += y[i * n + j]
    off[j] = Math.log(s)
  }
  return off
}

function rowsWithSum(y: Float64Array, G: number, n: number, min: number): number[] {
  const rows: number[] = []
  for (let i = 0; i < G; i++) {
    let s = 0
    for (let j = 0; j < n; j++) s += y[i * n + j]
    if (s >= min) rows.push(i)
  }
  return rows
}

function pickRows(y: Float64Array, n: number, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length * n)
  rows.forEach((r, k) => out.set(y.subarray(r * n, (r + 1) * n), k * n))
  return out
}

/** estimateGLMCommonDisp (Cox–Reid) of counts G × n under the design (n × p); `what` names the data in errors. */
export function commonDispersion(y: Float64Array, G: number, n: number, design: Float64Array, p: number, what = 'the counts'): number {
  if (p >= n) throw new InputError(`${what}: ${n} samples for ${p} model coefficient(s): no residual degrees of freedom to estimate the dispersion`)
  const offset = logLibSizes(y, G, n)
  const rows = rowsWithSum(y, G, n, 5)
  if (rows.length === 0) throw new InputError(`${what}: no gene has a total count of at least 5, so the dispersion cannot be estimated`)
  const ys = pickRows(y, n, rows)
  const k = rows.length
  const disp = new Float64Array(k)
  const par = brentMin((t) => {
    disp.fill(t ** 4)
    let s = 0
    for (const v of adjustedProfileLik(disp, ys, k, n, design, p, offset)) s += v
    return -s
  }, 0, 4 ** 0.25, 1e-5)
  return par ** 4
}

/** estimateGLMTagwiseDisp(prior.df = 0): per-gene Cox–Reid dispersion around the common one. */
export function tagwiseDispersion(y: Float64Array, G: number, n: number, design: Float64Array, p: number, common: number): Float64Array {
  const out = new Float64Array(G).fill(common)
  const offset = logLibSizes(y, G, n)
  const rows = rowsWithSum(y, G, n, 5)
  if (rows.length === 0) return out
  const ys = pickRows(y, n, rows)
  const k = rows.length
  const npts = 11
  const pts = Array.from({ length: npts }, (_, i) => (i === 0 ? -6 : i === npts - 1 ? 6 : -6 + i * (12 / (npts - 1))))
  const apl = pts.map((t) => adjustedProfileLik(new Float64Array(k).fill(common * 2 ** t), ys, k, n, design, p, offset))
  const row = new Float64Array(npts)
  rows.forEach((r, i) => {
    for (let t = 0; t < npts; t++) row[t] = apl[t][i]
    out[r] = common * 2 ** maximizeInterpolant(pts, row)
  })
  return out
}

/** edgeR find_max: the maximum of the FMM cubic spline through (x, y) next to the best point. */
export function maximizeInterpolant(x: number[], y: ArrayLike<number>): number {
  const n = x.length
  let maxed = -1
  let at = -1
  for (let i = 0; i < n; i++)
    if (at < 0 || y[i] > maxed) {
      maxed = y[i]
      at = i
    }
  let xMax = x[at]
  const { b, c, d } = fmmSpline(x, y)
  const tryAt = (seg: number) => {
    const delta = c[seg] * c[seg] - 3 * d[seg] * b[seg]
    if (delta < 0) return
    const sol = (-c[seg] - Math.sqrt(delta)) / (3 * d[seg])
    if (sol > 0 && sol < x[seg + 1] - x[seg]) {
      const v = ((d[seg] * sol + c[seg]) * sol + b[seg]) * sol + y[seg]
      if (v > maxed) {
        maxed = v
        xMax = sol + x[seg]
      }
    }
  }
  if (at > 0) tryAt(at - 1)
  if (at < n - 1) tryAt(at)
  return xMax
}

/** R's fmm_spline (stats/src/splines.c): coefficients b, c, d of each segment. */
export function fmmSpline(xs: number[], ys: ArrayLike<number>): { b: Float64Array; c: Float64Array; d: Float64Array } {
  const n = xs.length
  // 1-based arrays as the C source
  const x = [0, ...xs]
  const y = [0, ...Array.from(ys)]
  const b = new Float64Array(n + 1)
  const c = new Float64Array(n + 1)
  const d = new Float64Array(n + 1)
  const done = () => ({ b: b.subarray(1), c: c.subarray(1), d: d.subarray(1) })
  if (n < 2) return done()
  if (n < 3) {
    b[1] = (y[2] - y[1]) / (x[2] - x[1])
    b[2] = b[1]
    return done()
  }
  const nm1 = n - 1
  d[1] = x[2] - x[1]
  c[2] = (y[2] - y[1]) / d[1]
  for (let i = 2; i < n; i++) {
    d[i] = x[i + 1] - x[i]
    b[i] = 2 * (d[i - 1] + d[i])
    c[i + 1] = (y[i + 1] - y[i]) / d[i]
    c[i] = c[i + 1] - c[i]
  }
  b[1] = -d[1]
  b[n] = -d[nm1]
  c[1] = c[n] = 0
  if (n > 3) {
    c[1] = c[3] / (x[4] - x[2]) - c[2] / (x[3] - x[1])
    c[n] = c[nm1] / (x[n] - x[n - 2]) - c[n - 2] / (x[nm1] - x[n - 3])
    c[1] = (c[1] * d[1] * d[1]) / (x[4] - x[1])
    c[n] = (-c[n] * d[nm1] * d[nm1]) / (x[n] - x[n - 3])
  }
  for (let i = 2; i <= n; i++) {
    const t = d[i - 1] / b[i - 1]
    b[i] = b[i] - t * d[i - 1]
    c[i] = c[i] - t * c[i - 1]
  }
  c[n] = c[n] / b[n]
  for (let i = nm1; i >= 1; i--) c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
  b[n] = (y[n] - y[n - 1]) / d[n - 1] + d[n - 1] * (c[n - 1] + 2 * c[n])
  for (let i = 1; i <= nm1; i++) {
    b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i])
    d[i] = (c[i + 1] - c[i]) / d[i]
    c[i] = 3 * c[i]
  }
  c[n] = 3 * c[n]
  d[n] = d[nm1]
  return done()
}
