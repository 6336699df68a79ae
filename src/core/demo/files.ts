// The demo cohort as files (what `npm run cli -- demo` writes, and what a browser could
// zip): manifest.csv, clinical.csv, counts.csv, samples.csv, truth.json, and per patient
// images/<id>_{t1,t2,ce_t1,mask}.nii.gz — byte-identical for a seed (deterministic
// NIfTI writer, gzip without timestamp, fixed key and row orders). Also the cohort record the app works on.

import { gzipSync } from 'fflate'
import { encodeNifti } from '../image/nifti_write.ts'
import { toCsv, type Table } from '../table/table.ts'
import type { Cohort, Patient, Sequence } from '../cohort/cohort.ts'
import type { DemoCohort } from './cohort.ts'
import { DEMO_CLINICAL_COLUMNS, demoPatientId } from './patient.ts'
import { demoPatientVolumes, type DemoSize } from './clinical.ts'

export const DEMO_IMAGE_KINDS = ['t1', 't2', 'ce_t1', 'mask'] as const
export type DemoImageKind = (typeof DEMO_IMAGE_KINDS)[number]

/** Relative path of a patient's image in the written cohort. */
export function demoImagePath(patientId: string, kind: DemoImageKind): string {
  return `images/${patientId}_${kind}.nii.gz`
}

/** clinical.csv as a Table (columns DEMO_CLINICAL_COLUMNS). */
export function demoClinicalTable(demo: DemoCohort): Table {
  const columns = [...DEMO_CLINICAL_COLUMNS]
  return { name: 'clinical.csv', columns, rows: demo.clinical.map((r) => columns.map((c) => String(r[c]))) }
}

/** samples.csv (sample, batch) as a Table. */
export function demoSamplesTable(demo: DemoCohort): Table {
  return { name: 'samples.csv', columns: ['sample', 'batch'], rows: demo.samples.map((s) => [s.sample, s.batch]) }
}

/** manifest.csv as a Table: patient_id, t1, t2, ce_t1, mask, cohort (paths relative to the folder). */
export function demoManifestTable(demo: DemoCohort): Table {
  return {
    name: 'manifest.csv',
    columns: ['patient_id', 't1', 't2', 'ce_t1', 'mask', 'cohort'],
    rows: demo.clinical.map((r) => [r.patient_id, ...DEMO_IMAGE_KINDS.map((k) => demoImagePath(r.patient_id, k)), r.cohort]),
  }
}

/** counts.csv: first column "gene", then one column per sample (patient id); integer counts. */
export function demoCountsCsv(demo: DemoCohort): string {
  const { genes, samples, data } = demo.counts
  const S = samples.length
  const lines = new Array<string>(genes.length + 1)
  lines[0] = ['gene', ...samples].join(',')
  for (let g = 0; g < genes.length; g++) {
    let line = genes[g]
    for (let s = 0; s < S; s++) line += ',' + data[g * S + s]
    lines[g + 1] = line
  }
  return lines.join('\n') + '\n'
}

/** The text files of the cohort: path → content. */
export function demoTextFiles(demo: DemoCohort): Record<string, string> {
  const csv = (t: Table) => toCsv(t.columns, t.rows)
  return {
    'manifest.csv': csv(demoManifestTable(demo)),
    'clinical.csv': csv(demoClinicalTable(demo)),
    'counts.csv': demoCountsCsv(demo),
    'samples.csv': csv(demoSamplesTable(demo)),
    'truth.json': JSON.stringify(demo.truth, null, 1) + '\n',
  }
}

/** One patient's four .nii.gz files (generated on demand): relative path → bytes. */
export function demoPatientImageFiles(seed: number, patients: number, index: number, size: DemoSize = 'standard'): { path: string; bytes: Uint8Array }[] {
  const v = demoPatientVolumes(seed, patients, index, size)
  const id = demoPatientId(index, patients)
  // gzip level 1 (fflate, pure JS, so the bytes do not depend on the platform's zlib) and
  // mtime 0: 3× faster than encodeNifti's level 6 for 7 % larger files, still deterministic
  // clinical size: 12-bit integers stored as int16, as scanners write them (half the bytes of float32)
  const stored = (k: DemoImageKind) => (size === 'clinical' && k !== 'mask' ? { ...v[k], data: Int16Array.from(v[k].data) } : v[k])
  return DEMO_IMAGE_KINDS.map((k) => ({ path: demoImagePath(id, k), bytes: gzipSync(encodeNifti(stored(k), false), { level: 1, mtime: 0 }) }))
}

/**
 * The study record of a demo cohort: patients with lazy image sources (rendered in a worker
 * by generateDemoPatientVolumes), the clinical table mapped (time = mfs_time, event = mfs_event),
 * the counts and the sample sheet.
 */
export function demoStudyCohort(demo: DemoCohort, size: DemoSize = 'standard'): Cohort {
  const patients: Patient[] = demo.clinical.map((r, index) => ({
    id: r.patient_id,
    cohort: r.cohort,
    images: Object.fromEntries(
      DEMO_IMAGE_KINDS.map((image) => [image, { kind: 'demo', seed: demo.seed, patients: demo.patients, index, image: image as Sequence | 'mask', ...(size === 'clinical' ? { size } : {}) }]),
    ),
  }))
  return {
    name: `Demo cohort (seed ${demo.seed}, ${demo.patients} patients${size === 'clinical' ? ', clinical size' : ''})`,
    patients,
    clinical: demoClinicalTable(demo),
    mapping: { id: 'patient_id', time: 'mfs_time', event: 'mfs_event', cohort: 'cohort', grade: 'grade', size: 'size_mm', age: 'age', sarculator: 'sarculator_os10' },
    counts: demo.counts,
    samples: demoSamplesTable(demo),
    demoSeed: demo.seed,
  }
}
