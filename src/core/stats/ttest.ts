// Two-sample t-tests, two-sided, as R's t.test(x, y): Student (var.equal = TRUE, pooled
// variance, df = nₓ + nᵧ − 2) and Welch (Satterthwaite df), with the 95% CI of the
// difference in means. Data whose standard error is below rounding level are refused as R
// does ("data are essentially constant": se < 10·ε·max(|x̄|, |ȳ|), or se = 0).

import { pt, qt } from '../math/distributions.ts'
import { InputError } from '../errors.ts'

export interface TTestResult {
  statistic: number
  df: number
  p: number
  meanX: number
  meanY: number
  lower: number
  upper: number
  method: 'student' | 'welch'
}

function meanVar(x: ArrayLike<number>): [number, number] {
  const n = x.length
  let s = 0
  for (let i = 0; i < n; i++) s += x[i]
  const m = s / n
  let v = 0
  for (let i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m)
  return [m, v / (n - 1)]
}

/** Student (equalVar) or Welch two-sample t-test. */
export function tTest(x: ArrayLike<number>, y: ArrayLike<number>, equalVar = false): TTestResult {
  const nx = x.length
  const ny = y.length
  const [mx, vx] = meanVar(x)
  const [my, vy] = meanVar(y)
  let df: number
  let se: number
  if (equalVar) {
    df = nx + ny - 2
    let v = 0
    if (nx > 1) v += (nx - 1) * vx
    if (ny > 1) v += (ny - 1) * vy
    v /= df
    se = Math.sqrt(v * (1 / nx + 1 / ny))
  } else {
    const sx = vx / nx
    const sy = vy / ny
    se = Math.sqrt(sx + sy)
    df = (se ** 4) / (sx * sx / (nx - 1) + sy * sy / (ny - 1))
  }
  if (!(se > 0) || se < 10 * Number.EPSILON * Math.max(Math.abs(mx), Math.abs(my)))
    throw new InputError(`data are essentially constant (standard error ${se}): the t-test is undefined (R t.test stops here too)`)
  const t = (mx - my) / se
  const p = 2 * pt(-Math.abs(t), df)
  const q = qt(0.975, df)
  return { statistic: t, df, p, meanX: mx, meanY: my, lower: mx - my - q * se, upper: mx - my + q * se, method: equalVar ? 'student' : 'welch' }
}
