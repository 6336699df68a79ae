// The paper's supplementary analyses, from the analysis table (study_table.ts) by the stats
// engine: ST2, the univariable Cox model of each clinical, pathological and radiological
// covariate on the whole analysed cohort (the plan's coding references), and the UPS
// subgroup (undifferentiated pleomorphic sarcomas only): per grouping, KM log-rank test and
// univariable Cox HRs against the best-MFS group. A model that cannot be estimated in a
// subgroup (one level left, no event) gives a note instead of numbers, never a silent zero.

import { columnIndex, type Table } from '../table/table.ts'
import { buildModelFrame } from '../stats/model_frame.ts'
import { coxph, type CoxTerm } from '../stats/cox.ts'
import { kmReport } from '../stats/km_report.ts'
import type { StudyVariables } from './study_data.ts'
import type { AnalysisPlan } from './plan.ts'
import { DERIVED } from './study_table.ts'
import { codingReferences, subsetRows } from './analyses.ts'
import { groupReference } from './group_reference.ts'
import { defaultCoding } from './coding.ts'

export interface UnivariableRow {
  variable: string
  n: number
  events: number
  /** reference level of a factor (null for a numeric covariate) */
  reference: string | null
  terms: CoxTerm[]
  note?: string
}

/** The covariates of ST2, in the paper's order (those present in the table). */
export function st2Variables(t: Table, vars: StudyVariables): string[] {
  return [vars.age, vars.sex, DERIVED.histotype, DERIVED.grade3, vars.size, vars.depth, DERIVED.chemotherapy, DERIVED.radiotherapy, DERIVED.margins, DERIVED.sarculator, ...vars.semantic, DERIVED.highRisk].filter((v, i, a) => !!v && a.indexOf(v) === i && t.columns.includes(v))
}

/** A monotone likelihood (a level without events: β drifts to ±∞, as coxph warns) makes the HR and its CI meaningless; say so beside them. */
function infiniteNote(warnings: string[]): string | undefined {
  return warnings.some((w) => /monotone likelihood/.test(w)) ? 'HR not estimable: monotone likelihood (a group without events), the coefficient may be infinite' : undefined
}

const NUMERIC = (vars: StudyVariables) => new Set([vars.age, vars.size])

function univariable(t: Table, vars: StudyVariables, variable: string, reference: string | null): UnivariableRow {
  const numeric = NUMERIC(vars).has(variable)
  const s = subsetRows(t, [variable])
  try {
    const levels = new Set(s.rows.map((r) => r[columnIndex(s, variable)]))
    const ref = !numeric && reference && levels.has(reference) ? { [variable]: reference } : undefined
    const f = buildModelFrame(s, { time: vars.time, event: vars.event, covariates: [variable], factors: numeric ? [] : [variable], ref })
    const fit = coxph(f)
    const term = f.terms[0]
    const note = fit.terms.length ? infiniteNote(fit.warnings) : 'not estimable: a single level among the patients with this variable'
    return { variable, n: fit.n, events: fit.events, reference: term?.kind === 'factor' ? term.levels![0] : null, terms: fit.terms, ...(note ? { note } : {}) }
  } catch (e) {
    return { variable, n: s.rows.length, events: NaN, reference: null, terms: [], note: `not estimable: ${(e as Error).message}` }
  }
}

/** ST2: univariable Cox model of each covariate on the whole analysed cohort. */
export function st2Table(t: Table, vars: StudyVariables, plan: AnalysisPlan): UnivariableRow[] {
  const refs = codingReferences(plan.coding ?? defaultCoding())
  return st2Variables(t, vars).map((v) => univariable(t, vars, v, refs[v] ?? (v === DERIVED.highRisk || vars.semantic.includes(v) ? '0' : null)))
}

export interface SubgroupGrouping {
  grouping: string
  n: number
  events: number
  logrankP: number | null
  reference: string | null
  terms: CoxTerm[]
  groups: { group: string; n: number; events: number }[]
  note?: string
}

export interface SubgroupResult {
  /** the subgroup in words and the coded histotype category that defines it */
  label: string
  category: string
  n: number
  events: number
  groupings: SubgroupGrouping[]
}

/** The UPS subgroup (coded histotype "UPS"): each grouping's log-rank test and univariable Cox model within it. */
export function upsSubgroup(t: Table, vars: StudyVariables, groupings: string[], plan: AnalysisPlan, category = 'UPS'): SubgroupResult | null {
  if (!t.columns.includes(DERIVED.histotype)) return null
  const hi = columnIndex(t, DERIVED.histotype)
  const sub: Table = { ...t, rows: t.rows.filter((r) => r[hi] === category) }
  const all = subsetRows(sub, [vars.time, vars.event])
  const ei = columnIndex(all, vars.event)
  const out: SubgroupResult = { label: 'Undifferentiated pleomorphic sarcomas', category, n: all.rows.length, events: all.rows.filter((r) => Number(r[ei]) > 0).length, groupings: [] }
  for (const g of groupings) {
    if (!t.columns.includes(g)) continue
    const s = subsetRows(sub, [g])
    const km = s.rows.length ? kmReport(s, { time: vars.time, event: vars.event, group: g }) : null
    const groups = km?.groups.map((k) => ({ group: k.group, n: k.n, events: k.events })) ?? []
    const base = { grouping: g, n: groups.reduce((a, x) => a + x.n, 0), events: groups.reduce((a, x) => a + x.events, 0), logrankP: km?.logrank?.p ?? null, groups }
    if (groups.length < 2 || base.events === 0) {
      out.groupings.push({ ...base, reference: null, terms: [], note: groups.length < 2 ? `not estimable: ${groups.length} group(s) of ${g} among the ${category} patients` : `not estimable: no event among the ${category} patients with ${g}` })
      continue
    }
    try {
      const reference = groupReference(s, vars, g, plan.survival.groupReference?.[g] ?? '')
      const f = buildModelFrame(s, { time: vars.time, event: vars.event, covariates: [g], factors: [g], ref: reference ? { [g]: reference } : undefined })
      const fit = coxph(f)
      const note = infiniteNote(fit.warnings)
      out.groupings.push({ ...base, reference, terms: fit.terms, ...(note ? { note } : {}) })
    } catch (e) {
      out.groupings.push({ ...base, reference: null, terms: [], note: `not estimable: ${(e as Error).message}` })
    }
  }
  return out
}
