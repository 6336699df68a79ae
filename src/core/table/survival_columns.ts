// Survival outcome columns read from a clinical table with the checks a biostatistician
// expects: times numeric and > 0, events coded 0/1 (also TRUE/FALSE, yes/no), patient
// ids unique. Each problem names the file, the row (as a spreadsheet shows it: header =
// row 1) and the column, and says what to do.

import { InputError } from '../errors.ts'
import { columnIndex, isMissing, numericColumn, type Table } from './table.ts'

export interface SurvivalColumns {
  time: Float64Array
  /** 1 = event, 0 = censored, NaN = missing */
  event: Float64Array
  /** rows with a missing time or event */
  missing: number
}

const EVENT_WORDS: Record<string, number> = { '0': 0, '1': 1, true: 1, false: 0, yes: 1, no: 0, dead: 1, alive: 0, event: 1, censored: 0 }

export function survivalColumns(t: Table, timeColumn: string, eventColumn: string): SurvivalColumns {
  const time = numericColumn(t, timeColumn)
  const ei = columnIndex(t, eventColumn)
  const event = new Float64Array(t.rows.length)
  let missing = 0
  for (let r = 0; r < t.rows.length; r++) {
    const cell = t.rows[r][ei]
    if (isMissing(cell)) event[r] = NaN
    else {
      const v = EVENT_WORDS[cell.toLowerCase()]
      if (v === undefined) throw new InputError(`event must be 0 (censored) or 1 (event), got "${cell}"; recode the column`, t.name, `row ${r + 2}, column ${eventColumn}`)
      event[r] = v
    }
    if (Number.isFinite(time[r]) && time[r] <= 0)
      throw new InputError(`survival time must be > 0, got ${time[r]}; check the dates (an event on the day of diagnosis can be entered as a small positive time, e.g. 0.5 day)`, t.name, `row ${r + 2}, column ${timeColumn}`)
    if (!Number.isFinite(time[r]) || Number.isNaN(event[r])) missing++
  }
  return { time, event, missing }
}

/** The id column, checked for empty and duplicated ids. */
export function uniqueIds(t: Table, idColumn: string): string[] {
  const i = columnIndex(t, idColumn)
  const seen = new Map<string, number>()
  return t.rows.map((row, r) => {
    const id = row[i]
    if (isMissing(id)) throw new InputError('empty patient id; every row needs an id', t.name, `row ${r + 2}, column ${idColumn}`)
    const first = seen.get(id)
    if (first !== undefined) throw new InputError(`patient id "${id}" also appears in row ${first}; each patient must appear once`, t.name, `row ${r + 2}, column ${idColumn}`)
    seen.set(id, r + 2)
    return id
  })
}
