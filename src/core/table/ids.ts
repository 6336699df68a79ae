// Identifier columns: every id present and unique. A duplicated id is an error naming
// every duplicated id with its rows (as a spreadsheet numbers them: header = row 1), so
// that a patient is never extracted or counted twice.
import { InputError } from '../errors.ts'
import { columnIndex, isMissing, type Table } from './table.ts'

/** Throw when the id column has empty or duplicated ids; returns the ids. */
export function duplicateIds(t: Table, idColumn: string, what = 'patient id'): string[] {
  const i = columnIndex(t, idColumn)
  const rows = new Map<string, number[]>()
  t.rows.forEach((r, k) => {
    if (isMissing(r[i])) throw new InputError(`empty ${what}; every row needs one`, t.name, `row ${k + 2}, column ${idColumn}`)
    rows.set(r[i], [...(rows.get(r[i]) ?? []), k + 2])
  })
  const dup = [...rows.entries()].filter(([, r]) => r.length > 1)
  if (dup.length)
    throw new InputError(
      `duplicated ${what}${dup.length > 1 ? 's' : ''} ${dup.slice(0, 5).map(([id, r]) => `"${id}" (rows ${r.join(', ')})`).join(', ')}${dup.length > 5 ? `, and ${dup.length - 5} more` : ''}; each must appear once — remove or rename the duplicates`,
      t.name,
      `column ${idColumn}`,
    )
  return t.rows.map((r) => r[i])
}
