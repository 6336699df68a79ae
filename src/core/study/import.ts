// Local import of a study folder: which file is which, from names and text only (the
// reading of images and tables happens in a worker). Two layouts are understood:
//
// 1. A manifest CSV (`patient_id,t1,t2,ce_t1,mask[,mask_t1,mask_t2,mask_ce_t1][,mask2][,cohort]`,
//    read by src/core/cohort/manifest.ts as in the CLI), paths relative to the manifest's
//    folder; a path naming a folder means a DICOM series (its slices). `mask_<seq>` is a mask
//    drawn on that sequence; `mask2` an optional second segmentation (the study's ICC filter).
// 2. Folder per patient, when there is no manifest:
//      <folder>/[train/|test/]<patient_id>/<sequence>.<ext>   (.nii, .nii.gz, .nrrd, .mha, .dcm)
//      <folder>/[train/|test/]<patient_id>/<sequence>/        (a folder of DICOM slices)
//    <sequence> is t1, t2, ce_t1, mask, mask_t1, mask_t2, mask_ce_t1 or mask2 (second
//    segmentation); common synonyms are
//    recognised (SEQUENCE_NAMES: seg2, mask_2, gtv2 …), and a patient prefix is allowed
//    (STS_001_t1.nii.gz, STS_001-CE-T1.nii.gz, STS_001_mask_2.nii.gz).
//
// Tables beside the images, recognised by name: clinical.csv|tsv, counts.csv|tsv
// (genes × samples), samples.csv|tsv (sample sheet: sample, batch), manifest.csv.
// The clinical mapping step says which column holds each study variable (STUDY_VARIABLES).

import { InputError } from '../errors.ts'
import type { Table } from '../table/table.ts'
import { parseManifest, type ManifestImage } from '../cohort/manifest.ts'
import type { ClinicalMapping, ImageRole, Sequence } from '../cohort/cohort.ts'

/** The images every step reads: the three sequences and the tumour mask. */
export type ImageKey = Sequence | 'mask'
export const IMAGE_KEYS: ImageKey[] = ['t1', 't2', 'ce_t1', 'mask']
/** What an import recognises: those and the optional second segmentation (ICC filter). */
export type ImportKey = ImageRole
export const IMPORT_KEYS: ImportKey[] = [...IMAGE_KEYS, 'mask2']

/** An image of the plan: one file, or the slices of a DICOM series (paths of the folder's files). */
export type ImageRef = { kind: 'file'; path: string } | { kind: 'dicom'; dir: string; paths: string[] }

export interface PatientPlan {
  id: string
  cohort: 'train' | 'test'
  images: Partial<Record<ImportKey, ImageRef>>
}

export interface ImportPlan {
  layout: 'manifest' | 'folders'
  patients: PatientPlan[]
  /** paths of the tables found beside the images */
  tables: Partial<Record<'manifest' | 'clinical' | 'counts' | 'samples', string>>
  /** non-fatal findings (ignored files, patients without images) */
  warnings: string[]
}

const MASK_NAMES = ['mask', 'seg', 'segmentation', 'label', 'labels', 'gtv', 'roi', 'tumour', 'tumor', 'tumourmask', 'tumormask']

/** Names (after lower-casing and dropping separators) that mean each sequence. */
export const SEQUENCE_NAMES: Partial<Record<ImportKey, string[]>> = {
  ce_t1: ['cet1', 't1ce', 't1c', 't1gd', 't1post', 't1fsgd', 't1fsc', 't1fatsatgd', 'cet1fs', 't1contrast', 'contrast', 'gado'],
  t1: ['t1', 't1w', 't1wi', 'mrt1'],
  t2: ['t2', 't2w', 't2wi', 't2fs', 'stir', 't2fatsat', 'mrt2'],
  mask: MASK_NAMES,
  // a second delineation of the same tumour: the mask's names followed by 2 (mask2, mask_2, seg-2 …)
  mask2: [...MASK_NAMES.map((n) => `${n}2`), 'secondmask', 'secondseg', 'secondsegmentation'],
  // a mask drawn on one sequence: mask_t1, seg-T2, t2_mask, mask_ce_t1 …
  mask_t1: ['maskt1', 'segt1', 't1mask', 't1seg'],
  mask_t2: ['maskt2', 'segt2', 't2mask', 't2seg'],
  mask_ce_t1: ['maskcet1', 'segcet1', 'cet1mask', 'cet1seg', 'maskt1c', 't1cmask'],
}
const ROLE_ORDER: ImportKey[] = ['mask_ce_t1', 'mask_t1', 'mask_t2', 'ce_t1', 'mask', 'mask2', 't2', 't1']

const IMAGE_EXT = /\.(nii\.gz|nii|nrrd|mha|dcm|dicom|ima)$/i
const TABLE_EXT = /\.(csv|tsv|txt)(\.gz)?$/i

/** File name without an image extension. */
export function stripImageExt(name: string): string {
  return name.replace(IMAGE_EXT, '')
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[\s._-]+/g, '')
}

/**
 * Which image of the import a file or folder name denotes (mask2 = second segmentation), or undefined.
 * @example imageRoleOf('STS_001_mask_2.nii.gz', 'STS_001') // → 'mask2'
 */
export function imageRoleOf(name: string, patientId?: string): ImportKey | undefined {
  let s = squash(stripImageExt(name))
  if (patientId) {
    const p = squash(patientId)
    if (s.startsWith(p) && s.length > p.length) s = s.slice(p.length)
  }
  for (const key of ROLE_ORDER) if (SEQUENCE_NAMES[key]?.includes(s)) return key
  return undefined
}

/**
 * Which sequence or tumour mask a file or folder name denotes, or undefined (also for a second segmentation).
 * @example sequenceOf('CE-T1.nii.gz') // → 'ce_t1'
 * @example sequenceOf('STS_001_t2.nrrd', 'STS_001') // → 't2'
 */
export function sequenceOf(name: string, patientId?: string): ImageKey | undefined {
  const role = imageRoleOf(name, patientId)
  return role === 't1' || role === 't2' || role === 'ce_t1' || role === 'mask' ? role : undefined
}

/** Path with '/' separators, no leading './' or '/'. */
function clean(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '').replace(/\/+/g, '/')
}

/**
 * Drop the folder that contains everything (a picked folder's own name, as
 * webkitRelativePath reports it), so paths are relative to the picked folder.
 */
export function relativeToRoot(paths: string[]): string[] {
  const cleaned = paths.map(clean)
  if (cleaned.length === 0) return cleaned
  const first = cleaned[0].split('/')[0]
  if (cleaned.every((p) => p.includes('/') && p.split('/')[0] === first)) return cleaned.map((p) => p.slice(first.length + 1))
  return cleaned
}

function isHidden(p: string): boolean {
  return p.split('/').some((s) => s.startsWith('.') || s === '__MACOSX' || s === 'Thumbs.db' || s === 'DICOMDIR')
}

/** The tables of a folder, recognised by file name (top-most match wins). */
export function findTables(paths: string[]): ImportPlan['tables'] {
  const out: ImportPlan['tables'] = {}
  const byDepth = [...paths].filter((p) => TABLE_EXT.test(p) && !isHidden(p)).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
  for (const p of byDepth) {
    const base = squash(p.slice(p.lastIndexOf('/') + 1).replace(TABLE_EXT, ''))
    const kind = base.includes('manifest')
      ? 'manifest'
      : /clinical|clinic|patients?$|outcome/.test(base)
        ? 'clinical'
        : /counts?|expression|rnaseq|matrix/.test(base)
          ? 'counts'
          : /samples?|batch|samplesheet/.test(base)
            ? 'samples'
            : undefined
    if (kind && !out[kind]) out[kind] = p
  }
  return out
}

/** Files directly or indirectly under a folder (prefix match on whole path segments). */
function filesUnder(dir: string, paths: string[]): string[] {
  const pre = dir.endsWith('/') ? dir : dir + '/'
  return paths.filter((p) => p.startsWith(pre) && !isHidden(p.slice(pre.length))).sort()
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/')
  return i < 0 ? '' : p.slice(0, i)
}

function joinPath(dir: string, rel: string): string {
  const parts = (dir ? dir.split('/') : []).concat(clean(rel).split('/'))
  const out: string[] = []
  for (const s of parts) {
    if (s === '' || s === '.') continue
    if (s === '..') out.pop()
    else out.push(s)
  }
  return out.join('/')
}

/**
 * Patients from a manifest table (parsed by the one manifest parser, cohort/manifest.ts).
 * `paths` are all files of the picked folder (relative to it); manifest paths are relative
 * to the manifest's own folder; a path naming a folder is a DICOM series (its slices).
 */
export function planFromManifest(manifest: Table, manifestPath: string, paths: string[]): PatientPlan[] {
  const base = dirOf(clean(manifestPath))
  const all = new Set(paths.map(clean))
  return parseManifest(manifest, manifest.name).map((row) => {
    const images: PatientPlan['images'] = {}
    for (const [key, cell] of Object.entries(row.cells) as [ManifestImage, string][]) {
      const p = joinPath(base, cell)
      if (all.has(p)) images[key] = { kind: 'file', path: p }
      else {
        const slices = filesUnder(p, [...all])
        if (slices.length) images[key] = { kind: 'dicom', dir: p, paths: slices }
        else throw new InputError(`"${cell}" is not in the chosen folder (looked for ${p || '.'}); fix the path (relative to the manifest) or add the file`, manifest.name, `row ${row.line}, column ${key}`)
      }
    }
    return { id: row.id, cohort: row.cohort, images }
  })
}

/** Patients from the folder-per-patient convention. */
export function planFromFolders(paths: string[]): { patients: PatientPlan[]; warnings: string[] } {
  const files = paths.map(clean).filter((p) => !isHidden(p))
  const warnings: string[] = []
  // patient folder → entries below it
  const patients = new Map<string, { cohort: 'train' | 'test'; id: string; files: string[] }>()
  for (const p of files) {
    if (TABLE_EXT.test(p) && !p.includes('/')) continue // tables at the top
    const parts = p.split('/')
    let cohort: 'train' | 'test' = 'train'
    let start = 0
    const top = parts[0].toLowerCase()
    if (parts.length >= 3 && (top === 'train' || top === 'training' || top === 'test' || top === 'testing')) {
      cohort = top.startsWith('test') ? 'test' : 'train'
      start = 1
    }
    if (parts.length - start < 2) {
      if (!TABLE_EXT.test(p)) warnings.push(`${p}: ignored; put each patient's images in a folder named after the patient`)
      continue
    }
    const dir = parts.slice(0, start + 1).join('/')
    const entry = patients.get(dir) ?? { cohort, id: parts[start], files: [] }
    entry.files.push(p)
    patients.set(dir, entry)
  }
  const out: PatientPlan[] = []
  const ids = new Map<string, string>()
  for (const [dir, { cohort, id, files: list }] of [...patients.entries()].sort((a, b) => a[1].id.localeCompare(b[1].id, undefined, { numeric: true }))) {
    if (ids.has(id)) throw new InputError(`patient "${id}" has two folders (${ids.get(id)} and ${dir}); keep one folder per patient`, dir)
    ids.set(id, dir)
    const images: PatientPlan['images'] = {}
    const claim = (key: ImportKey, ref: ImageRef, what: string) => {
      if (images[key]) throw new InputError(`two ${key} images (${describe(images[key]!)} and ${what}); keep one per sequence`, dir)
      images[key] = ref
    }
    // files directly in the patient folder
    const subdirs = new Map<string, string[]>()
    for (const f of list) {
      const rest = f.slice(dir.length + 1)
      const slash = rest.indexOf('/')
      if (slash < 0) {
        if (TABLE_EXT.test(rest)) continue
        const key = IMAGE_EXT.test(rest) ? imageRoleOf(rest, id) : undefined
        if (key) claim(key, { kind: 'file', path: f }, f)
        else warnings.push(`${f}: ignored; name images t1, t2, ce_t1, mask or mask2 (.nii.gz, .nrrd, .mha) or use a manifest`)
      } else {
        const sub = rest.slice(0, slash)
        subdirs.set(sub, [...(subdirs.get(sub) ?? []), f])
      }
    }
    // sub-folders: a sequence-named folder of slices is a DICOM series
    for (const [sub, slices] of subdirs) {
      const key = imageRoleOf(sub, id)
      if (!key) {
        warnings.push(`${dir}/${sub}/: ignored; name a DICOM series folder t1, t2, ce_t1, mask or mask2`)
        continue
      }
      if (slices.length === 1 && IMAGE_EXT.test(slices[0]) && !/\.(dcm|dicom|ima)$/i.test(slices[0])) claim(key, { kind: 'file', path: slices[0] }, slices[0])
      else claim(key, { kind: 'dicom', dir: `${dir}/${sub}`, paths: slices.sort() }, `${dir}/${sub}/`)
    }
    if (Object.keys(images).length === 0) {
      warnings.push(`${dir}/: no t1, t2, ce_t1 or mask image found; patient skipped`)
      continue
    }
    out.push({ id, cohort, images })
  }
  return { patients: out, warnings }
}

function describe(ref: ImageRef): string {
  return ref.kind === 'file' ? ref.path : `${ref.dir}/`
}

/**
 * The import plan of a picked folder: the manifest's patients when there is a manifest,
 * else the folder-per-patient convention. `manifest` is the parsed manifest table
 * (read by the caller from tables.manifest of findTables).
 */
export function planImport(paths: string[], manifest?: Table): ImportPlan {
  const rel = paths.map(clean)
  const tables = findTables(rel)
  if (tables.manifest && manifest) {
    return { layout: 'manifest', patients: planFromManifest(manifest, tables.manifest, rel), tables, warnings: [] }
  }
  const { patients, warnings } = planFromFolders(rel)
  if (patients.length === 0)
    throw new InputError(
      'no patients found: add a manifest.csv (patient_id,t1,t2,ce_t1,mask[,mask2][,cohort]) or put each patient in its own folder with t1/t2/ce_t1/mask images',
      'chosen folder',
    )
  return { layout: 'folders', patients, tables, warnings }
}

// ---------------------------------------------------------------------------------------
// Clinical mapping

export interface StudyVariable {
  key: string
  label: string
  required: boolean
  /** column names (squashed) that usually hold it */
  hints: RegExp
}

/** The study's clinical variables (Crombé, Lucchesi et al. 2024, Table 1), in form order. */
export const STUDY_VARIABLES: StudyVariable[] = [
  { key: 'id', label: 'Patient id', required: true, hints: /^(patientid|patient|id|subject|subjectid|caseid|case)$/ },
  { key: 'time', label: 'Metastasis-free survival time', required: true, hints: /^(mfstime|mfs|mfsmonths|mfsdays|time|survivaltime|followup|timemfs|mfsm)$/ },
  { key: 'event', label: 'Metastatic relapse or death (event 0/1)', required: true, hints: /^(mfsevent|event|status|mfsstatus|eventmfs|metastasis|relapse)$/ },
  { key: 'age', label: 'Age (years)', required: false, hints: /^(age|ageyears|ageatdiagnosis)$/ },
  { key: 'sex', label: 'Sex', required: false, hints: /^(sex|gender)$/ },
  { key: 'who_ps', label: 'WHO performance status', required: false, hints: /^(whops|ps|ecog|performancestatus|who)$/ },
  { key: 'histotype', label: 'Histological type', required: false, hints: /^(histotype|histology|histologicaltype|subtype|histo)$/ },
  { key: 'grade', label: 'FNCLCC grade', required: false, hints: /^(grade|fnclcc|fnclccgrade|histologicalgrade)$/ },
  { key: 'size', label: 'Tumour size (mm)', required: false, hints: /^(size|sizemm|tumoursize|tumorsize|diameter|maxdiameter)$/ },
  { key: 'depth', label: 'Depth (deep / superficial)', required: false, hints: /^(depth|deep|deepseated)$/ },
  { key: 'location', label: 'Location', required: false, hints: /^(location|site|tumourlocation|tumorlocation)$/ },
  { key: 'chemotherapy', label: 'Neoadjuvant chemotherapy', required: false, hints: /^(chemotherapy|chemo|neoadjuvantchemotherapy|nact)$/ },
  { key: 'radiotherapy', label: 'Radiotherapy', required: false, hints: /^(radiotherapy|radio|rt|neoadjuvantradiotherapy)$/ },
  { key: 'margins', label: 'Surgical margins', required: false, hints: /^(margins|margin|resection|rstatus|surgicalmargins)$/ },
  { key: 'sarculator', label: 'SARCULATOR predicted 10-year OS', required: false, hints: /^(sarculator|sarculatoros10|sarculator10y|pos10|predictedos10y|sarculatorpos)$/ },
  { key: 'necrosis', label: 'Necrosis on MRI (0/1)', required: false, hints: /^(necrosis|necrotic|mrinecrosis)$/ },
  { key: 'peritumoral_enhancement', label: 'Peritumoural enhancement (0/1)', required: false, hints: /^(peritumoralenhancement|peritumouralenhancement|pte|rimenhancement)$/ },
  { key: 'heterogeneous_t2', label: 'Heterogeneous T2 signal (0/1)', required: false, hints: /^(heterogeneoust2|t2heterogeneity|heterogeneity)$/ },
  { key: 'cohort', label: 'Cohort (train / test)', required: false, hints: /^(cohort|set|split|dataset)$/ },
]

/**
 * A first guess of the mapping from column names; unmatched optional variables are left
 * out and required ones fall back to ''. The user confirms or edits it.
 */
export function guessMapping(columns: string[]): ClinicalMapping {
  const used = new Set<string>()
  const out: ClinicalMapping = { id: '', time: '', event: '' }
  for (const v of STUDY_VARIABLES) {
    const exact = columns.find((c) => !used.has(c) && squash(c) === squash(v.key))
    const hit = exact ?? columns.find((c) => !used.has(c) && v.hints.test(squash(c)))
    if (hit) {
      out[v.key] = hit
      used.add(hit)
    }
  }
  if (!out.id && columns.length) out.id = columns[0]
  return out
}

/** Every required variable is mapped to an existing column (InputError naming what is missing). */
export function checkMapping(table: Table, mapping: ClinicalMapping): void {
  for (const v of STUDY_VARIABLES) {
    const col = mapping[v.key]
    if (!col) {
      if (v.required) throw new InputError(`no column chosen for "${v.label}"; pick it in the column mapping`, table.name)
      continue
    }
    if (!table.columns.includes(col)) throw new InputError(`has no column "${col}" for "${v.label}" (columns: ${table.columns.join(', ')}); pick an existing column`, table.name)
  }
}

/** Patients of the plan that have no clinical row, and clinical ids without images. */
export function matchClinical(patientIds: string[], clinicalIds: string[]): { withoutClinical: string[]; withoutImages: string[] } {
  const c = new Set(clinicalIds)
  const p = new Set(patientIds)
  return { withoutClinical: patientIds.filter((id) => !c.has(id)), withoutImages: clinicalIds.filter((id) => !p.has(id)) }
}
