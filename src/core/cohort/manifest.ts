// The cohort manifest: one row per patient naming its image files (paths relative to the
// manifest), read by every command and by the app's import through this one parser.
//
//   patient_id,t1,t2,ce_t1,mask[,mask_t1,mask_t2,mask_ce_t1][,mask2[,mask2_t1,mask2_t2,mask2_ce_t1]][,cohort]
//
// `mask` is the tumour drawn on CE-T1 (else on the first sequence there is); `mask_<seq>` is
// a mask drawn (or adjusted) on that sequence, used for its features instead of the CE-T1
// mask carried over through patient coordinates; `mask2*` the same for a second, independent
// delineation (the study's ICC filter). `image` (radiomics-cohort) stands for every sequence.
// Only names and cells here: callers resolve the paths (Node: path.resolve; browser: the
// picked folder's file list) and read the images.

import { InputError } from '../errors.ts'
import { isMissing, type Table } from '../table/table.ts'
import { SEQUENCES, type Sequence } from './cohort.ts'

/** Image columns of a manifest, in header order. */
export const MANIFEST_IMAGE_COLUMNS = ['t1', 't2', 'ce_t1', 'mask', 'mask_t1', 'mask_t2', 'mask_ce_t1', 'mask2', 'mask2_t1', 'mask2_t2', 'mask2_ce_t1'] as const
export type ManifestImage = (typeof MANIFEST_IMAGE_COLUMNS)[number]
/** The masks of one delineation: 'mask' (first) or 'mask2' (second, ICC filter). */
export type Delineation = 'mask' | 'mask2'

export const MANIFEST_HEADER = 'patient_id,t1,t2,ce_t1,mask[,mask_t1,mask_t2,mask_ce_t1][,mask2][,cohort]'

export interface ManifestRow {
  id: string
  cohort: 'train' | 'test'
  /** 1-based line of the row in the file (header = 1), for messages */
  line: number
  /** non-empty image cells as written (paths relative to the manifest) */
  cells: Partial<Record<ManifestImage, string>>
}

export interface ManifestOptions {
  /** image columns every row must fill (e.g. ['ce_t1', 'mask'] for the deep models) */
  require?: ManifestImage[]
  /** why they are required, for the message */
  requireWhy?: string
  /** accept an `image` column standing for t1, t2 and ce_t1 (radiomics-cohort) */
  imageColumn?: boolean
}

const ID_COLUMNS = ['patient_id', 'patient', 'id', 'subject']

/** The column of a sequence's own mask in one delineation: maskColumn('t2') → 'mask_t2'. */
export const maskColumn = (seq: Sequence, which: Delineation = 'mask'): ManifestImage => `${which}_${seq}` as ManifestImage

/** The per-sequence mask cells of a row: its own mask where given (absent otherwise). */
export function sequenceMasks<T>(cells: Partial<Record<ManifestImage, T>>, which: Delineation = 'mask'): Partial<Record<Sequence, T>> {
  const out: Partial<Record<Sequence, T>> = {}
  for (const s of SEQUENCES) {
    const v = cells[maskColumn(s, which)]
    if (v !== undefined) out[s] = v
  }
  return out
}

/** Cohort cell → train/test (empty = train). */
export function cohortOf(cell: string | undefined, file: string, at: string): 'train' | 'test' {
  if (cell === undefined || isMissing(cell)) return 'train'
  const c = cell.trim().toLowerCase()
  if (['train', 'training', 'discovery', 'derivation'].includes(c)) return 'train'
  if (['test', 'testing', 'validation', 'holdout', 'external'].includes(c)) return 'test'
  throw new InputError(`cohort must be "train" or "test", got "${cell}"; fix the value or leave it empty for train`, file, at)
}

/**
 * The rows of a manifest table. InputError names the file, the row and the column of a
 * missing id, a repeated patient, an empty required cell or a bad cohort.
 * @example parseManifest(parseTable('patient_id,ce_t1,mask,mask_t2\nP1,ce.nii,m.nii,m_t2.nii'), 'manifest.csv')[0].cells.mask_t2 // → 'm_t2.nii'
 */
export function parseManifest(t: Table, file: string = t.name, opts: ManifestOptions = {}): ManifestRow[] {
  const idCol = ID_COLUMNS.find((c) => t.columns.includes(c))
  if (!idCol) throw new InputError(`has no "patient_id" column (columns: ${t.columns.join(', ')}); the manifest header must be ${MANIFEST_HEADER}`, file, 'header')
  const imageCols = MANIFEST_IMAGE_COLUMNS.filter((k) => t.columns.includes(k))
  const imageI = opts.imageColumn ? t.columns.indexOf('image') : -1
  if (imageCols.length === 0 && imageI < 0) throw new InputError(`has none of the image columns ${opts.imageColumn ? 'image, ' : ''}t1, t2, ce_t1, mask; the manifest header must be ${MANIFEST_HEADER}`, file, 'header')
  for (const c of opts.require ?? []) {
    const viaImage = imageI >= 0 && (SEQUENCES as string[]).includes(c)
    if (!t.columns.includes(c) && !viaImage) throw new InputError(`has no "${c}" column${opts.requireWhy ? ` (${opts.requireWhy})` : ''}; the manifest header must be ${MANIFEST_HEADER}`, file, 'header')
  }
  // a misspelt per-sequence mask column would silently fall back to the CE-T1 mask: refuse it
  for (const c of t.columns) if (/^mask2?[_-]/i.test(c) && !(MANIFEST_IMAGE_COLUMNS as readonly string[]).includes(c)) throw new InputError(`column "${c}" is not a manifest column; per-sequence masks are ${MANIFEST_IMAGE_COLUMNS.filter((k) => /^mask2?_/.test(k)).join(', ')}`, file, 'header')
  const idI = t.columns.indexOf(idCol)
  const cohortI = t.columns.indexOf('cohort')
  const seen = new Map<string, number>()
  return t.rows.map((row, r) => {
    const line = r + 2
    const at = (col: string) => `row ${line}, column ${col}`
    const id = row[idI]
    if (id === undefined || isMissing(id)) throw new InputError('empty patient id; every row needs an id', file, at(idCol))
    if (seen.has(id)) throw new InputError(`patient "${id}" is listed again (first in row ${seen.get(id)}); one row per patient`, file, at(idCol))
    seen.set(id, line)
    const cells: ManifestRow['cells'] = {}
    for (const k of imageCols) {
      const v = row[t.columns.indexOf(k)]
      if (v !== undefined && !isMissing(v)) cells[k] = v.trim()
    }
    if (imageI >= 0 && row[imageI] && !isMissing(row[imageI])) for (const s of SEQUENCES) cells[s] ??= row[imageI].trim()
    for (const c of opts.require ?? []) if (!cells[c]) throw new InputError(`${c} path is empty${opts.requireWhy ? `; ${opts.requireWhy}` : ''}`, file, at(c))
    return { id, cohort: cohortOf(cohortI >= 0 ? row[cohortI] : undefined, file, at('cohort')), line, cells }
  })
}
