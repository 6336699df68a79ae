// Delimited text tables (CSV, TSV, semicolon CSV with decimal commas) parsed with
// papaparse into a small typed record, with errors that name the file, row and column.

import Papa from 'papaparse'
import { InputError } from '../errors.ts'

export interface Table {
  /** file name, for messages */
  name: string
  columns: string[]
  /** rows of raw cell strings, aligned with columns */
  rows: string[][]
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'N/A', 'NULL', 'null', '.'])

/** True for cells that mean "missing value". */
export function isMissing(cell: string | undefined): boolean {
  return cell === undefined || MISSING.has(cell.trim())
}

/** Parse delimited text; the delimiter is detected (comma, tab, semicolon). */
export function parseTable(text: string, name = 'table'): Table {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0)
  const delimiter = firstLine.includes('\t') ? '\t' : count(firstLine, ';') > count(firstLine, ',') ? ';' : ','
  const res = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' })
  if (res.errors.length) {
    const e = res.errors[0]
    throw new InputError(`${e.message}; check quoting and the delimiter`, name, e.row !== undefined ? `row ${e.row + 1}` : undefined)
  }
  const data = res.data
  if (data.length === 0) throw new InputError('the file is empty; expected a header line and data rows', name)
  const columns = data[0].map((c) => c.trim())
  const seen = new Set<string>()
  for (const c of columns) {
    if (seen.has(c)) throw new InputError(`duplicated column "${c}"; rename one of them`, name, 'header')
    seen.add(c)
  }
  const rows = data.slice(1)
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].length !== columns.length)
      throw new InputError(`has ${rows[r].length} cells but the header has ${columns.length}; fix the row or the delimiter`, name, `row ${r + 2}`)
  }
  return { name, columns, rows: rows.map((r) => r.map((c) => c.trim())) }
}

function count(s: string, ch: string): number {
  let n = 0
  for (const c of s) if (c === ch) n++
  return n
}

/** Index of a column, or an InputError naming the file and the missing column. */
export function columnIndex(t: Table, column: string): number {
  const i = t.columns.indexOf(column)
  if (i < 0) throw new InputError(`has no column "${column}" (columns: ${t.columns.join(', ')}); pick an existing column or rename it`, t.name)
  return i
}

/** A column's raw strings. */
export function stringColumn(t: Table, column: string): string[] {
  const i = columnIndex(t, column)
  return t.rows.map((r) => r[i])
}

/** Parse a number, accepting a decimal comma ("1,5"); NaN for missing cells, undefined for text. */
export function parseNumber(cell: string): number | undefined {
  if (isMissing(cell)) return NaN
  const s = /^[-+]?\d+,\d+$/.test(cell) ? cell.replace(',', '.') : cell
  const x = Number(s)
  return Number.isFinite(x) || s === 'Inf' || s === '-Inf' ? (Number.isFinite(x) ? x : s === 'Inf' ? Infinity : -Infinity) : undefined
}

/** A numeric column (missing → NaN); text cells are an InputError naming file, row and column. */
export function numericColumn(t: Table, column: string): Float64Array {
  const i = columnIndex(t, column)
  const out = new Float64Array(t.rows.length)
  for (let r = 0; r < t.rows.length; r++) {
    const x = parseNumber(t.rows[r][i])
    if (x === undefined)
      throw new InputError(`"${t.rows[r][i]}" is not a number; fix the value or leave it empty for missing`, t.name, `row ${r + 2}, column ${column}`)
    out[r] = x
  }
  return out
}

/** Serialise rows as CSV (RFC 4180 quoting where needed). */
export function toCsv(columns: string[], rows: (string | number | null | undefined)[][]): string {
  return Papa.unparse({ fields: columns, data: rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? (Number.isNaN(c) ? 'NA' : String(c)) : c))) }, { newline: '\n' }) + '\n'
}
