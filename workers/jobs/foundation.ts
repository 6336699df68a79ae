// Worker jobs of the foundation engine: thin adapters over src/core (demo cohort, image
// loading, local import, mask propagation). Results are structured-clonable.
import type { JobTable } from './types.ts'
import type { JobContext } from '../../src/core/job.ts'
import { throwIfCancelled } from '../../src/core/job.ts'
import { demoStudyCohort, generateDemoCohort, type DemoSize } from '../../src/core/demo/index.ts'
import { SEQUENCES, type Cohort, type ImageSource, type Patient, type Sequence } from '../../src/core/cohort/cohort.ts'
import { parseTable, type Table } from '../../src/core/table/table.ts'
import { findTables, guessMapping, IMAGE_KEYS, planImport, type ImageKey, type ImportPlan } from '../../src/core/study/import.ts'
import { parseCountMatrix } from '../../src/core/omics/counts.ts'
import { encodeNifti } from '../../src/core/image/nifti_write.ts'
import { resampleMaskNearest } from '../../src/core/image/resample_mask.ts'
import type { Grid } from '../../src/core/image/volume.ts'
import { sameGrid, volumeStats, type Mask, type Volume } from '../../src/core/image/volume.ts'
import { loadPatientImages } from '../image_io.ts'
import { InputError } from '../../src/core/errors.ts'
import { lowerOrderStatistic } from '../../src/core/math/quantiles.ts'

/** The cohort record of a generated demo study (tables only; volumes are made per patient on demand). */
export function demoCohortRecord(seed: number, patients: number, size: DemoSize = 'standard'): Cohort {
  const cohort = demoStudyCohort(generateDemoCohort({ seed, patients }), size)
  // the generator maps the variables the analyses need; fill in the other study variables
  cohort.mapping = { ...guessMapping(cohort.clinical?.columns ?? []), ...cohort.mapping } as Cohort['mapping']
  return cohort
}

/** A volume's grid (no voxels). */
function gridOf(v: Volume): Grid {
  return { dims: [...v.dims], spacing: [...v.spacing], origin: [...v.origin], direction: [...v.direction] }
}

export interface ViewerImage {
  grid: Grid
  /** uncompressed NIfTI-1 bytes for niivue */
  nifti: Uint8Array
  min: number
  max: number
  /** robust display range: 1st and 99.5th percentiles */
  low: number
  high: number
}

export interface ViewerCase {
  id: string
  images: Partial<Record<Sequence, ViewerImage>>
  /** the mask on each sequence's grid (native voxel order, 0/1), resampled when its own grid differs */
  masks: Partial<Record<Sequence, Uint8Array>>
  /** the mask's own grid, and which sequences needed resampling */
  maskGrid?: Grid
  resampled: Sequence[]
  /** voxel index of the mask's centre of mass on each sequence's grid */
  maskCentre: Partial<Record<Sequence, [number, number, number]>>
}

function percentiles(data: ArrayLike<number>, ps: number[]): number[] {
  // a strided sample keeps this cheap on large volumes
  const step = Math.max(1, Math.floor(data.length / 200_000))
  const sample: number[] = []
  for (let i = 0; i < data.length; i += step) if (Number.isFinite(data[i])) sample.push(data[i])
  sample.sort((a, b) => a - b)
  return ps.map((p) => lowerOrderStatistic(sample, p))
}

function centreOf(mask: Uint8Array, dims: number[]): [number, number, number] | undefined {
  let n = 0, x = 0, y = 0, z = 0
  for (let k = 0, i = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let a = 0; a < dims[0]; a++, i++)
        if (mask[i]) {
          n++
          x += a
          y += j
          z += k
        }
  return n ? [Math.round(x / n), Math.round(y / n), Math.round(z / n)] : undefined
}

/** A patient's images as NIfTI bytes for the viewer, with the mask on every sequence's grid. */
async function viewerCase(patient: Pick<Patient, 'id' | 'images'>, ctx: JobContext): Promise<ViewerCase> {
  ctx.progress?.(0.05, `loading ${patient.id}`)
  const vols = await loadPatientImages(patient)
  ctx.progress?.(0.7, 'preparing the display')
  const out: ViewerCase = { id: patient.id, images: {}, masks: {}, resampled: [], maskCentre: {} }
  const mask = vols.mask ? { ...vols.mask, data: Uint8Array.from(vols.mask.data as ArrayLike<number>, (x) => (x > 0 ? 1 : 0)) } : undefined
  if (mask) out.maskGrid = gridOf(mask)
  for (const key of SEQUENCES) {
    const v = vols[key]
    if (!v) continue
    const s = volumeStats(v)
    const [low, high] = percentiles(v.data, [0.01, 0.995])
    out.images[key] = { grid: gridOf(v), nifti: encodeNifti(v, false), min: s.min, max: s.max, low, high }
    if (mask) {
      const same = sameGrid(mask, v)
      const m = same ? mask.data : resampleMaskNearest(mask, v).data
      if (!same) out.resampled.push(key)
      out.masks[key] = m
      const c = centreOf(m, v.dims)
      if (c) out.maskCentre[key] = c
    }
  }
  ctx.progress?.(1)
  return out
}

export interface PatientScan {
  id: string
  /** problem with this patient's images, when any (the patient is skipped) */
  error?: string
  images: Partial<Record<ImageKey, { dims: number[]; spacing: number[] }>>
  /** tumour voxels and volume (mL) of the mask, when there is one */
  tumourVoxels?: number
  tumourVolumeMl?: number
  /** mean CE-T1 intensity inside the mask */
  ceT1TumourMean?: number
}

/** Load every image of a patient and summarise it; a failure is reported, not thrown. */
async function scanPatient(patient: Pick<Patient, 'id' | 'images'>): Promise<PatientScan> {
  const scan: PatientScan = { id: patient.id, images: {} }
  try {
    const vols = await loadPatientImages(patient)
    for (const key of IMAGE_KEYS) {
      const v = vols[key]
      if (v) scan.images[key] = { dims: [...v.dims], spacing: [...v.spacing] }
    }
    const mask = vols.mask
    if (mask) {
      let n = 0, sum = 0
      const ce = vols.ce_t1 && vols.ce_t1.data.length === mask.data.length ? vols.ce_t1.data : undefined
      for (let i = 0; i < mask.data.length; i++)
        if (mask.data[i] > 0) {
          n++
          if (ce) sum += ce[i]
        }
      scan.tumourVoxels = n
      scan.tumourVolumeMl = (n * mask.spacing[0] * mask.spacing[1] * mask.spacing[2]) / 1000
      if (ce && n) scan.ceT1TumourMean = sum / n
    }
  } catch (e) {
    scan.error = e instanceof Error ? e.message : String(e)
  }
  return scan
}

/** Files of a picked folder, read into a cohort: images stay Blobs (read lazily later). */
async function importFolder(files: { path: string; file: Blob }[], ctx: JobContext): Promise<{ cohort: Cohort; plan: ImportPlan; warnings: string[] }> {
  const byPath = new Map(files.map((f) => [f.path, f.file]))
  const paths = files.map((f) => f.path)
  const readTable = async (path: string): Promise<Table> => parseTable(new Uint8Array(await byPath.get(path)!.arrayBuffer()), path)
  ctx.progress?.(0.05, 'reading the manifest')
  const tables = findTables(paths)
  const manifest = tables.manifest ? await readTable(tables.manifest) : undefined
  const plan = planImport(paths, manifest)
  throwIfCancelled(ctx)
  const warnings = [...plan.warnings]
  const source = (ref: NonNullable<ImportPlan['patients'][number]['images'][ImageKey]>): ImageSource =>
    ref.kind === 'file'
      ? { kind: 'file', name: ref.path, file: byPath.get(ref.path)! }
      : { kind: 'dicom', name: ref.dir, files: ref.paths.map((p) => byPath.get(p)!) }
  const patients: Patient[] = plan.patients.map((p) => ({
    id: p.id,
    cohort: p.cohort,
    images: Object.fromEntries(Object.entries(p.images).map(([k, ref]) => [k, source(ref!)])),
  }))
  const cohort: Cohort = { name: `Local study (${patients.length} patients)`, patients }
  if (tables.clinical) {
    ctx.progress?.(0.3, 'reading the clinical table')
    cohort.clinical = await readTable(tables.clinical)
    cohort.mapping = guessMapping(cohort.clinical.columns)
  }
  if (tables.counts) {
    ctx.progress?.(0.5, 'reading the counts')
    const blob = byPath.get(tables.counts)!
    const m = parseCountMatrix(new Uint8Array(await blob.arrayBuffer()), tables.counts)
    cohort.counts = { genes: m.genes, samples: m.samples, data: m.data }
    if (m.report.summedDuplicates.length) warnings.push(`${tables.counts}: ${m.report.summedDuplicates.length} duplicated gene id(s) were summed (${m.report.summedDuplicates.slice(0, 3).join(', ')}…)`)
  }
  if (tables.samples) {
    ctx.progress?.(0.9, 'reading the sample sheet')
    cohort.samples = await readTable(tables.samples)
  }
  ctx.progress?.(1)
  return { cohort, plan, warnings }
}

/** Parse one table file (clinical or samples) picked on its own. */
async function readTableFile(file: Blob, name: string): Promise<Table> {
  return parseTable(new Uint8Array(await file.arrayBuffer()), name)
}

/** Resample a mask drawn on one grid onto other grids (nearest neighbour, physical space). */
function propagateMask(mask: Mask, targets: Record<string, Grid>): Record<string, { mask: Mask; nifti: Uint8Array }> {
  const out: Record<string, { mask: Mask; nifti: Uint8Array }> = {}
  for (const [key, grid] of Object.entries(targets)) {
    const m = resampleMaskNearest(mask, grid)
    out[key] = { mask: m, nifti: encodeNifti(m, false) }
  }
  return out
}

export const jobs = {
  'foundation.demoCohort': (a: { seed: number; patients: number; size?: DemoSize }) => demoCohortRecord(a.seed, a.patients, a.size),
  'foundation.viewerCase': (a: { patient: Pick<Patient, 'id' | 'images'> }, ctx) => viewerCase(a.patient, ctx),
  'foundation.scanPatient': (a: { patient: Pick<Patient, 'id' | 'images'> }) => scanPatient(a.patient),
  'foundation.importFolder': (a: { files: { path: string; file: Blob }[] }, ctx) => importFolder(a.files, ctx),
  'foundation.readTable': (a: { file: Blob; name: string }) => readTableFile(a.file, a.name),
  'foundation.readCounts': async (a: { file: Blob; name: string }) => {
    const m = parseCountMatrix(new Uint8Array(await a.file.arrayBuffer()), a.name)
    return { genes: m.genes, samples: m.samples, data: m.data }
  },
  'foundation.propagateMask': (a: { mask: Mask; targets: Record<string, Grid> }) => propagateMask(a.mask, a.targets),
  'foundation.encodeNifti': (a: { volume: Volume; compress?: boolean }) => {
    if (!a.volume?.data) throw new InputError('no volume to save', 'mask')
    return encodeNifti(a.volume, a.compress ?? true)
  },
} satisfies JobTable
