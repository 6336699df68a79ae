// Probability distributions, to R's precision (one implementation for every engine):
// normal (pnorm through Cody's erfc, qnorm by Abramowitz & Stegun 26.2.23 refined by Halley
// steps), Student t (pt, two-sided tail and qt, through the incomplete beta with the complement
// form for small |t| so no tail loses accuracy), chi-square and F (incomplete gamma / beta), and the
// hypergeometric density and tail as R's dhyper/phyper (Loader's saddle-point dbinom_raw with
// stirlerr and bd0, and R's pdhyper summation). Special functions: ./special.ts.
// Checked against R in tests/unit/math/ and the stats/omics R parity tests (1e-6 … 1e-14 relative).
import { erfc, incompleteBeta, incompleteGamma, logGamma } from './special.ts'

const LN_SQRT_2PI = 0.918938533204672741780329736406 // log(sqrt(2π))
const LN_2PI = 1.837877066409345483560659472811

/** Standard normal CDF Φ(x) (lowerTail) or 1 − Φ(x). */
export function pnorm(x: number, lowerTail = true): number {
  if (Number.isNaN(x)) return NaN
  const v = lowerTail ? x : -x
  return 0.5 * erfc(-v / Math.SQRT2)
}

/** Standard normal density. */
export function dnorm(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
}

/** Standard normal quantile Φ⁻¹(p). */
export function qnorm(p: number): number {
  if (p <= 0) return -Infinity
  if (p >= 1) return Infinity
  if (p === 0.5) return 0
  const lower = p < 0.5
  const pp = lower ? p : 1 - p
  const t = Math.sqrt(-2 * Math.log(pp))
  let x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  x = lower ? -x : x
  // Halley refinement
  for (let i = 0; i < 6; i++) {
    // e = Φ(x) − p, computed on the tail that keeps relative accuracy
    const e = x < 0 ? pnorm(x) - p : 1 - p - pnorm(x, false)
    const u = e / dnorm(x)
    const step = u / (1 + (x * u) / 2)
    x -= step
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(x))) break
  }
  return x
}

/** Chi-square CDF (lowerTail) or survival function with df degrees of freedom. */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (x <= 0) return lowerTail ? 0 : 1
  const { p, q } = incompleteGamma(df / 2, x / 2)
  return lowerTail ? p : q
}

/** Regularised incomplete beta I_x(a, b) (R pbeta). */
export function pbeta(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b).lower
}

/** P(T > |t|) for Student's t: I_{df/(df+t²)}(df/2, 1/2) / 2, by the complement form when t² < df. */
function tTail(t: number, df: number): number {
  const t2 = t * t
  if (!Number.isFinite(t2)) return 0
  if (t2 < df) return incompleteBeta(t2 / (df + t2), 0.5, df / 2).upper / 2
  return incompleteBeta(df / (df + t2), df / 2, 0.5).lower / 2
}

/** Student t CDF P(T ≤ t) (lowerTail) or P(T > t); df may be fractional or Infinity. */
export function pt(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN
  if (!Number.isFinite(df)) return pnorm(t, lowerTail)
  const tail = tTail(t, df)
  const below = t > 0 ? 1 - tail : tail
  const above = t > 0 ? tail : 1 - tail
  return lowerTail ? below : above
}

/** Two-sided p-value 2·P(T > |t|). */
export function ptTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN
  if (!Number.isFinite(df)) return 2 * pnorm(-Math.abs(t))
  return 2 * tTail(t, df)
}

/** F CDF (lowerTail) or survival function. */
export function pf(f: number, df1: number, df2: number, lowerTail = true): number {
  if (f <= 0) return lowerTail ? 0 : 1
  const { lower, upper } = incompleteBeta((df1 * f) / (df1 * f + df2), df1 / 2, df2 / 2)
  return lowerTail ? lower : upper
}

/** Student t quantile by Newton steps on pt from the normal quantile (used for confidence intervals). */
export function qt(p: number, df: number): number {
  if (!Number.isFinite(df)) return qnorm(p)
  let x = qnorm(p)
  for (let i = 0; i < 50; i++) {
    const dens = Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((x * x) / df))
    const e = x < 0 ? pt(x, df) - p : 1 - p - pt(x, df, false)
    const step = e / dens
    x -= step
    if (Math.abs(step) < 1e-14 * Math.max(1, Math.abs(x))) break
  }
  return x
}

// ---- hypergeometric, as R's dhyper / phyper (nmath/dhyper.c, phyper.c, dbinom.c) ----

const SFERR_HALVES = [
  0.0, 0.1534264097200273452913848, 0.0810614667953272582196702, 0.0548141210519176538961390, 0.0413406959554092940938221,
  0.03316287351993628748511048, 0.02767792568499833914878929, 0.02374616365629749597132920, 0.02079067210376509311152277,
  0.01848845053267318523077934, 0.01664469118982119216319487, 0.01513497322191737887351255, 0.01387612882307074799874573,
  0.01281046524292022692424986, 0.01189670994589177009505572, 0.01110455975820691732662991, 0.010411265261972096497478567,
  0.009799416126158803298389475, 0.009255462182712732917728637, 0.008768700134139385462952823, 0.008330563433362871256469318,
  0.007934114564314020547248100, 0.007573675487951840794972024, 0.007244554301320383179543912, 0.006942840107209529865664152,
  0.006665247032707682442354394, 0.006408994188004207068439631, 0.006171712263039457647532867, 0.005951370112758847735624416,
  0.005746216513010115682023589, 0.005554733551962801371038690,
]

/** log(x!) - log(sqrt(2π x)(x/e)^x), Loader's stirlerr. */
function stirlerr(n: number): number {
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188
  if (n <= 15) {
    const nn = n + n
    if (nn === Math.floor(nn)) return SFERR_HALVES[nn]
    return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI
  }
  const nn = n * n
  if (n > 500) return (S0 - S1 / nn) / n
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
}

/** x log(x/np) + np - x, computed stably (Loader's bd0). */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np)
    const s0 = (x - np) * v
    let s = s0
    let ej = 2 * x * v
    v = v * v
    for (let j = 1; j < 1000; j++) {
      ej *= v
      const s1 = s + ej / ((j << 1) + 1)
      if (s1 === s) return s1
      s = s1
    }
  }
  return x * Math.log(x / np) + np - x
}

function dbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0
  if (q === 0) return x === n ? 1 : 0
  if (x === 0) {
    if (n === 0) return 1
    const lc = p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q)
    return Math.exp(lc)
  }
  if (x === n) {
    const lc = q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p)
    return Math.exp(lc)
  }
  if (x < 0 || x > n) return 0
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n)
  return Math.exp(lc - 0.5 * lf)
}

/** P(X = x) for X ~ hypergeometric: x white balls drawn in n draws from r white and b black. */
export function dhyper(x: number, r: number, b: number, n: number): number {
  if (x < 0 || x < n - b || x > r || x > n) return 0
  if (n === 0) return x === 0 ? 1 : 0
  const p = n / (r + b)
  const q = (r + b - n) / (r + b)
  const p1 = dbinomRaw(x, r, p, q)
  const p2 = dbinomRaw(n - x, b, p, q)
  const p3 = dbinomRaw(n, r + b, p, q)
  return (p1 * p2) / p3
}

/** Σ_{i<x} P(i)/P(x) (R's pdhyper, lower tail). */
function pdhyper(x: number, NR: number, NB: number, n: number): number {
  let sum = 0
  let term = 1
  while (x > 0 && term >= Number.EPSILON * sum) {
    term *= (x * (NB - n + x)) / (n + 1 - x) / (NR + 1 - x)
    sum += term
    x--
  }
  return 1 + sum
}

/** P(X ≤ x) (lowerTail) or P(X > x) for the hypergeometric distribution, as R phyper. */
export function phyper(x: number, NR: number, NB: number, n: number, lowerTail = true): number {
  x = Math.floor(x + 1e-7)
  if (x * (NR + NB) > n * NR) {
    // swap tails
    const t = NB
    NB = NR
    NR = t
    x = n - x - 1
    lowerTail = !lowerTail
  }
  if (x < 0 || x < n - NB) return lowerTail ? 0 : 1
  if (x >= NR || x >= n) return lowerTail ? 1 : 0
  const d = dhyper(x, NR, NB, n)
  const pd = pdhyper(x, NR, NB, n)
  return lowerTail ? d * pd : 0.5 - d * pd + 0.5
}
