// The analysis table: the clinical table restricted to the study's patients, with the
// derived variables of the paper's models (SARCULATOR groups, and grade, margins, histotype,
// chemotherapy and radiotherapy coded by the plan's coding, coding.ts) and one column per
// grouping (hrf, cae, hscae, rna and their combinations).
// Every statistic of Tables 2–4 is computed from this one table by the stats engine.

import { InputError } from '../errors.ts'
import { columnIndex, isMissing, parseNumber, type Table } from '../table/table.ts'
import { sarculatorGroup } from './sarculator.ts'
import type { StudyVariables } from './study_data.ts'
import { CODED_COLUMN, CODED_VARIABLES, codeColumn, defaultCoding, type AppliedCoding, type CodedVariable, type StudyCoding } from './coding.ts'

export { histotypeCategory } from './coding.ts'

export type Groupings = Record<string, Record<string, string>>

/** Derived column names (the coded ones from coding.ts). */
export const DERIVED = {
  cohort: 'cohort_split',
  sarculator: 'sarculator_group',
  grade3: CODED_COLUMN.grade,
  margins: CODED_COLUMN.margins,
  histotype: CODED_COLUMN.histotype,
  chemotherapy: CODED_COLUMN.chemotherapy,
  radiotherapy: CODED_COLUMN.radiotherapy,
  highRisk: 'semantic_high_risk',
} as const

/**
 * The paper's composite semantic "high-risk" radiophenotype: "1" when at least 2 of the
 * three semantic features (necrosis, peritumoral enhancement, heterogeneous T2 signal) are
 * present, "0" when fewer than 2 can be, "" when missing values leave it undecided.
 */
export function highRiskPhenotype(values: string[]): string {
  let yes = 0, unknown = 0
  for (const v of values) {
    if (isMissing(v)) unknown++
    else if (parseNumber(v) === 1 || /^(yes|true)$/i.test(v.trim())) yes++
  }
  return yes >= 2 ? '1' : yes + unknown < 2 ? '0' : ''
}

function recode(v: string, f: (x: string) => string | null): string {
  if (isMissing(v)) return ''
  return f(v) ?? ''
}

export function studyTable(clinical: Table, vars: StudyVariables, ids: string[], cohort: ('train' | 'test')[], groupings: Groupings, thresholds: [number, number], coding: StudyCoding = defaultCoding()): Table {
  return codedStudyTable(clinical, vars, ids, cohort, groupings, thresholds, coding).table
}

/**
 * The analysis table and the coding applied to it. Histotype, grade and margins columns are
 * required; chemotherapy and radiotherapy are coded when the clinical table has them.
 */
export function codedStudyTable(clinical: Table, vars: StudyVariables, ids: string[], cohort: ('train' | 'test')[], groupings: Groupings, thresholds: [number, number], coding: StudyCoding = defaultCoding()): { table: Table; coding: AppliedCoding[] } {
  const idCol = columnIndex(clinical, vars.id)
  const byId = new Map<string, number>()
  clinical.rows.forEach((r, i) => {
    if (byId.has(r[idCol])) throw new InputError(`patient id "${r[idCol]}" appears twice; each patient must appear once`, clinical.name, `row ${i + 2}, column ${vars.id}`)
    byId.set(r[idCol], i)
  })
  const missing = ids.filter((id) => !byId.has(id))
  if (missing.length) throw new InputError(`no clinical row for patient(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}; add them or remove them from the manifest`, clinical.name, `column ${vars.id}`)
  const sarc = columnIndex(clinical, vars.sarculator)
  const rowIdx = ids.map((id) => byId.get(id)!)
  const coded = CODED_VARIABLES.filter((v) => !OPTIONAL_CODED.has(v) || clinical.columns.includes(vars[v])).map((v) => ({ v, ...codeColumn(clinical, rowIdx, v, vars[v], coding[v]) }))
  const groupNames = Object.keys(groupings)
  // the composite needs the three semantic features (vars.semantic lists them when all are mapped)
  const semantic = vars.semantic.length === 3 && vars.semantic.every((c) => clinical.columns.includes(c)) ? vars.semantic.map((c) => columnIndex(clinical, c)) : null
  const columns = [...clinical.columns, DERIVED.cohort, DERIVED.sarculator, ...coded.map((c) => CODED_COLUMN[c.v]), ...(semantic ? [DERIVED.highRisk] : []), ...groupNames]
  const rows = ids.map((id, i) => {
    const r = clinical.rows[rowIdx[i]]
    const os = parseNumber(r[sarc])
    return [...r, cohort[i], recode(r[sarc], () => sarculatorGroup(os ?? NaN, thresholds)), ...coded.map((c) => c.values[i]), ...(semantic ? [highRiskPhenotype(semantic.map((j) => r[j]))] : []), ...groupNames.map((g) => groupings[g][id] ?? '')]
  })
  return { table: { name: clinical.name, columns, rows }, coding: coded.map((c) => c.applied) }
}

const OPTIONAL_CODED = new Set<CodedVariable>(['chemotherapy', 'radiotherapy'])

/** Combination of two groupings ("A×B"), and the binary worst-combination variable. */
export function combineGroupings(a: Record<string, string>, b: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const id of Object.keys(a)) if (b[id] !== undefined && a[id] && b[id]) out[id] = `${a[id]}×${b[id]}`
  return out
}
