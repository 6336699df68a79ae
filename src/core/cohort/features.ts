// The feature table every engine exchanges: patients (or items) in rows, named numeric
// features in columns, row-major Float64Array; with its one CSV/TSV reader and writer
// (first column the patient id, full double precision, NA for missing), its column-wise
// view (for the ICC filter) and its items × features view (for clustering).
import { InputError } from '../errors.ts'
import { parseNumber, parseTable, toCsv } from '../table/table.ts'

export interface FeatureTable {
  ids: string[]
  columns: string[]
  /** row-major values: ids.length × columns.length */
  values: Float64Array
}

/** Column-wise features (one Float64Array per column), as the ICC filter reads them. */
export interface FeatureColumns {
  ids: string[]
  columns: string[]
  values: Float64Array[]
}

export interface FeatureCsvOptions {
  /** refuse missing or non-finite values (clustering needs complete data); default: NA allowed as NaN */
  finite?: boolean
  /** refuse repeated ids */
  uniqueIds?: boolean
  /** the fewest rows accepted */
  minRows?: number
}

/** A feature table from CSV/TSV text: first column the ids, then numeric feature columns. */
export function parseFeatureCsv(text: string | Uint8Array, name: string, opts: FeatureCsvOptions = {}): FeatureTable {
  const t = parseTable(text, name)
  if (t.columns.length < 2) throw new InputError('needs a patient id column followed by feature columns', name, 'header')
  const minRows = opts.minRows ?? 0
  if (t.rows.length < minRows) throw new InputError(`needs at least ${minRows} rows (patients or items), found ${t.rows.length}`, name)
  const p = t.columns.length - 1
  const values = new Float64Array(t.rows.length * p)
  const seen = new Set<string>()
  t.rows.forEach((r, i) => {
    if (opts.uniqueIds) {
      if (seen.has(r[0])) throw new InputError(`duplicated id "${r[0]}"; ids must be unique`, name, `row ${i + 2}`)
      seen.add(r[0])
    }
    for (let j = 0; j < p; j++) {
      const x = parseNumber(r[j + 1])
      if (x === undefined) throw new InputError(`"${r[j + 1]}" is not a number; fix the value or leave it empty for missing`, name, `row ${i + 2}, column ${t.columns[j + 1]}`)
      if (opts.finite && !Number.isFinite(x))
        throw new InputError(`"${r[j + 1]}" is not a finite number; impute missing values or drop the feature before clustering`, name, `row ${i + 2}, column ${t.columns[j + 1]}`)
      values[i * p + j] = x
    }
  })
  return { ids: t.rows.map((r) => r[0]), columns: t.columns.slice(1), values }
}

/** CSV (or TSV) text with a patient_id column; full double precision, NA for missing. */
export function featureTableText(t: FeatureTable, delimiter: ',' | '\t' = ','): string {
  const rows = t.ids.map((id, i) => [id, ...t.columns.map((_, j) => t.values[i * t.columns.length + j])])
  const csv = toCsv(['patient_id', ...t.columns], rows)
  if (delimiter === ',') return csv
  return ['patient_id', ...t.columns].join('\t') + '\n' + rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isFinite(c) ? String(c) : 'NA') : c)).join('\t')).join('\n') + '\n'
}

/** Column-wise view of a feature table (for the ICC filter). */
export function featureColumns(t: FeatureTable): FeatureColumns {
  const nc = t.columns.length
  return { ids: t.ids, columns: t.columns, values: t.columns.map((_, j) => Float64Array.from(t.ids, (_, i) => t.values[i * nc + j])) }
}

/** Items × features view for clustering ({ nItems, nFeatures, data } shares the values). */
export function featureMatrixOf(t: FeatureTable): { nItems: number; nFeatures: number; data: Float64Array } {
  return { nItems: t.ids.length, nFeatures: t.columns.length, data: t.values }
}

/** The table of per-patient feature records (columns: `columns`, else every name in order of first appearance; NaN where a patient lacks one). */
export function featureTable(rows: { id: string; features: Record<string, number> }[], columns?: string[]): FeatureTable {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r.features)))]
  const values = new Float64Array(rows.length * cols.length)
  rows.forEach((r, i) => cols.forEach((c, j) => (values[i * cols.length + j] = r.features[c] ?? NaN)))
  return { ids: rows.map((r) => r.id), columns: cols, values }
}
