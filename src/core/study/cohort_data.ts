// From the app's Cohort record (demo or imported files) to the study's inputs
// (src/core/study/study_data.ts): patients with their CE-T1 and mask (and the optional
// second segmentation of the ICC filter), the clinical table with its confirmed column
// mapping, counts with the sample sheet's batches, and a loader
// resolving one patient's ImageSources at a time (injected: the worker passes its itk-wasm
// / demo loader). Also the input checksums of the report and the two example cases.
// Pure: no DOM; runs in the worker and in Node.

import { SEQUENCES, type Cohort, type ImageSource, type Patient, type Sequence } from '../cohort/cohort.ts'
import { variablesFromMapping, type PatientImages, type StudyData } from './study_data.ts'
import { checkMapping } from './import.ts'
import { sampleAnnotation, type SampleSheet } from '../omics/counts.ts'
import { numericColumn, toCsv, type Table } from '../table/table.ts'
import { InputError } from '../errors.ts'
import type { Mask, Volume } from '../image/volume.ts'
import type { StudyResult } from './run_study.ts'
import { binaryMask } from '../image/mask_check.ts'
import { sha256Hex } from '../math/hash.ts'
import { requireSequencesAndFit } from '../image/mask_coverage.ts'
import { clinicalExclusions } from './flow.ts'

/** Loads an image source; a mask that is an RTSTRUCT is rasterised onto `reference` (its image). */
export type SourceLoader = (src: ImageSource, reference?: Volume) => Promise<Volume>


function sourceName(src: ImageSource): string {
  return src.kind === 'demo' ? `demo ${src.seed}/${src.patients}/${src.index}/${src.image}` : src.name
}

/** A sample sheet record from the cohort's samples table ("sample" column, else the first). */
function sampleSheet(t: Table): SampleSheet {
  const col = t.columns.includes('sample') ? 'sample' : t.columns[0]
  const ci = t.columns.indexOf(col)
  return { name: t.name, samples: t.rows.map((r) => r[ci]), columns: Object.fromEntries(t.columns.map((c, j) => [c, t.rows.map((r) => r[j])])) }
}

/**
 * Checksums of the inputs: the clinical table, counts and sample sheet as loaded, and the
 * list of image sources (name, size, date of each file; the generator's seed for the demo)
 * — image voxels themselves are not hashed (gigabytes), as the CLI hashes its manifest.
 */
export async function cohortChecksums(cohort: Cohort): Promise<{ file: string; sha256: string }[]> {
  const out: { file: string; sha256: string }[] = []
  if (cohort.clinical) out.push({ file: `${cohort.clinical.name} (clinical table)`, sha256: sha256Hex(toCsv(cohort.clinical.columns, cohort.clinical.rows)) })
  if (cohort.counts) {
    const c = cohort.counts
    const names = new TextEncoder().encode(c.genes.join('\n') + '\n\n' + c.samples.join('\n'))
    const values = new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength)
    const all = new Uint8Array(names.length + values.length)
    all.set(names)
    all.set(values, names.length)
    out.push({ file: `counts (${c.genes.length} genes × ${c.samples.length} samples, float64)`, sha256: sha256Hex(all) })
  }
  if (cohort.samples) out.push({ file: `${cohort.samples.name} (sample sheet)`, sha256: sha256Hex(toCsv(cohort.samples.columns, cohort.samples.rows)) })
  const list = cohort.patients.map((p) =>
    [p.id, p.cohort, ...Object.entries(p.images).map(([k, s]) => {
      if (!s) return k
      if (s.kind === 'file') return `${k}=${s.name}:${s.file.size}:${(s.file as File).lastModified ?? ''}`
      if (s.kind === 'dicom') return `${k}=${s.name}:${s.files.length}:${s.files.reduce((a, f) => a + f.size, 0)}`
      return `${k}=${sourceName(s)}`
    })].join(','),
  )
  out.push({ file: `image list (${cohort.patients.length} patients: ${cohort.demoSeed !== undefined ? 'demo generator sources' : 'file names, sizes, dates'})`, sha256: sha256Hex(list.join('\n')) })
  return out
}

/** One patient's images for the study: CE-T1, T1, T2 and the mask (and any per-sequence masks), checked to fit. */
export async function patientImages(p: Patient, load: SourceLoader): Promise<PatientImages> {
  const ce = await load(p.images.ce_t1!)
  // no substitution: a missing T1/T2 or a mask outside a field of view leaves the patient out of the imaging analyses, by name
  const t1 = p.images.t1 ? await load(p.images.t1) : undefined
  const t2 = p.images.t2 ? await load(p.images.t2) : undefined
  const mask = binaryMask(await load(p.images.mask!, ce), sourceName(p.images.mask!))
  // a mask drawn or edited on one sequence (mask_t1 …) is read on that sequence's grid and used for its features
  const own: Partial<Record<Sequence, { mask: Mask; file: string }>> = {}
  const seqImages = { t1, t2, ce_t1: ce }
  for (const s of SEQUENCES) {
    const src = p.images[`mask_${s}`], image = seqImages[s]
    if (src && image) own[s] = { mask: binaryMask(await load(src, image), sourceName(src)), file: sourceName(src) }
  }
  requireSequencesAndFit(p.id, seqImages, mask, sourceName(p.images.mask!), own)
  return { ce_t1: ce, t1: t1!, t2: t2!, mask, masks: Object.fromEntries(Object.entries(own).map(([k, v]) => [k, v!.mask])) }
}

/** The patient's optional second segmentation (ICC filter); an empty one throws naming its file. */
export async function patientSecondMask(p: Patient, load: SourceLoader): Promise<Mask | null> {
  const src = p.images.mask2
  if (!src) return null
  // only a DICOM mask (possibly an RTSTRUCT) needs the image's grid: skip the extra read otherwise
  const dicom = src.kind === 'dicom' || (src.kind === 'file' && !/\.(nii(\.gz)?|nrrd|mha)$/i.test(src.name))
  return binaryMask(await load(src, dicom ? await load(p.images.ce_t1!) : undefined), sourceName(src))
}

const secondMaskFile = (p: Patient): string | undefined => (p.images.mask2 ? sourceName(p.images.mask2) : undefined)

/** The one-patient view of the study's inputs that imagingOfPatient needs (a pooled worker's job). */
export function patientStudyData(p: Patient, load: SourceLoader): Pick<StudyData, 'ids' | 'loadImages' | 'loadSecondMask' | 'secondMaskFile'> {
  return { ids: [p.id], loadImages: () => patientImages(p, load), loadSecondMask: () => patientSecondMask(p, load), secondMaskFile: () => secondMaskFile(p) }
}

/** The study's inputs from a cohort; images are loaded lazily through `load`. */
export async function studyDataFromCohort(cohort: Cohort, load: SourceLoader): Promise<StudyData> {
  if (!cohort.clinical || !cohort.mapping) throw new InputError('the cohort has no clinical table; load one on the Cohort page (survival time and event are needed)', cohort.name)
  const clinical = cohort.clinical
  checkMapping(clinical, cohort.mapping)
  const variables = variablesFromMapping(cohort.mapping, clinical.columns)
  // a patient without a clinical row leaves every analysis, named in the warnings and the flow chart
  const { keep, excluded } = clinicalExclusions(cohort.patients.map((p) => p.id), clinical, cohort.mapping.id)
  const patients = keep.map((i) => cohort.patients[i])
  const missing = patients.filter((p) => !p.images.ce_t1 || !p.images.mask)
  if (missing.length) throw new InputError(`patient(s) ${missing.slice(0, 3).map((p) => p.id).join(', ')}${missing.length > 3 ? ' …' : ''} lack a CE-T1 image or a mask; the study needs both`, cohort.name)
  if (!patients.some((p) => p.cohort === 'train')) throw new InputError('no patient is in the training cohort; set the cohort column (train / test)', cohort.name)
  let batch: string[] | undefined
  if (cohort.counts && cohort.samples && cohort.samples.columns.includes('batch')) batch = sampleAnnotation(sampleSheet(cohort.samples), 'batch', cohort.counts.samples, 'counts')
  return {
    ids: patients.map((p) => p.id),
    cohort: patients.map((p) => p.cohort),
    screened: cohort.patients.map((p) => p.id),
    excluded,
    clinical,
    variables,
    counts: cohort.counts,
    batch,
    checksums: await cohortChecksums(cohort),
    loadImages: (i) => patientImages(patients[i], load),
    loadSecondMask: (i) => patientSecondMask(patients[i], load),
    secondMaskFile: (i) => secondMaskFile(patients[i]),
  }
}

export interface ExampleCase {
  id: string
  role: 'worse' | 'better'
  cohort: 'train' | 'test'
  /** the patient's group in each grouping (hrf, cae, hscae, rna, combinations) */
  groups: Record<string, string>
  time: number
  event: number
  /** MFS at the plan's horizon of the patient's group in the example grouping */
  groupMfs: number | null
}

export interface ExamplePick {
  grouping: string
  worseGroup: string
  betterGroup: string
  horizonMonths: number
  cases: ExampleCase[]
}

/**
 * Two patients with opposite groups and outcomes in the main imaging grouping (HSCAE when
 * trained, else h-RF): the earliest event in the group with the lower MFS at the horizon,
 * and the longest event-free follow-up in the other group (patients with RNA-seq first).
 */
export function pickExamples(r: StudyResult, clinical: Table, idColumn: string, timeColumn: string, eventColumn: string): ExamplePick | null {
  const grouping = r.survival.hscae ? 'hscae' : r.survival.hrf ? 'hrf' : Object.keys(r.survival)[0]
  const s = grouping ? r.survival[grouping] : undefined
  if (!s || s.km.groups.length < 2) return null
  const mfs = (g: (typeof s.km.groups)[number]) => g.at[0]?.surv ?? 1 - g.events / Math.max(1, g.n)
  const ranked = [...s.km.groups].sort((a, b) => mfs(a) - mfs(b))
  const worse = ranked[0], better = ranked[ranked.length - 1]
  const idCol = clinical.columns.indexOf(idColumn)
  const time = numericColumn(clinical, timeColumn), event = numericColumn(clinical, eventColumn)
  const rows = new Map(clinical.rows.map((row, i) => [row[idCol], i]))
  const cand = Object.entries(r.groups[grouping])
    .map(([id, g]) => ({ id, g, t: time[rows.get(id) ?? -1], e: event[rows.get(id) ?? -1] }))
    .filter((c) => Number.isFinite(c.t) && Number.isFinite(c.e))
  // patients with RNA-seq first, so that every grouping can be shown
  const rna = (id: string) => (r.groups.rna?.[id] !== undefined ? 0 : 1)
  const w = cand.filter((c) => c.g === worse.group).sort((a, b) => b.e - a.e || rna(a.id) - rna(b.id) || a.t - b.t)[0]
  const b = cand.filter((c) => c.g === better.group).sort((a, b2) => a.e - b2.e || rna(a.id) - rna(b2.id) || b2.t - a.t)[0]
  if (!w || !b) return null
  const cohortOf = cohortColumn(r)
  const make = (c: typeof w, role: 'worse' | 'better', g: typeof worse): ExampleCase => ({
    id: c.id,
    role,
    cohort: cohortOf.get(c.id) ?? 'train',
    groups: Object.fromEntries(Object.entries(r.groups).filter(([, m]) => m[c.id] !== undefined).map(([k, m]) => [k, m[c.id]])),
    time: c.t,
    event: c.e,
    groupMfs: g.at[0]?.surv ?? null,
  })
  return { grouping, worseGroup: worse.group, betterGroup: better.group, horizonMonths: r.plan.survival.horizonMonths, cases: [make(w, 'worse', worse), make(b, 'better', better)] }
}

/** Training/testing split of each analysed patient, read from the analysis table (rows follow the imaged ids). */
function cohortColumn(r: StudyResult): Map<string, 'train' | 'test'> {
  const t = r.table
  const split = t.columns.indexOf('cohort_split')
  const out = new Map<string, 'train' | 'test'>()
  const ids = r.imaging.featureMatrix.ids
  if (split < 0) return out
  t.rows.forEach((row, i) => {
    if (ids[i] !== undefined) out.set(ids[i], row[split] === 'test' ? 'test' : 'train')
  })
  return out
}
