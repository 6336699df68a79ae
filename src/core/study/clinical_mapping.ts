// A hospital's clinical table → the study's variables, by a mapping file (the JSON the app's
// mapping step exports and imports, `study --mapping mapping.json`):
//   { "columns": { "<variable>": "<hospital column>", … },
//     "recode":  { "<variable>": { "<hospital value>": "<study value>", … }, … },
//     "dates":   { "diagnosis": COL, "relapse": COL, "last_followup": COL, "format": "DD/MM/YYYY" } }
// Variables are STUDY_VARIABLES' keys (id, time, event, age, sex, histotype, chemotherapy …);
// a flat object { id, time, event, … } (the app's ClinicalMapping) is read as "columns".
// With "dates", metastasis-free survival is derived: event = 1 when a relapse date is given,
// time = (relapse, else last follow-up) − diagnosis in months of 365.25/12 days. Values that
// a recoding table does not list are refused by name (never passed through silently).

import { InputError } from '../errors.ts'
import type { Table } from '../table/table.ts'
import type { ClinicalMapping } from '../cohort/cohort.ts'
import { STUDY_VARIABLES } from './import.ts'

export interface MappingFile {
  columns: Record<string, string>
  recode?: Record<string, Record<string, string>>
  dates?: { diagnosis: string; relapse?: string; last_followup: string; format?: string }
}

const DAYS_PER_MONTH = 365.25 / 12

/** Validate a mapping JSON (file named in messages). */
export function parseMappingFile(raw: unknown, file?: string): MappingFile {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('must be a JSON object {"columns": {...}, "recode": {...}, "dates": {...}}', file)
  const o = raw as Record<string, unknown>
  const keys = new Set(STUDY_VARIABLES.map((v) => v.key))
  const flat = !('columns' in o) && !('recode' in o) && !('dates' in o)
  const columns = (flat ? o : o.columns ?? {}) as Record<string, unknown>
  if (typeof columns !== 'object' || Array.isArray(columns)) throw new InputError('"columns" must be an object {variable: column}', file, 'columns')
  for (const [k, v] of Object.entries(columns)) {
    if (!keys.has(k)) throw new InputError(`unknown study variable "${k}" (variables: ${[...keys].join(', ')})`, file, `columns.${k}`)
    if (typeof v !== 'string') throw new InputError(`column of "${k}" must be a string`, file, `columns.${k}`)
  }
  const out: MappingFile = { columns: columns as Record<string, string> }
  if (!flat && o.recode !== undefined) {
    if (!o.recode || typeof o.recode !== 'object' || Array.isArray(o.recode)) throw new InputError('"recode" must be an object {variable: {from: to}}', file, 'recode')
    for (const [k, v] of Object.entries(o.recode as Record<string, unknown>)) {
      if (!keys.has(k)) throw new InputError(`unknown study variable "${k}"`, file, `recode.${k}`)
      if (!v || typeof v !== 'object' || Object.values(v).some((x) => typeof x !== 'string' && typeof x !== 'number'))
        throw new InputError(`recoding of "${k}" must map values to strings or numbers`, file, `recode.${k}`)
    }
    out.recode = Object.fromEntries(Object.entries(o.recode as Record<string, Record<string, unknown>>).map(([k, m]) => [k, Object.fromEntries(Object.entries(m).map(([a, b]) => [a, String(b)]))]))
  }
  if (!flat && o.dates !== undefined) {
    const d = o.dates as Record<string, unknown>
    if (!d || typeof d !== 'object' || typeof d.diagnosis !== 'string' || typeof d.last_followup !== 'string' || (d.relapse !== undefined && typeof d.relapse !== 'string'))
      throw new InputError('"dates" needs "diagnosis" and "last_followup" column names (and "relapse"; "format" optional)', file, 'dates')
    if (d.format !== undefined && !['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'].includes(String(d.format)))
      throw new InputError(`date format "${d.format}" is not one of YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY`, file, 'dates.format')
    out.dates = d as MappingFile['dates']
  }
  return out
}

/** Days since 1970-01-01 (UTC) of a date string, or NaN when it is empty. */
export function parseDate(s: string, format = 'auto'): number {
  const t = s.trim()
  if (!t) return NaN
  let y: number, m: number, d: number
  let a: RegExpMatchArray | null
  if ((format === 'auto' || format === 'YYYY-MM-DD') && (a = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/))) [y, m, d] = [+a[1], +a[2], +a[3]]
  else if ((a = t.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/)) && format !== 'YYYY-MM-DD') {
    if (format === 'MM/DD/YYYY') [m, d, y] = [+a[1], +a[2], +a[3]]
    else [d, m, y] = [+a[1], +a[2], +a[3]] // auto: day first (European tables); give "format" for US order
  } else return Infinity // unparseable: flagged by the caller
  const ms = Date.UTC(y, m - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return Infinity
  return ms / 86400000
}

/**
 * Apply a mapping: a table with one column per mapped study variable (named by the
 * variable: patient_id, mfs_time, mfs_event, then the keys) and the ClinicalMapping onto it.
 * @throws InputError naming row, column and value for an unlisted code or a bad date
 */
export function applyClinicalMapping(table: Table, m: MappingFile, file = 'mapping'): { table: Table; mapping: ClinicalMapping } {
  const col = (c: string, what: string) => {
    const j = table.columns.indexOf(c)
    if (j < 0) throw new InputError(`has no column "${c}" for ${what} (columns: ${table.columns.join(', ')}); fix the mapping file ${file}`, table.name)
    return j
  }
  const name = (k: string) => (k === 'id' ? 'patient_id' : k === 'time' ? 'mfs_time' : k === 'event' ? 'mfs_event' : k)
  const vars = STUDY_VARIABLES.map((v) => v.key).filter((k) => m.columns[k] || (m.dates && (k === 'time' || k === 'event')))
  for (const v of STUDY_VARIABLES) if (v.required && !vars.includes(v.key)) throw new InputError(`maps no column to "${v.label}" (${v.key})${v.key !== 'id' ? ' and has no "dates"' : ''}`, file, 'columns')
  const idx = new Map(vars.filter((k) => m.columns[k] && !(m.dates && (k === 'time' || k === 'event'))).map((k) => [k, col(m.columns[k], `"${k}"`)]))
  const dateCols = m.dates ? { dx: col(m.dates.diagnosis, 'the diagnosis date'), rel: m.dates.relapse ? col(m.dates.relapse, 'the relapse date') : -1, fu: col(m.dates.last_followup, 'the last follow-up date') } : null
  const rows = table.rows.map((r, i) => {
    const where = (c: string) => `row ${i + 2}, column "${c}"`
    return vars.map((k) => {
      if (dateCols && (k === 'time' || k === 'event')) {
        const fmt = m.dates!.format ?? 'auto'
        const dx = parseDate(r[dateCols.dx], fmt)
        const rel = dateCols.rel >= 0 ? parseDate(r[dateCols.rel], fmt) : NaN
        const fu = parseDate(r[dateCols.fu], fmt)
        for (const [v, c, j] of [[dx, m.dates!.diagnosis, dateCols.dx], [rel, m.dates!.relapse ?? '', dateCols.rel], [fu, m.dates!.last_followup, dateCols.fu]] as const)
          if (v === Infinity) throw new InputError(`"${r[j]}" is not a date (${fmt === 'auto' ? 'YYYY-MM-DD or DD/MM/YYYY' : fmt})`, table.name, where(c))
        if (Number.isNaN(dx)) throw new InputError('no diagnosis date; MFS cannot be computed', table.name, where(m.dates!.diagnosis))
        const end = Number.isNaN(rel) ? fu : rel
        if (Number.isNaN(end)) throw new InputError('neither a relapse nor a last follow-up date; MFS cannot be computed', table.name, where(m.dates!.last_followup))
        if (end < dx) throw new InputError(`ends (${r[Number.isNaN(rel) ? dateCols.fu : dateCols.rel]}) before the diagnosis (${r[dateCols.dx]})`, table.name, where(Number.isNaN(rel) ? m.dates!.last_followup : m.dates!.relapse!))
        return k === 'time' ? String((end - dx) / DAYS_PER_MONTH) : Number.isNaN(rel) ? '0' : '1'
      }
      const c = m.columns[k]
      const raw = r[idx.get(k)!] ?? ''
      const rec = m.recode?.[k]
      if (!rec || raw.trim() === '') return raw
      const hit = rec[raw] ?? rec[raw.trim()] ?? Object.entries(rec).find(([a]) => a.toLowerCase() === raw.trim().toLowerCase())?.[1]
      if (hit === undefined) throw new InputError(`value "${raw}" has no recoding for "${k}" (listed: ${Object.keys(rec).join(', ')}); add it to "recode.${k}" in ${file}`, table.name, where(c))
      return hit
    })
  })
  const columns = vars.map(name)
  const mapping: ClinicalMapping = { id: 'patient_id', time: 'mfs_time', event: 'mfs_event' }
  for (const k of vars) mapping[k] = name(k)
  return { table: { name: table.name, columns, rows }, mapping }
}
