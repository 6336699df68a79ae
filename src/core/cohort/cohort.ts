// The cohort record shared by every step: patients with their image sources, the
// clinical table with its column mapping, and optional RNA-seq counts.
// Plain structured-clonable data, so it crosses to workers as is.

import type { Table } from '../table/table.ts'

export type Sequence = 't1' | 't2' | 'ce_t1'
export const SEQUENCES: Sequence[] = ['t1', 't2', 'ce_t1']

/** Where a volume comes from; resolved to a Volume inside a worker (never on the main thread). */
export type ImageSource =
  | { kind: 'demo'; seed: number; patients: number; index: number; image: Sequence | 'mask'; /** 'clinical': src/core/demo/clinical.ts grids */ size?: 'clinical' }
  | { kind: 'file'; name: string; file: Blob; /** for an RTSTRUCT / SEG: the ROIs or segments to use (name or regular expression, as `--roi`; default /GTV|tumou?r|lesion/i) */ roi?: string }
  | { kind: 'dicom'; name: string; files: Blob[] }

/** A patient's images: the sequences, the tumour mask (drawn on CE-T1), masks drawn or adjusted
 * on one sequence (mask_t1 …, used for that sequence's features), and an optional second
 * segmentation of the same tumour (mask2, mask2_t1 …: repeated delineation, for the ICC
 * reproducibility filter of the study). Same names as the manifest's columns (manifest.ts). */
export type ImageRole = Sequence | 'mask' | 'mask2' | `mask_${Sequence}` | `mask2_${Sequence}`

export interface Patient {
  id: string
  cohort: 'train' | 'test'
  images: Partial<Record<ImageRole, ImageSource>>
}

/** Which clinical column holds which study variable (editable in the import step). */
export interface ClinicalMapping {
  id: string
  time: string
  event: string
  [variable: string]: string
}

/** Genes × samples matrix, row-major (gene g, sample s at g * samples.length + s). */
export interface CountMatrix {
  genes: string[]
  samples: string[]
  data: Float64Array
}

export interface Cohort {
  name: string
  patients: Patient[]
  clinical?: Table
  mapping?: ClinicalMapping
  counts?: CountMatrix
  /** sample sheet: sample, batch, … */
  samples?: Table
  /** seed of a generated demo cohort */
  demoSeed?: number
}
