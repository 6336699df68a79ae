// Pseudonymised exports in the app, as the CLI's `study --pseudonymise`: when the option is on
// (saved with the project), every export (report, analysis.json, tables, feature CSV, project
// file) has each patient id replaced by its stable pseudonym (src/core/study/pseudonyms.ts).
// The key (secret and table) stays in this browser's storage, never in a project export;
// the user downloads it apart to map pseudonyms back.
import { app } from './state.svelte.ts'
import { kvGet, kvSet } from './persist.ts'
import { newPseudonymKey, pseudonymise, replaceIds, replaceIdsDeep, type PseudonymKey } from '../../core/study/pseudonyms.ts'

/** app.results key of the option (true = pseudonymise every export) */
export const PSEUDONYMISE = 'export.pseudonymise'
const KEY_STORE = 'pseudonym.key'

export const pseudonymising = (): boolean => app.results[PSEUDONYMISE] === true

async function storedKey(): Promise<PseudonymKey> {
  const k = await kvGet<PseudonymKey>(KEY_STORE)
  if (k && typeof k.secret === 'string') return { secret: k.secret, pseudonyms: { ...(k.pseudonyms ?? {}) } }
  const fresh = newPseudonymKey()
  await kvSet(KEY_STORE, fresh)
  return fresh
}

/** The cohort's patient ids: the imaged patients and every id of the clinical table. */
function cohortIds(): string[] {
  const c = app.cohort
  if (!c) return []
  const ids = new Set(c.patients.map((p) => p.id))
  const col = c.clinical && c.mapping ? c.clinical.columns.indexOf(c.mapping.id) : -1
  if (c.clinical && col >= 0) for (const r of c.clinical.rows) if (r[col]) ids.add(r[col])
  return [...ids]
}

/** id → pseudonym for this export, or null when the option is off. */
export async function exportMap(): Promise<Map<string, string> | null> {
  if (!pseudonymising()) return null
  const key = await storedKey()
  const map = await pseudonymise(key, cohortIds())
  await kvSet(KEY_STORE, key)
  return map
}

/** A text export, pseudonymised when the option is on. */
export async function exportText(text: string): Promise<string> {
  const map = await exportMap()
  return map ? replaceIds(text, map) : text
}

/** A structured export (tables, a project snapshot), pseudonymised when the option is on. */
export async function exportValue<T>(value: T): Promise<T> {
  const map = await exportMap()
  return map ? replaceIdsDeep(value, map) : value
}

/** The key file (secret and id → pseudonym table), to keep apart from the exports. */
export async function keyFile(): Promise<string> {
  const key = await storedKey()
  await pseudonymise(key, cohortIds())
  await kvSet(KEY_STORE, key)
  return JSON.stringify(key, null, 1) + '\n'
}
