// Negative-binomial generalised linear models with a log link, per gene, as edgeR's glmFit
// (Robinson, McCarthy & Smyth 2010; McCarthy, Chen & Smyth 2012; edgeR 3.40 C code
// glm_one_group, glm_levenberg, nbdev, add_prior_count):
// - one-way layouts (each distinct design row a group, designAsFactor) are fitted group by group
//   by Newton–Raphson on the log mean (start: log of the mean count/library ratio; step < 1e-10,
//   at most 50 steps; the Poisson case in closed form), coefficients solved from the group means;
// - any other design by Levenberg–Marquardt damped Fisher scoring (start: the least-squares fit of
//   the weighted mean log ratio, "null" start; damping λ = 10⁻⁶ × max information, × 2 until the
//   deviance does not increase, ÷ 10 after an undamped step; stop when dlᵀΔβ < 10⁻⁶, 250 steps);
// - the unit deviance with edgeR's Poisson / gamma limits for small / large μφ (including its
//   integer-division quirk 2/3 = 0 in the Poisson-limit correction term);
// - glmFit(prior.count = c): coefficients of the fit to counts + c·(library / mean library) with
//   libraries enlarged by twice that prior (predFC), fitted values of the plain fit.
// Matrices are row-major: counts, offsets, dispersions G × n; design n × p.

import { invertSPD } from '../math/linalg.ts'

export interface NbGlmFit {
  /** G × p natural-log coefficients */
  coefficients: Float64Array
  /** G × n fitted means */
  fitted: Float64Array
}

const LOW_VALUE = 1e-10

/** edgeR compute_unit_nb_deviance */
export function unitNbDeviance(y: number, mu: number, phi: number): number {
  y += 1e-8
  mu += 1e-8
  let out: number
  if (phi < 1e-4) {
    const resid = y - mu
    // edgeR's C source writes 2/3*resid with integer division: the term is 0
    out = 2 * (y * Math.log(y / mu) - resid - 0.5 * resid * resid * phi * (1 + phi * (0 * resid - y)))
  } else {
    const product = mu * phi
    if (product > 1e6) out = 2 * ((y - mu) / mu - Math.log(y / mu)) * (mu / (1 + product))
    else {
      const invphi = 1 / phi
      out = 2 * (y * Math.log(y / mu) + (y + invphi) * Math.log((mu + invphi) / (y + invphi)))
    }
  }
  return Math.max(out, 0)
}

/** edgeR designAsFactor: one group per distinct design row (levels in increasing order of the row key). */
export function designGroups(design: Float64Array, n: number, p: number): { group: Int32Array; levels: number } {
  const z = (Math.E + Math.PI) / 5
  const key = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < p; j++) s += design[i * p + j] * z ** j
    key[i] = s / p
  }
  const uniq = [...new Set(key)].sort((a, b) => a - b)
  const group = new Int32Array(n)
  for (let i = 0; i < n; i++) group[i] = uniq.indexOf(key[i])
  return { group, levels: uniq.length }
}

/** glm_one_group_vec: the MLE of log μ for one gene over the given libraries. */
function fitOneGroup(y: ArrayLike<number>, off: ArrayLike<number>, disp: ArrayLike<number>, idx: number[], maxit = 50, tol = 1e-10): number {
  let poisson = true
  for (const j of idx) if (disp[j] !== 0) poisson = false
  if (poisson) {
    let sy = 0, sl = 0
    for (const j of idx) {
      sy += y[j]
      sl += Math.exp(off[j])
    }
    return sy === 0 ? -Infinity : Math.log(sy / sl)
  }
  let beta = 0
  let allZero = true
  for (const j of idx)
    if (y[j] > LOW_VALUE) {
      beta += y[j] / Math.exp(off[j])
      allZero = false
    }
  if (allZero) return -Infinity
  beta = Math.log(beta / idx.length)
  for (let it = 0; it < maxit; it++) {
    let dl = 0, info = 0
    for (const j of idx) {
      const mu = Math.exp(beta + off[j])
      const den = 1 + mu * disp[j]
      dl += (y[j] - mu) / den
      info += mu / den
    }
    const step = dl / info
    beta += step
    if (Math.abs(step) < tol) break
  }
  return beta
}

/** Solve the small square system A x = b (Gaussian elimination with partial pivoting). */
function solveSquare(a: Float64Array, p: number, b: Float64Array): Float64Array {
  const m = Float64Array.from(a)
  const x = Float64Array.from(b)
  for (let c = 0; c < p; c++) {
    let piv = c
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c]) > Math.abs(m[piv * p + c])) piv = r
    if (piv !== c) {
      for (let k = 0; k < p; k++) [m[c * p + k], m[piv * p + k]] = [m[piv * p + k], m[c * p + k]]
      ;[x[c], x[piv]] = [x[piv], x[c]]
    }
    for (let r = c + 1; r < p; r++) {
      const f = m[r * p + c] / m[c * p + c]
      if (f === 0) continue
      for (let k = c; k < p; k++) m[r * p + k] -= f * m[c * p + k]
      x[r] -= f * x[c]
    }
  }
  for (let c = p - 1; c >= 0; c--) {
    let s = x[c]
    for (let k = c + 1; k < p; k++) s -= m[c * p + k] * x[k]
    x[c] = s / m[c * p + c]
  }
  return x
}

/** mglmOneWay */
function fitOneWay(y: Float64Array, G: number, n: number, design: Float64Array, p: number, disp: Float64Array, offset: Float64Array, group: Int32Array): NbGlmFit {
  const members: number[][] = Array.from({ length: p }, () => [])
  for (let j = 0; j < n; j++) members[group[j]].push(j)
  const unique = new Float64Array(p * p)
  for (let g = 0; g < p; g++) for (let c = 0; c < p; c++) unique[g * p + c] = design[members[g][0] * p + c]
  const coefficients = new Float64Array(G * p)
  const fitted = new Float64Array(G * n)
  const beta = new Float64Array(p)
  for (let i = 0; i < G; i++) {
    const yi = y.subarray(i * n, (i + 1) * n)
    const oi = offset.subarray(i * n, (i + 1) * n)
    const di = disp.subarray(i * n, (i + 1) * n)
    for (let g = 0; g < p; g++) beta[g] = Math.max(fitOneGroup(yi, oi, di, members[g]), -1e8)
    for (let j = 0; j < n; j++) fitted[i * n + j] = Math.exp(oi[j] + beta[group[j]])
    coefficients.set(solveSquare(unique, p, beta), i * p)
  }
  return { coefficients, fitted }
}

/** Upper-triangle Cholesky of a p×p SPD matrix in place (LAPACK dpotrf 'U'); false when not positive definite. */
function choleskyUpper(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let s = a[j * p + j]
    for (let k = 0; k < j; k++) s -= a[k * p + j] * a[k * p + j]
    if (!(s > 0)) return false
    const ujj = Math.sqrt(s)
    a[j * p + j] = ujj
    for (let c = j + 1; c < p; c++) {
      let t = a[j * p + c]
      for (let k = 0; k < j; k++) t -= a[k * p + j] * a[k * p + c]
      a[j * p + c] = t / ujj
    }
  }
  return true
}

/** Solve UᵀU x = b after choleskyUpper. */
function choleskySolve(u: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i]
    for (let k = 0; k < i; k++) s -= u[k * p + i] * b[k]
    b[i] = s / u[i * p + i]
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]
    for (let k = i + 1; k < p; k++) s -= u[i * p + k] * b[k]
    b[i] = s / u[i * p + i]
  }
}

/** XᵀWX (full symmetric, p × p) */
export function crossprodWeighted(design: Float64Array, n: number, p: number, w: ArrayLike<number>, out: Float64Array): void {
  out.fill(0)
  for (let j = 0; j < n; j++)
    for (let a = 0; a < p; a++) {
      const xa = design[j * p + a] * w[j]
      if (xa === 0) continue
      for (let b = 0; b <= a; b++) out[a * p + b] += xa * design[j * p + b]
    }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) out[b * p + a] = out[a * p + b]
}

function linearMu(beta: Float64Array, design: Float64Array, n: number, p: number, off: ArrayLike<number>, mu: Float64Array): void {
  for (let j = 0; j < n; j++) {
    let s = off[j]
    for (let c = 0; c < p; c++) s += design[j * p + c] * beta[c]
    mu[j] = Math.exp(s)
  }
}

/** mglmLevenberg with the "null" start */
function fitLevenberg(y: Float64Array, G: number, n: number, design: Float64Array, p: number, disp: Float64Array, offset: Float64Array, maxit = 250, tol = 1e-6): NbGlmFit {
  const coefficients = new Float64Array(G * p)
  const fitted = new Float64Array(G * n)
  const xtx = new Float64Array(p * p)
  crossprodWeighted(design, n, p, new Float64Array(n).fill(1), xtx)
  const xtxInv = invertSPD(xtx, p)
  const colSum = new Float64Array(p)
  for (let j = 0; j < n; j++) for (let c = 0; c < p; c++) colSum[c] += design[j * p + c]
  const w = new Float64Array(n)
  const dr = new Float64Array(n)
  const xtwx = new Float64Array(p * p)
  const chol = new Float64Array(p * p)
  const dl = new Float64Array(p)
  const db = new Float64Array(p)
  const beta = new Float64Array(p)
  const nbeta = new Float64Array(p)
  const mu = new Float64Array(n)
  const nmu = new Float64Array(n)
  for (let i = 0; i < G; i++) {
    const yi = y.subarray(i * n, (i + 1) * n)
    const oi = offset.subarray(i * n, (i + 1) * n)
    const di = disp.subarray(i * n, (i + 1) * n)
    let ymax = 0
    for (let j = 0; j < n; j++) ymax = Math.max(ymax, yi[j])
    if (ymax < LOW_VALUE) {
      coefficients.fill(NaN, i * p, (i + 1) * p)
      continue // fitted stays 0
    }
    // null start: least-squares fit of a constant log ratio
    let se = 0, sw = 0
    for (let j = 0; j < n; j++) {
      const N = Math.exp(oi[j])
      const cw = N / (1 + di[j] * N)
      se += (yi[j] * cw) / N
      sw += cw
    }
    const c0 = Math.log(se / sw)
    for (let a = 0; a < p; a++) {
      let s = 0
      for (let b = 0; b < p; b++) s += xtxInv![a * p + b] * colSum[b] * c0
      beta[a] = s
    }
    linearMu(beta, design, n, p, oi, mu)
    let dev = 0
    for (let j = 0; j < n; j++) dev += unitNbDeviance(yi[j], mu[j], di[j])
    let maxInfo = -1
    let lambda = 0
    for (let iter = 1; iter <= maxit; iter++) {
      for (let j = 0; j < n; j++) {
        const den = 1 + mu[j] * di[j]
        w[j] = mu[j] / den
        dr[j] = (yi[j] - mu[j]) / den
      }
      crossprodWeighted(design, n, p, w, xtwx)
      for (let c = 0; c < p; c++) {
        let s = 0
        for (let j = 0; j < n; j++) s += dr[j] * design[j * p + c]
        dl[c] = s
        if (xtwx[c * p + c] > maxInfo) maxInfo = xtwx[c * p + c]
      }
      if (iter === 1) lambda = Math.max(maxInfo * 1e-6, 1e-13)
      let lev = 0
      let lowDev = false
      let failed = false
      for (;;) {
        lev++
        for (;;) {
          chol.set(xtwx)
          for (let c = 0; c < p; c++) chol[c * p + c] += lambda
          if (choleskyUpper(chol, p)) break
          lambda *= 10
          if (lambda <= 0) lambda = 1e-100
        }
        db.set(dl)
        choleskySolve(chol, p, db)
        for (let c = 0; c < p; c++) nbeta[c] = beta[c] + db[c]
        linearMu(nbeta, design, n, p, oi, nmu)
        let ndev = 0
        for (let j = 0; j < n; j++) ndev += unitNbDeviance(yi[j], nmu[j], di[j])
        if (ndev / ymax < 1e-13) lowDev = true
        if (ndev <= dev || lowDev) {
          beta.set(nbeta)
          mu.set(nmu)
          dev = ndev
          break
        }
        lambda *= 2
        if (lambda <= 0) lambda = 1e-100
        if (lambda / maxInfo > 1e13) {
          failed = true
          break
        }
      }
      let divergence = 0
      for (let c = 0; c < p; c++) divergence += dl[c] * db[c]
      if (failed || lowDev || divergence < tol) break
      if (lev === 1) lambda /= 10
    }
    coefficients.set(beta, i * p)
    fitted.set(mu, i * n)
  }
  return { coefficients, fitted }
}

/** glmFit(prior.count = 0): one-way layouts by group means, other designs by Levenberg–Marquardt. */
export function nbGlmFit(y: Float64Array, G: number, n: number, design: Float64Array, p: number, disp: Float64Array, offset: Float64Array): NbGlmFit {
  const { group, levels } = designGroups(design, n, p)
  return levels === p ? fitOneWay(y, G, n, design, p, disp, offset, group) : fitLevenberg(y, G, n, design, p, disp, offset)
}

/**
 * glmFit(prior.count = c) as edgeR: fitted values of the plain fit, coefficients of the fit to
 * the prior-augmented counts (predFC · log 2).
 */
export function nbGlmFitPrior(y: Float64Array, G: number, n: number, design: Float64Array, p: number, disp: Float64Array, offset: Float64Array, priorCount: number): NbGlmFit {
  const plain = nbGlmFit(y, G, n, design, p, disp, offset)
  if (priorCount <= 0) return plain
  const y2 = new Float64Array(G * n)
  const o2 = new Float64Array(G * n)
  for (let i = 0; i < G; i++) {
    let ave = 0
    for (let j = 0; j < n; j++) ave += Math.exp(offset[i * n + j])
    ave /= n
    for (let j = 0; j < n; j++) {
      const lib = Math.exp(offset[i * n + j])
      const prior = (priorCount * lib) / ave
      y2[i * n + j] = y[i * n + j] + prior
      o2[i * n + j] = Math.log(lib + 2 * prior)
    }
  }
  return { coefficients: nbGlmFit(y2, G, n, design, p, disp, o2).coefficients, fitted: plain.fitted }
}
