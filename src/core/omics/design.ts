// Design matrices for per-gene linear models, as R's model.matrix with treatment contrasts
// (the matrix algebra on them lives in src/core/math/linalg.ts).

import { InputError } from '../errors.ts'

/** Design matrix, row-major n × p, with column names. */
export interface Design {
  n: number
  p: number
  columns: string[]
  data: Float64Array
}

/** Sorted distinct levels of a factor (R's default factor level order for plain ASCII labels). */
export function factorLevels(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * model.matrix(~ v1 + v2 + …) with an intercept and treatment contrasts: each term is
 * either numeric (one column) or a factor (one indicator column per non-reference level).
 * `intercept: false` with a single factor gives one indicator per level (~ 0 + f).
 */
export function modelMatrix(terms: { name: string; values: string[] | Float64Array }[], intercept = true): Design {
  const n = terms.length ? terms[0].values.length : 0
  const cols: { name: string; v: Float64Array }[] = []
  if (intercept) cols.push({ name: '(Intercept)', v: new Float64Array(n).fill(1) })
  for (const [ti, t] of terms.entries()) {
    if (t.values.length !== n) throw new InputError(`term "${t.name}" has ${t.values.length} values, expected ${n}`)
    if (t.values instanceof Float64Array) {
      cols.push({ name: t.name, v: t.values })
      continue
    }
    const lv = factorLevels(t.values)
    const start = intercept || ti > 0 ? 1 : 0
    for (let l = start; l < lv.length; l++) {
      const v = new Float64Array(n)
      for (let i = 0; i < n; i++) v[i] = t.values[i] === lv[l] ? 1 : 0
      cols.push({ name: t.name + lv[l], v })
    }
  }
  const p = cols.length
  const data = new Float64Array(n * p)
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[i * p + j] = cols[j].v[i]
  return { n, p, columns: cols.map((c) => c.name), data }
}

/** The intercept-only design (~ 1) for n samples. */
export function interceptDesign(n: number): Design {
  return { n, p: 1, columns: ['(Intercept)'], data: new Float64Array(n).fill(1) }
}
