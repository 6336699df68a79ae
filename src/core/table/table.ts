// Delimited text tables (CSV, TSV, semicolon CSV with decimal commas) parsed with
// papaparse into a small typed record, with errors that name the file, row and column.
// Bytes are decoded by ./decode.ts (gzip, UTF-8/UTF-16 with or without BOM, Latin-1 with a
// warning); Excel's `sep=;` first line sets the delimiter; the file's number convention
// (decimal point or decimal comma, and its thousands separator) is detected once per file
// by ./numbers.ts and its numeric cells rewritten in canonical form ("1.234,5" → "1234.5"),
// so that parseNumber below is strict: no hex, no "Inf", no comma.

import Papa from 'papaparse'
import { InputError } from '../errors.ts'
import { decodeTextFile } from './decode.ts'
import { canonicalNumbers, numberProblem, strictNumber, type DecimalConvention } from './numbers.ts'
export { numberProblem, isMalformedNumber } from './numbers.ts'
import { inputWarning } from '../validate/warnings.ts'

export interface Table {
  /** file name, for messages */
  name: string
  columns: string[]
  /** rows of raw cell strings, aligned with columns (numbers in canonical form) */
  rows: string[][]
  /** the file's decimal separator */
  decimal?: DecimalConvention
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'N/A', 'NULL', 'null', '.'])

/** True for cells that mean "missing value". */
export function isMissing(cell: string | undefined): boolean {
  return cell === undefined || MISSING.has(cell.trim())
}

export interface ParseOptions {
  /** accept a header without data rows (default: an error) */
  allowNoRows?: boolean
}

/** Parse delimited text or a file's bytes; the delimiter is detected (comma, tab, semicolon) or given by a `sep=` line. */
export function parseTable(input: string | Uint8Array, name = 'table', opts: ParseOptions = {}): Table {
  let text: string
  if (typeof input === 'string') {
    text = input
    const bad = text.indexOf('\ufffd')
    if (bad >= 0) inputWarning(`${name}: holds U+FFFD replacement characters (line ${text.slice(0, bad).split('\n').length}); the file was decoded with the wrong encoding — save it as UTF-8`)
  } else text = decodeTextFile(input, name).text
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let delimiter: string | undefined
  // Excel's "sep=;" hint line
  const sep = /^"?sep=(.)"?[ \t]*\r?\n/i.exec(text)
  let lineOffset = 0
  if (sep) {
    delimiter = sep[1]
    text = text.slice(sep[0].length)
    lineOffset = 1
  }
  if (text.trim() === '') throw new InputError('the file is empty; expected a header line and data rows', name)
  const nl = text.indexOf('\n')
  const firstLine = nl < 0 ? text : text.slice(0, nl)
  delimiter ??= firstLine.includes('\t') ? '\t' : count(firstLine, ';') > count(firstLine, ',') ? ';' : ','
  const res = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' })
  if (res.errors.length) {
    const e = res.errors[0]
    throw new InputError(`${e.message}; check quoting and the delimiter`, name, e.row !== undefined ? `row ${e.row + 1 + lineOffset}` : undefined)
  }
  const data = res.data
  if (data.length === 0) throw new InputError('the file is empty; expected a header line and data rows', name)
  const columns = data[0].map((c) => c.trim())
  const seen = new Set<string>()
  for (const c of columns) {
    if (seen.has(c) && c !== '') throw new InputError(`duplicated column "${c}"; rename one of them`, name, 'header')
    seen.add(c)
  }
  const rows = data.slice(1)
  if (rows.length === 0 && !opts.allowNoRows) throw new InputError(`has a header (${columns.slice(0, 6).join(', ')}${columns.length > 6 ? ', …' : ''}) but no data rows; add the data or pick the right file`, name)
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].length !== columns.length)
      throw new InputError(
        `has ${rows[r].length} cells but the header has ${columns.length}; fix the row or the delimiter (read as "${delimiter === '\t' ? 'tab' : delimiter}"${sep ? ' from the sep= line' : ''})`,
        name,
        `row ${r + 2 + lineOffset}`,
      )
  }
  const trimmed = rows.map((r) => r.map((c) => c.trim()))
  const decimal = canonicalNumbers(trimmed, columns, name, delimiter)
  return { name, columns, rows: trimmed, decimal }
}

function count(s: string, ch: string): number {
  let n = 0
  let quoted = false
  for (const c of s) {
    if (c === '"') quoted = !quoted
    else if (c === ch && !quoted) n++
  }
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

/** Parse a canonical number cell (see the header): NaN for missing cells, undefined for anything else (text, hex, Inf). */
export function parseNumber(cell: string): number | undefined {
  if (isMissing(cell)) return NaN
  return strictNumber(cell)
}

/** A numeric column (missing → NaN); any other cell (text, hex, Inf) is an InputError naming file, row and column. */
export function numericColumn(t: Table, column: string): Float64Array {
  const i = columnIndex(t, column)
  const out = new Float64Array(t.rows.length)
  for (let r = 0; r < t.rows.length; r++) {
    const x = parseNumber(t.rows[r][i])
    if (x === undefined) throw new InputError(`${numberProblem(t.rows[r][i], t.decimal)}; fix the value or leave it empty for missing`, t.name, `row ${r + 2}, column ${column}`)
    out[r] = x
  }
  return out
}

/** Serialise rows as CSV (RFC 4180 quoting where needed). */
export function toCsv(columns: string[], rows: (string | number | null | undefined)[][]): string {
  return Papa.unparse({ fields: columns, data: rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? (Number.isNaN(c) ? 'NA' : String(c)) : c))) }, { newline: '\n' }) + '\n'
}
