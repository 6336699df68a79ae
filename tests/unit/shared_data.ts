// Where the tests find the shared data set (../shared/data: IBSI phantoms, the STS MRI cohort,
// brain1, survival data sets, MSigDB Hallmark GMT), and the guard that SKIPS a test with a
// message when the files it reads are absent (a clone without the data, CI). Set
// SOL_SHARED_DATA to point the tests at another copy (or at a missing folder, to check the skips).
import fs from 'node:fs'

export const DATA = process.env.SOL_SHARED_DATA ?? '../shared/data'

/** The Hallmark gene-set file several omics and study tests read. */
export const HALLMARK_GMT = `${DATA}/genesets/h.all.v7.5.1.symbols.gmt`

const told = new Set<string>()

/**
 * True when every path (relative to DATA, or absolute) exists; otherwise logs once, naming
 * what is skipped and the first missing path, and returns false — use it with
 * `describe.skipIf(!haveData(...))` / `it.skipIf(...)`.
 */
export function haveData(what: string, ...paths: string[]): boolean {
  const missing = paths.map((p) => (p.startsWith('/') || p.startsWith('.') ? p : `${DATA}/${p}`)).find((p) => !fs.existsSync(p))
  if (missing === undefined) return true
  if (!told.has(what)) {
    told.add(what)
    console.warn(`skipped: ${what} — ${missing} not found (the shared data set; set SOL_SHARED_DATA to its folder)`)
  }
  return false
}
