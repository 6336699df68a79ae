// A manifest file read from disk: the core's one manifest parser (src/core/cohort/manifest.ts)
// with every path resolved against the manifest's folder (absolute paths kept).
import path from 'node:path'
import { readInputText } from './input_files.ts'
import { noteInput } from './output.ts'
import { parseTable } from '../core/table/table.ts'
import { parseManifest, type ManifestImage, type ManifestOptions, type ManifestRow } from '../core/cohort/manifest.ts'

export interface ManifestFileRow extends ManifestRow {
  /** the row's image cells as paths on this machine */
  files: Partial<Record<ManifestImage, string>>
}

export function readManifestFile(file: string, opts: ManifestOptions = {}): ManifestFileRow[] {
  const base = path.dirname(path.resolve(file))
  const resolve = (p: string) => (path.isAbsolute(p) ? p : path.join(base, p))
  const rows = parseManifest(parseTable(readInputText(file), file), file, opts).map((r) => ({
    ...r,
    files: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, resolve(v)])) as ManifestFileRow['files'],
  }))
  // every image the manifest names is an input: no output may replace one (checked now, before any work)
  for (const r of rows) for (const [k, f] of Object.entries(r.files)) if (f) noteInput(f, `the ${k} of patient ${r.id} in ${file} (row ${r.line})`)
  return rows
}
