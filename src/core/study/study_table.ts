// The analysis table: the clinical table restricted to the study's patients, with the
// derived variables of the paper's models (SARCULATOR groups, grade III vs I–II, margins
// R1–R2 vs R0, histotype in SARCULATOR categories with myxoid/round cell liposarcoma as
// reference) and one column per grouping (hrf, cae, hscae, rna and their combinations).
// Every statistic of Tables 2–4 is computed from this one table by the stats engine.

import { InputError } from '../errors.ts'
import { columnIndex, isMissing, parseNumber, type Table } from '../table/table.ts'
import { sarculatorGroup } from './sarculator.ts'
import type { StudyVariables } from './study_data.ts'

export type Groupings = Record<string, Record<string, string>>

/** Derived column names. */
export const DERIVED = {
  cohort: 'cohort_split',
  sarculator: 'sarculator_group',
  grade3: 'grade_III',
  margins: 'margins_R1R2',
  histotype: 'histotype_cat',
} as const

function recode(v: string, f: (x: string) => string | null): string {
  if (isMissing(v)) return ''
  return f(v) ?? ''
}

export function studyTable(clinical: Table, vars: StudyVariables, ids: string[], cohort: ('train' | 'test')[], groupings: Groupings, thresholds: [number, number]): Table {
  const idCol = columnIndex(clinical, vars.id)
  const byId = new Map<string, string[]>()
  clinical.rows.forEach((r, i) => {
    if (byId.has(r[idCol])) throw new InputError(`patient id "${r[idCol]}" appears twice; each patient must appear once`, clinical.name, `row ${i + 2}, column ${vars.id}`)
    byId.set(r[idCol], r)
  })
  const missing = ids.filter((id) => !byId.has(id))
  if (missing.length) throw new InputError(`no clinical row for patient(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}; add them or remove them from the manifest`, clinical.name, `column ${vars.id}`)
  const gi = (c: string) => columnIndex(clinical, c)
  const sarc = gi(vars.sarculator), grade = gi(vars.grade), margins = gi(vars.margins), hist = gi(vars.histotype)
  const groupNames = Object.keys(groupings)
  const columns = [...clinical.columns, DERIVED.cohort, DERIVED.sarculator, DERIVED.grade3, DERIVED.margins, DERIVED.histotype, ...groupNames]
  const rows = ids.map((id, i) => {
    const r = byId.get(id)!
    const os = parseNumber(r[sarc])
    return [
      ...r,
      cohort[i],
      recode(r[sarc], () => sarculatorGroup(os ?? NaN, thresholds)),
      recode(r[grade], (g) => (g === '3' || /^(III|G3)$/i.test(g) ? 'III' : 'I-II')),
      recode(r[margins], (m) => (/^R0$/i.test(m) ? 'R0' : /^R[12]$/i.test(m) ? 'R1-R2' : null)),
      recode(r[hist], histotypeCategory),
      ...groupNames.map((g) => groupings[g][id] ?? ''),
    ]
  })
  return { name: clinical.name, columns, rows }
}

/**
 * Histotype in the SARCULATOR nomogram's categories; myxoid/round cell liposarcoma is the
 * Cox reference level (prefixed "0" so that it sorts first, as R's relevel would set it).
 */
export function histotypeCategory(h: string): string {
  const s = h.toLowerCase()
  if (/myxoid|round cell/.test(s) && /lipo/.test(s)) return '0 myxoid/round cell LPS'
  if (/dedifferentiated/.test(s)) return 'dedifferentiated LPS'
  if (/leiomyo/.test(s)) return 'leiomyosarcoma'
  if (/myxofibro/.test(s)) return 'myxofibrosarcoma'
  if (/synovial/.test(s)) return 'synovial sarcoma'
  if (/ups|undifferentiated|pleomorphic/.test(s)) return 'UPS'
  return 'other'
}

/** Combination of two groupings ("A×B"), and the binary worst-combination variable. */
export function combineGroupings(a: Record<string, string>, b: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const id of Object.keys(a)) if (b[id] !== undefined && a[id] && b[id]) out[id] = `${a[id]}×${b[id]}`
  return out
}
