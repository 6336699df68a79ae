// Human labels for the study's variables and their levels, for tables, figures and pages:
// "Size (mm)" not size_mm, "MFS (months)" not mfs_time, Yes / No for 0/1 variables. A
// column is named by its role in the study's variable mapping (study_data.ts), whatever the
// clinical table calls it; an unknown column gets its own name, tidied.

import { DEMO_VARIABLES, type StudyVariables } from './study_data.ts'

type Role = Exclude<keyof StudyVariables, 'semantic' | 'extra'>
/** a study variable mapping (StudyVariables) or the app's clinical column mapping: role → column */
export type VariableMapping = StudyVariables | { [role: string]: string | string[] | undefined }

const ROLE_LABEL: Record<Role, string> = {
  id: 'Patient',
  time: 'MFS (months)',
  event: 'Metastasis',
  age: 'Age (years)',
  sex: 'Sex',
  histotype: 'Histotype',
  grade: 'FNCLCC grade',
  size: 'Size (mm)',
  depth: 'Depth',
  chemotherapy: 'Chemotherapy',
  radiotherapy: 'Radiotherapy',
  margins: 'Resection margins',
  sarculator: 'SARCULATOR 10-year OS (%)',
}

const COLUMN_LABEL: Record<string, string> = {
  necrosis: 'Necrosis',
  peritumoral_enhancement: 'Peritumoral enhancement',
  heterogeneous_t2: 'Heterogeneous T2 signal',
  who_ps: 'WHO performance status',
  sarculator_group: 'SARCULATOR risk group',
  grade_III: 'FNCLCC grade III',
  margins_R1R2: 'Margins R1–R2',
  chemotherapy_yn: 'Chemotherapy',
  semantic_high_risk: 'High-risk radiophenotype (≥ 2 of 3 semantic features)',
  radiotherapy_yn: 'Radiotherapy',
  histotype_cat: 'Histotype (SARCULATOR categories)',
  cohort_split: 'Cohort',
  location: 'Location',
  hrf: 'h-RF group', cae: 'CAE group', hscae: 'HSCAE group', rna: 'RNA group',
  rna_x_hscae: 'RNA × HSCAE group', rna_x_hrf: 'RNA × h-RF group',
}

const GROUPING_NAME: Record<string, string> = { hrf: 'h-RF', cae: 'CAE', hscae: 'HSCAE', rna: 'RNA' }

/** A grouping's name: "h-RF", "HSCAE", and a combination of two "RNA × CAE" (key rna_x_cae); else null. */
export function groupingName(key: string): string | null {
  if (GROUPING_NAME[key]) return GROUPING_NAME[key]
  const combo = /^([a-z]+)_x_([a-z]+)$/.exec(key)
  return combo && GROUPING_NAME[combo[1]] && GROUPING_NAME[combo[2]] ? `${GROUPING_NAME[combo[1]]} × ${GROUPING_NAME[combo[2]]}` : null
}

/** The reader's name of a clinical column or grouping. */
export function variableLabel(column: string, variables: VariableMapping = DEMO_VARIABLES): string {
  const known = knownLabel(column, variables)
  if (known) return known
  const grouping = groupingName(column)
  if (grouping) return `${grouping} group`
  const tidy = column.replace(/_/g, ' ').trim()
  return tidy.charAt(0).toUpperCase() + tidy.slice(1)
}

/** The label of a column the study knows (a mapped role or a listed column), else null. */
function knownLabel(column: string, variables: VariableMapping): string | null {
  const v = variables as Record<string, unknown>
  for (const role of Object.keys(ROLE_LABEL) as Role[]) if (v[role] === column || (v[role] === undefined && DEMO_VARIABLES[role] === column)) return ROLE_LABEL[role]
  return COLUMN_LABEL[column] ?? null
}

/** True when the values are all 0/1 (or "0"/"1"): shown as No / Yes. */
export function isBinary(levels: readonly string[]): boolean {
  return levels.length > 0 && levels.every((l) => l === '0' || l === '1')
}

/** A level as readers expect it: Yes / No for binary variables, "≥ 2" kept, underscores as spaces. */
export function levelLabel(level: string, binary: boolean): string {
  if (binary) return level === '1' ? 'Yes' : level === '0' ? 'No' : level
  return level.replace(/_/g, ' ')
}

/**
 * A model term ("grade_III", "histotype_cat=dedifferentiated LPS", "size_mm") as
 * "FNCLCC grade: III", "Histotype: dedifferentiated LPS", "Size (mm)".
 */
export function termLabel(term: string, variables: VariableMapping = DEMO_VARIABLES): string {
  const known = (c: string): string | null => knownLabel(c, variables)
  /** a column or a dummy column "grade_III": its variable's label and the level it codes, if any */
  const resolve = (col: string): [string, string | null] => {
    if (col.endsWith('_cat')) {
      const k = known(col.slice(0, -4))
      if (k) return [k, null]
    }
    const us = col.lastIndexOf('_')
    if (us > 0) {
      const base = known(col.slice(0, us))
      if (base) return [base, col.slice(us + 1)]
    }
    return [known(col) ?? variableLabel(col, variables), null]
  }
  const eq = term.indexOf('=')
  const [col, level] = eq > 0 ? [term.slice(0, eq), term.slice(eq + 1)] : [term, null]
  const [label, coded] = resolve(col)
  const lv = level ?? coded
  return lv ? `${label}: ${lv.replace(/_/g, ' ')}` : label
}

/** A model name of the study ("rna+hscae", "rna*hscae", "sarculator+hscae+rna") for readers. */
export function modelLabel(model: string): string {
  const token: Record<string, string> = { rna: 'RNA', hrf: 'h-RF', cae: 'CAE', hscae: 'HSCAE', sarculator: 'SARCULATOR', worst: 'worst combination', clinical: 'clinical' }
  return model.split(/([+*])/).map((t) => (t === '+' ? ' + ' : t === '*' ? ' × ' : (token[t] ?? t))).join('')
}
