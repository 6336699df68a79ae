// A hospital's version of a demo clinical table (renamed columns, local codes, dates instead
// of MFS time and event) and the mapping file that maps it back: shared by the mapping
// tests (clinical_mapping.test.ts) and the full study run (study_mapping_full.test.ts).
import { guessMapping } from '../../../src/core/study/import.ts'
import type { Table } from '../../../src/core/table/table.ts'

/** days per month (MFS times are in months) */
export const D = 365.25 / 12
const iso = (days: number) => new Date(days * 86400000).toISOString().slice(0, 10)
const eu = (days: number) => { const [y, m, d] = iso(days).split('-'); return `${d}/${m}/${y}` }

export const RENAME: Record<string, string> = { patient_id: 'NIP', age: 'Age at diagnosis', sex: 'Gender', histotype: 'Histology (local)', grade: 'FNCLCC', chemotherapy: 'Chemo', cohort: 'Set' }

/** The hospital table and its local histotype spellings. */
export function hospitalTable(demo: Table, histo: Record<string, string> = {}): Table {
  const col = (c: string) => demo.columns.indexOf(c)
  const keep = demo.columns.filter((c) => c !== 'mfs_time' && c !== 'mfs_event')
  const rows = demo.rows.map((r, i) => {
    const dx = Date.UTC(2008, 0, 1) / 86400000 + 17 * i
    const end = dx + Math.round(Number(r[col('mfs_time')]) * D)
    const out = keep.map((c) => {
      const v = r[col(c)]
      if (c === 'sex') return v === 'M' ? 'male' : 'female'
      if (c === 'chemotherapy') return v === '1' ? 'neoadjuvant' : 'none'
      if (c === 'histotype') return (histo[v] ??= `local-${v.toUpperCase()}`)
      return v
    })
    const event = r[col('mfs_event')] === '1'
    return [...out, eu(dx), event ? eu(end) : '', eu(event ? end + 200 : end)]
  })
  return { name: 'hospital.csv', columns: [...keep.map((c) => RENAME[c] ?? c), 'Date of diagnosis', 'Date of metastasis', 'Last news'], rows }
}

/** The mapping file (JSON) naming the hospital's columns, codes and dates. */
export function hospitalMapping(demo: Table, histo: Record<string, string>): unknown {
  const g = guessMapping(demo.columns)
  const columns: Record<string, string> = {}
  for (const [k, c] of Object.entries(g)) if (k !== 'time' && k !== 'event' && c) columns[k] = RENAME[c] ?? c
  return {
    columns,
    recode: { sex: { male: 'M', female: 'F' }, chemotherapy: { none: 0, neoadjuvant: 1 }, histotype: Object.fromEntries(Object.entries(histo).map(([a, b]) => [b, a])) },
    dates: { diagnosis: 'Date of diagnosis', relapse: 'Date of metastasis', last_followup: 'Last news', format: 'DD/MM/YYYY' },
  }
}
