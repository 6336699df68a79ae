// Numbers in table cells, by the file's convention. A file uses either a decimal point
// (thousands grouped by "," or "'") or a decimal comma (thousands grouped by ".", space,
// no-break space); the convention is decided once per file from its unambiguous cells —
// "12,5" can only be a decimal comma, "12.5" only a decimal point — and a column holding
// both is refused; so is a file whose decimal-comma columns outnumber its decimal-point
// ones while holding both (the point cells would still read as numbers); otherwise the
// file uses the decimal point and its decimal-comma cells stay text, with a warning. Cells like "1,234" (a group of three digits) are ambiguous: they follow
// the file's convention, which defaults to a decimal comma for ";"-separated files (the
// Excel export of comma-decimal locales) and a decimal point otherwise; any thousands
// separator removed is reported as a warning. Hexadecimal, "Inf" and other forms that
// JavaScript's Number() accepts are not numbers here.

import { InputError } from '../errors.ts'
import { inputWarning } from '../validate/warnings.ts'

export type DecimalConvention = '.' | ','

const CANONICAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const COMMA_DECIMAL = /^[-+]?\d+,(\d{1,2}|\d{4,})([eE][-+]?\d+)?$/ // "12,5", "7,25", "0,1234": not a group of 3
const POINT_DECIMAL = /^[-+]?\d+\.(\d{1,2}|\d{4,})([eE][-+]?\d+)?$/
const COMMA_OR_POINT_3 = /^[-+]?\d{1,3}[.,]\d{3}$/ // "1,234" / "1.234": ambiguous
// decimal-point convention: "1,234,567.5", "1'234.5"
const GROUPED_POINT = /^[-+]?\d{1,3}([,']\d{3})+(\.\d+)?$/
// decimal-comma convention: "1.234.567,5", "1 234,5" (space, no-break space, narrow no-break space)
const GROUPED_COMMA = /^[-+]?\d{1,3}([. \u00a0\u202f]\d{3})+(,\d+)?$/
const SIMPLE_COMMA = /^[-+]?\d*,\d+([eE][-+]?\d+)?$/

/** A canonical decimal number ("-1.5e3"), else undefined (hex, Inf, commas, text). */
export function strictNumber(cell: string): number | undefined {
  const s = cell.trim()
  if (!CANONICAL.test(s)) return undefined
  const x = Number(s)
  return Number.isFinite(x) ? x : undefined
}

/** True for cells that look meant as numbers but are not accepted (hex, Inf, overflow): an error, never a category. */
export function isMalformedNumber(cell: string): boolean {
  const s = cell.trim()
  return /^[-+]?0[xXbBoO][0-9a-fA-F]+$/.test(s) || /^[-+]?(inf|infinity)$/i.test(s) || (CANONICAL.test(s) && !Number.isFinite(Number(s)))
}

/** Why a cell is not a number, in words for an error message. */
export function numberProblem(cell: string, decimal: DecimalConvention = '.'): string {
  const s = cell.trim()
  if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(s)) return `"${cell}" is hexadecimal; write the decimal value`
  if (/^[-+]?0[bBoO]\d+$/.test(s)) return `"${cell}" is a binary/octal literal; write the decimal value`
  if (/^[-+]?(inf|infinity)$/i.test(s)) return `"${cell}" is infinite; a finite value is needed`
  if (CANONICAL.test(s)) return `"${cell}" overflows (not a finite number)`
  if (decimal === '.' && SIMPLE_COMMA.test(s)) return `"${cell}" has a decimal comma but this file uses a decimal point; use one decimal separator in the file`
  if (decimal === ',' && /^[-+]?\d*\.\d+$/.test(s)) return `"${cell}" has a decimal point but this file uses a decimal comma; use one decimal separator in the file`
  return `"${cell}" is not a number`
}

/**
 * Decide the file's convention and rewrite its numeric cells in canonical form, in place.
 * Throws when the file mixes decimal commas and decimal points.
 */
export function canonicalNumbers(rows: string[][], columns: string[], name: string, delimiter: string): DecimalConvention {
  // first unambiguous decimal-comma / decimal-point cell of each column
  const commaAt = new Map<number, [number, number]>(), pointAt = new Map<number, [number, number]>()
  for (let r = 0; r < rows.length; r++)
    for (let c = 0; c < rows[r].length; c++) {
      const s = rows[r][c]
      if (!commaAt.has(c) && COMMA_DECIMAL.test(s)) commaAt.set(c, [r, c])
      else if (!pointAt.has(c) && POINT_DECIMAL.test(s)) pointAt.set(c, [r, c])
    }
  const at = ([r, c]: [number, number]) => `row ${r + 2}, column ${columns[c] ?? c + 1}: "${rows[r][c]}"`
  const mixed = (a: [number, number], b: [number, number]) =>
    new InputError(`mixes decimal commas (${at(a)}) and decimal points (${at(b)}); use one decimal separator throughout the file`, name)
  for (const [c, a] of commaAt) { const b = pointAt.get(c); if (b) throw mixed(a, b) }
  let comma = commaAt.size ? [...commaAt.values()][0] : null
  const point = pointAt.size ? [...pointAt.values()][0] : null
  if (comma && point) {
    // Under a decimal comma, "12.5" would still read as a number: refuse. Under a decimal
    // point, "2,1" is not a number (text such as an ICC model label "2,1"), so the file
    // reads by its decimal-point columns and a numeric use of those cells is refused then.
    if (commaAt.size > pointAt.size) throw mixed(comma, point)
    const names = [...commaAt.keys()].map((c) => columns[c] ?? String(c + 1))
    inputWarning(`${name}: column(s) ${names.join(', ')} hold decimal commas ("${rows[comma[0]][comma[1]]}") in a file with decimal points; they are read as text`)
    comma = null
  }
  const decimal: DecimalConvention = comma ? ',' : point ? '.' : delimiter === ';' ? ',' : '.'
  let grouped = 0
  let example = ''
  for (const row of rows)
    for (let c = 0; c < row.length; c++) {
      const s = row[c]
      if (CANONICAL.test(s) && !(decimal === ',' && COMMA_OR_POINT_3.test(s))) continue
      let out: string | null = null
      if (decimal === '.') {
        if (GROUPED_POINT.test(s)) out = s.replace(/[,']/g, '')
      } else if (SIMPLE_COMMA.test(s)) {
        row[c] = s.replace(',', '.')
        continue
      } else if (GROUPED_COMMA.test(s)) out = s.replace(/[. \u00a0\u202f]/g, '').replace(',', '.')
      if (out !== null) {
        grouped++
        example ||= `"${s}" → ${out}`
        row[c] = out
      }
    }
  if (grouped) inputWarning(`${name}: ${grouped} number(s) with a thousands separator read without the separator (e.g. ${example}); the file's decimal separator is "${decimal}"`)
  return decimal
}
