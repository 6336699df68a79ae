// What the study needs from its inputs, however they were loaded (CLI files, browser
// files, the demo generator): patient ids with their cohort, the clinical table with
// the mapping of the study's variables to its columns, optional RNA-seq counts with
// batches, and a loader giving one patient's volumes at a time (never all in memory).

import type { Mask, Volume } from '../image/volume.ts'
import type { Table } from '../table/table.ts'
import type { CountMatrix, Sequence } from '../cohort/cohort.ts'
import type { Exclusion } from './flow.ts'

export interface PatientImages {
  t1: Volume
  t2: Volume
  ce_t1: Volume
  /** the tumour mask drawn on CE-T1, carried to the other sequences through patient coordinates */
  mask: Mask
  /** masks drawn or adjusted on one sequence (manifest mask_t1 …), used for its features instead */
  masks?: Partial<Record<Sequence, Mask>>
}

/** Column of the clinical table holding each study variable. */
export interface StudyVariables {
  id: string
  time: string
  event: string
  age: string
  sex: string
  histotype: string
  grade: string
  size: string
  depth: string
  chemotherapy: string
  radiotherapy: string
  margins: string
  /** SARCULATOR predicted 10-year OS (%) */
  sarculator: string
  /** semantic radiological features (0/1 columns) */
  semantic: string[]
  /** further Table 1 variables */
  extra: string[]
}

/** The demo cohort's column names (src/core/demo), the default mapping. */
export const DEMO_VARIABLES: StudyVariables = {
  id: 'patient_id',
  time: 'mfs_time',
  event: 'mfs_event',
  age: 'age',
  sex: 'sex',
  histotype: 'histotype',
  grade: 'grade',
  size: 'size_mm',
  depth: 'depth',
  chemotherapy: 'chemotherapy',
  radiotherapy: 'radiotherapy',
  margins: 'margins',
  sarculator: 'sarculator_os10',
  semantic: ['necrosis', 'peritumoral_enhancement', 'heterogeneous_t2'],
  extra: ['who_ps', 'location'],
}

export interface StudyData {
  /** patients with images, in manifest order */
  ids: string[]
  cohort: ('train' | 'test')[]
  clinical: Table
  variables: StudyVariables
  counts?: CountMatrix
  /** batch of each counts sample (aligned with counts.samples) */
  batch?: string[]
  /** one patient's volumes (index into ids) */
  loadImages(index: number): Promise<PatientImages>
  /**
   * A second segmentation of patient i (repeated delineation, for the ICC filter); null when
   * the patient has none, absent when no patient has. It may throw (unreadable or empty
   * file): the patient is then analysed without it, with a warning.
   */
  loadSecondMask?: (index: number) => Promise<Mask | null>
  /** the file of patient i's second segmentation, to name it in messages */
  secondMaskFile?: (index: number) => string | undefined
  /** every patient of the cohort (the flow chart's "screened"); default: ids and excluded */
  screened?: string[]
  /** patients left out before the analyses (no clinical row …), with the reason (flow.ts) */
  excluded?: Exclusion[]
  /** input files and their SHA-256, for the report */
  checksums: { file: string; sha256: string }[]
}

/** Study variables from the import step's column mapping (src/core/study/import.ts). */
export function variablesFromMapping(m: Record<string, string>, columns: string[]): StudyVariables {
  const pick = (key: string, fallback: string) => m[key] || (columns.includes(fallback) ? fallback : '')
  return {
    id: m.id,
    time: m.time,
    event: m.event,
    age: pick('age', 'age'),
    sex: pick('sex', 'sex'),
    histotype: pick('histotype', 'histotype'),
    grade: pick('grade', 'grade'),
    size: pick('size', 'size_mm'),
    depth: pick('depth', 'depth'),
    chemotherapy: pick('chemotherapy', 'chemotherapy'),
    radiotherapy: pick('radiotherapy', 'radiotherapy'),
    margins: pick('margins', 'margins'),
    sarculator: pick('sarculator', 'sarculator_os10'),
    semantic: ['necrosis', 'peritumoral_enhancement', 'heterogeneous_t2'].map((k) => m[k]).filter((c): c is string => !!c),
    extra: ['who_ps', 'location'].map((k) => m[k]).filter((c): c is string => !!c),
  }
}
