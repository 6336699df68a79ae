// Special functions and distributions the omics engine needs, to R's precision:
// log-gamma, digamma / trigamma / tetragamma (R's psigamma), the regularised incomplete
// beta (the stats engine's continued fraction, src/core/stats/distributions.ts) for Student t tails (R pt),
// and the hypergeometric density and tail as R's dhyper/phyper (Loader's saddle-point
// dbinom_raw with stirlerr and bd0, and R's pdhyper summation), so p-values agree with R
// to ~1e-14 relative.
import { incompleteBeta } from '../stats/distributions.ts'

const LN_SQRT_2PI = 0.918938533204672741780329736406 // log(sqrt(2*pi))
const LN_2PI = 1.837877066409345483560659472811

// Lanczos approximation (g = 7, n = 9), relative error ~1e-15.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** log |Γ(x)| for x > 0 (reflection for x < 0.5). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x)
  if (x >= 15) {
    // Stirling series with stirlerr-style correction: more accurate for large x
    return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x)
  }
  x -= 1
  let a = LANCZOS[0]
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i)
  return LN_SQRT_2PI + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** lgamma(x) - ((x-1/2)log x - x + log sqrt(2π)) for x ≥ 15, asymptotic series. */
function stirlingCorrection(x: number): number {
  const x2 = 1 / (x * x)
  return (1 / 12 - x2 * (1 / 360 - x2 * (1 / 1260 - x2 * (1 / 1680 - x2 / 1188)))) / x
}

/** ψ(x), the digamma function (recurrence to x ≥ 6, then asymptotic series). */
export function digamma(x: number): number {
  let r = 0
  if (x <= 0 && Math.floor(x) === x) return NaN
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x)
  while (x < 6) {
    r -= 1 / x
    x += 1
  }
  const f = 1 / (x * x)
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))))
}

/** ψ'(x), the trigamma function. */
export function trigamma(x: number): number {
  let r = 0
  while (x < 6) {
    r += 1 / (x * x)
    x += 1
  }
  const f = 1 / (x * x)
  // ψ'(x) ~ 1/x + 1/(2x²) + Σ B_2k / x^(2k+1)
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66 - f * (691 / 2730 - f * (7 / 6)))))))
}

/** ψ''(x), the tetragamma function (R psigamma(x, 2)). */
export function tetragamma(x: number): number {
  let r = 0
  while (x < 8) {
    r -= 2 / (x * x * x)
    x += 1
  }
  const f = 1 / (x * x)
  // ψ''(x) ~ -1/x² - 1/x³ - Σ (2k+1) B_2k / x^(2k+2)
  return r - f - f / x - f * f * (1 / 2 - f * (1 / 6 - f * (1 / 6 - f * (3 / 10 - f * (5 / 6 - f * (691 / 210 - f * (35 / 2)))))))
}

/** Regularised incomplete beta I_x(a, b) (the stats engine's continued fraction). */
export function pbeta(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b).lower
}

/** Upper tail 1 - I_x(a, b), computed without cancellation where it is small. */
function pbetaUpper(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b).upper
}

/** P(T ≤ t) for Student's t with df degrees of freedom (df may be fractional or Infinity). */
export function pt(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN
  if (!Number.isFinite(df)) return pnorm(t)
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0
  // tail = P(T > |t|) = I_{df/(df+t²)}(df/2, 1/2) / 2; for small t use the complement form
  const t2 = t * t
  let tail: number
  if (t2 < df) tail = pbetaUpper(t2 / (df + t2), 0.5, df / 2) / 2
  else tail = pbeta(df / (df + t2), df / 2, 0.5) / 2
  return t > 0 ? 1 - tail : tail
}

/** Two-sided p-value 2·P(T > |t|). */
export function ptTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN
  if (!Number.isFinite(df)) return 2 * pnorm(-Math.abs(t))
  const t2 = t * t
  if (!Number.isFinite(t2)) return 0
  if (t2 < df) return pbetaUpper(t2 / (df + t2), 0.5, df / 2)
  return pbeta(df / (df + t2), df / 2, 0.5)
}

/** Standard normal CDF (via erfc, Cody-style rational approximation through the continued fraction). */
export function pnorm(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2)
}

/** Complementary error function, relative error < 1e-15 (W. J. Cody's rational approximations). */
export function erfc(x: number): number {
  const ax = Math.abs(x)
  let r: number
  if (ax < 0.5) {
    const t = x * x
    const top = ((((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947)
    const bot = ((((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062)
    return 1 - (x * top) / bot
  } else if (ax < 4) {
    const top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725
    const bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942
    r = (Math.exp(-ax * ax) * top) / bot
  } else {
    const z = 1 / (ax * ax)
    const top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4
    const bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 2.33520497626869185e-3
    r = (Math.exp(-ax * ax) / ax) * (1 / Math.sqrt(Math.PI) - (z * top) / bot)
  }
  return x < 0 ? 2 - r : r
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
    return lgamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI
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
