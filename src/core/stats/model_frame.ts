// Survival model frames: (time, event, covariates) taken from a clinical table, with
// numeric and factor covariates expanded to a design matrix (treatment contrasts: one
// indicator per non-reference level, reference = alphabetically first level unless set,
// as R's factor() + model.matrix()), optional strata (R's strata(a, b): one stratum per
// observed combination, labelled "a=x, b=y" and numbered in sorted order), and listwise
// deletion of incomplete rows (R's na.omit).

import type { Table } from '../table/table.ts'
import { columnIndex, isMalformedNumber, isMissing, numberProblem, parseNumber } from '../table/table.ts'
import { InputError } from '../errors.ts'

/** One model term: a numeric covariate (one column) or a factor (one column per non-reference level). */
export interface Term {
  name: string
  kind: 'numeric' | 'factor'
  /** factor levels, reference first */
  levels?: string[]
  /** design-matrix column names: the covariate, or `COL=LEVEL` */
  columns: string[]
}

export interface ModelFrame {
  time: Float64Array
  /** 1 = event, 0 = censored */
  status: Uint8Array
  /** row-major n × p design matrix */
  x: Float64Array
  n: number
  p: number
  terms: Term[]
  columnNames: string[]
  /** index of each kept row in the source table */
  rows: Int32Array
  /** rows dropped for a missing time, event or covariate */
  deleted: number
  /** notes on the design (e.g. a factor with a single level, which gets no column) */
  warnings?: string[]
  /** stratum index (into strataLevels) of each row, when the model is stratified */
  strata?: Int32Array
  strataLevels?: string[]
}

export interface FrameSpec {
  time: string
  event: string
  covariates: string[]
  /** reference level per factor covariate */
  ref?: Record<string, string>
  /** columns to treat as factors even when their values are numbers */
  factors?: string[]
  /** stratification columns (coxph's strata()); rows missing one are dropped */
  strata?: string[]
}

/** Parse an event column's cell: 1/0, 2/1 (R's Surv convention when all are 1 or 2), TRUE/FALSE, yes/no. */
function eventValues(t: Table, col: string): Float64Array {
  const j = columnIndex(t, col)
  const out = new Float64Array(t.rows.length)
  for (let r = 0; r < t.rows.length; r++) {
    const c = t.rows[r][j]
    if (isMissing(c)) out[r] = NaN
    else if (/^(true|yes|dead|event)$/i.test(c)) out[r] = 1
    else if (/^(false|no|alive|censored)$/i.test(c)) out[r] = 0
    else {
      const x = parseNumber(c)
      if (x === undefined || !Number.isFinite(x))
        throw new InputError(`"${c}" is not an event code; use 1 = event and 0 = censored`, t.name, `row ${r + 2}, column ${col}`)
      out[r] = x
    }
  }
  // R's Surv(): 1/2 coding (1 = censored, 2 = event) only when the largest code is 2 — a
  // column of 1s alone is all events, never all censored
  let allOneTwo = true
  let anyTwo = false
  for (const v of out) if (!Number.isNaN(v)) { if (v === 2) anyTwo = true; else if (v !== 1) allOneTwo = false }
  if (anyTwo && allOneTwo) for (let r = 0; r < out.length; r++) if (!Number.isNaN(out[r])) out[r] -= 1
  for (let r = 0; r < out.length; r++)
    if (!Number.isNaN(out[r]) && out[r] !== 0 && out[r] !== 1)
      throw new InputError(`event code ${out[r]} is not 0/1 (or 1/2); recode the column`, t.name, `row ${r + 2}, column ${col}`)
  return out
}

/** Sort levels as R's sort() does for factor levels (numbers numerically, otherwise by locale collation). */
export function sortLevels(levels: string[]): string[] {
  const allNum = levels.every((l) => parseNumber(l) !== undefined)
  return [...levels].sort((a, b) => (allNum ? (parseNumber(a) as number) - (parseNumber(b) as number) : a.localeCompare(b, 'en')))
}

/** Build the model frame; rows with any missing value among the used columns are dropped and counted. */
export function buildModelFrame(t: Table, spec: FrameSpec): ModelFrame {
  const nAll = t.rows.length
  const timeIdx = columnIndex(t, spec.time)
  const time = new Float64Array(nAll)
  for (let r = 0; r < nAll; r++) {
    const v = parseNumber(t.rows[r][timeIdx])
    if (v === undefined) throw new InputError(`"${t.rows[r][timeIdx]}" is not a number; survival times must be numeric`, t.name, `row ${r + 2}, column ${spec.time}`)
    if (v < 0) throw new InputError(`negative survival time ${v}; times must be > 0 (check the dates)`, t.name, `row ${r + 2}, column ${spec.time}`)
    // a zero follow-up is a data-entry fault (same rule as survivalColumns): R accepts it silently
    if (v === 0) throw new InputError(`survival time is 0; times must be > 0 (an event on the day of diagnosis can be entered as a small positive time, e.g. 0.5 day)`, t.name, `row ${r + 2}, column ${spec.time}`)
    time[r] = v
  }
  const event = eventValues(t, spec.event)
  const keep = new Uint8Array(nAll).fill(1)
  for (let r = 0; r < nAll; r++) if (Number.isNaN(time[r]) || Number.isNaN(event[r])) keep[r] = 0

  for (const c of [...spec.covariates, ...(spec.strata ?? [])])
    if (c === spec.time || c === spec.event) throw new InputError(`column ${c} is the survival ${c === spec.time ? 'time' : 'event'} and cannot also be a covariate or stratum; pick other columns`, t.name)
  if (spec.time === spec.event) throw new InputError(`the time and the event are the same column (${spec.time}); give two columns`, t.name)
  const ref = spec.ref ?? {}
  for (const k of Object.keys(ref)) if (!spec.covariates.includes(k)) throw new InputError(`--ref names "${k}", which is not among the covariates (${spec.covariates.join(', ')})`)
  const raw: { name: string; values: (number | string)[]; factor: boolean }[] = []
  for (const name of spec.covariates) {
    const j = columnIndex(t, name)
    const cells = t.rows.map((row) => row[j])
    const numeric = cells.map((c) => parseNumber(c))
    const bad = cells.findIndex((c) => isMalformedNumber(c))
    if (bad >= 0) throw new InputError(`${numberProblem(cells[bad], t.decimal)}; fix the value or leave it empty for missing`, t.name, `row ${bad + 2}, column ${name}`)
    const declared = (spec.factors ?? []).includes(name) || name in ref
    const isFactor = declared || numeric.some((v) => v === undefined)
    if (!declared) {
      // a column of numbers with a stray text cell ("61abc", "1_000", "−5", "61%") would
      // otherwise become a factor with one level per value: a silently wrong model
      let nums = 0, texts = 0, first = -1
      for (let r = 0; r < nAll; r++) {
        if (isMissing(cells[r])) continue
        if (numeric[r] === undefined) {
          texts++
          if (first < 0) first = r
        } else nums++
      }
      if (texts > 0 && nums >= texts)
        throw new InputError(`${numberProblem(cells[first], t.decimal)}, while ${nums} of the column's ${nums + texts} values are numbers; fix the value (${texts} such cell(s)), leave it empty for missing, or give --ref ${name}=LEVEL to use the column as categories`, t.name, `row ${first + 2}, column ${name}`)
    }
    for (let r = 0; r < nAll; r++) if (isMissing(cells[r])) keep[r] = 0
    raw.push({ name, values: isFactor ? cells : numeric.map((v) => v as number), factor: isFactor })
  }
  const strataCols = spec.strata ?? []
  for (const name of strataCols) {
    if (spec.covariates.includes(name)) throw new InputError(`column ${name} is both a covariate and a stratum; use it in one place only`)
    const j = columnIndex(t, name)
    for (let r = 0; r < nAll; r++) if (isMissing(t.rows[r][j])) keep[r] = 0
  }
  const rows: number[] = []
  for (let r = 0; r < nAll; r++) if (keep[r]) rows.push(r)
  const n = rows.length
  const terms: Term[] = []
  const colData: Float64Array[] = []
  const factorNotes: string[] = []
  for (const c of raw) {
    if (!c.factor) {
      const col = new Float64Array(n)
      for (let i = 0; i < n; i++) col[i] = c.values[rows[i]] as number
      terms.push({ name: c.name, kind: 'numeric', columns: [c.name] })
      colData.push(col)
      continue
    }
    const present = [...new Set(rows.map((r) => c.values[r] as string))]
    let levels = sortLevels(present)
    const r0 = ref[c.name]
    if (r0 !== undefined) {
      if (!levels.includes(r0)) throw new InputError(`reference level "${r0}" does not occur in column ${c.name} (levels: ${levels.join(', ')})`, t.name)
      levels = [r0, ...levels.filter((l) => l !== r0)]
    }
    const columns = levels.slice(1).map((l) => `${c.name}=${l}`)
    if (levels.length === 1) factorNotes.push(`${c.name} has a single level ("${levels[0]}") among the ${n} complete rows: not estimable, it gets no coefficient (R: "contrasts can be applied only to factors with 2 or more levels")`)
    terms.push({ name: c.name, kind: 'factor', levels, columns })
    for (const l of levels.slice(1)) {
      const col = new Float64Array(n)
      for (let i = 0; i < n; i++) col[i] = c.values[rows[i]] === l ? 1 : 0
      colData.push(col)
    }
  }
  const p = colData.length
  const x = new Float64Array(n * p)
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = colData[j][i]
  const tt = new Float64Array(n)
  const st = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    tt[i] = time[rows[i]]
    st[i] = event[rows[i]]
  }
  const frame: ModelFrame = { time: tt, status: st, x, n, p, terms, columnNames: terms.flatMap((t) => t.columns), rows: Int32Array.from(rows), deleted: nAll - n }
  if (factorNotes.length) frame.warnings = factorNotes
  if (strataCols.length) Object.assign(frame, strataOf(t, strataCols, rows))
  return frame
}

/** Stratum of each kept row: the combination of the strata columns' values. */
function strataOf(t: Table, cols: string[], rows: number[]): { strata: Int32Array; strataLevels: string[] } {
  const idx = cols.map((c) => columnIndex(t, c))
  const label = (r: number) => (cols.length === 1 ? t.rows[r][idx[0]] : cols.map((c, k) => `${c}=${t.rows[r][idx[k]]}`).join(', '))
  const labels = rows.map(label)
  const strataLevels = sortLevels([...new Set(labels)])
  const strata = Int32Array.from(labels, (l) => strataLevels.indexOf(l))
  return { strata, strataLevels }
}

/** The frame restricted to a subset of its terms (same rows), for stepwise selection. */
export function selectTerms(f: ModelFrame, keepTerms: string[]): ModelFrame {
  const terms = f.terms.filter((t) => keepTerms.includes(t.name))
  const cols: number[] = []
  let j = 0
  for (const t of f.terms) {
    for (let k = 0; k < t.columns.length; k++, j++) if (keepTerms.includes(t.name)) cols.push(j)
  }
  const p = cols.length
  const x = new Float64Array(f.n * p)
  for (let i = 0; i < f.n; i++) for (let k = 0; k < p; k++) x[i * p + k] = f.x[i * f.p + cols[k]]
  const out: ModelFrame = { ...f, x, p, terms, columnNames: terms.flatMap((t) => t.columns) }
  // keep only the notes on the selected terms
  const notes = f.warnings?.filter((w) => terms.some((t) => w.startsWith(`${t.name} has `)))
  if (notes?.length) out.warnings = notes
  else delete out.warnings
  return out
}

/** The frame restricted to some rows (indices into the frame, repeats allowed: bootstrap). */
export function selectRows(f: ModelFrame, idx: ArrayLike<number>): ModelFrame {
  const n = idx.length
  const x = new Float64Array(n * f.p)
  const time = new Float64Array(n)
  const status = new Uint8Array(n)
  const rows = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const r = idx[i]
    time[i] = f.time[r]
    status[i] = f.status[r]
    rows[i] = f.rows[r]
    for (let j = 0; j < f.p; j++) x[i * f.p + j] = f.x[r * f.p + j]
  }
  const out: ModelFrame = { ...f, time, status, x, n, rows }
  if (f.strata) out.strata = Int32Array.from({ length: n }, (_, i) => f.strata![idx[i]])
  return out
}
