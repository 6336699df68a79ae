// The study's flow of patients (the paper's Fig. 1, Crombé, Lucchesi et al. 2024): screened
// (every patient of the cohort) → included in the analyses, with each exclusion grouped by
// its reason (missing sequence, mask outside a sequence's field of view, other frame of
// reference, no clinical row …) and the patients it concerns; patients
// without RNA-seq are listed apart, as they stay in the imaging analyses and leave only the
// RNA sub-cohort. The shape `{screened, included, excluded: [{reason, n, patients}]}` is a
// contract of analysis.json (issue 15); the figure is src/core/figures/flow.ts.

import type { Table } from '../table/table.ts'

/** One patient left out of some analyses, with the message saying why (names file and numbers). */
export interface Exclusion {
  patient: string
  analysis: string
  reason: string
}

export interface FlowExclusion {
  /** the reason in a few words, shared by the patients of the entry */
  reason: string
  n: number
  patients: string[]
  /** which analyses they are left out of */
  analyses: string
}

export interface StudyFlow {
  screened: number
  included: number
  excluded: FlowExclusion[]
  /** patients in the analyses but not in the RNA sub-cohort (no counts), when counts were given */
  rna?: { included: number; without: FlowExclusion | null }
}

export const ALL_ANALYSES = 'all analyses (imaging groupings, Tables 1–3, survival)'
export const IMAGING_ANALYSES = 'imaging (radiomics h-RF, CAE and HSCAE groupings and their survival analyses)'
export const RNA_ANALYSES = 'RNA sub-cohort (RNA groups, Table 4, expression profile)'

const SEQ: Record<string, string> = { t1: 'T1', t2: 'T2', ce_t1: 'CE-T1' }

/**
 * The reason of an exclusion in a few words, from its message (src/core/image/mask_coverage.ts,
 * the DICOM readers, imaging.ts).
 * @example exclusionReason('has no t2 image; left out …') // → 'missing T2'
 */
export function exclusionReason(message: string): string {
  const missing = /has no ((?:t1|t2|ce_t1)(?: or (?:t1|t2|ce_t1))*) image/.exec(message)
  if (missing) return `missing ${missing[1].split(' or ').map((s) => SEQ[s]).join(' and ')}`
  const fov = /inside the (t1|t2|ce_t1) image's field of view/.exec(message)
  if (fov) return `mask outside the ${SEQ[fov[1]]} field of view (< 95 % covered)`
  if (/frame of reference/i.test(message)) return 'mask on another frame of reference'
  if (/no clinical row/i.test(message)) return 'no clinical row'
  if (/mask is empty|empty mask|is empty/i.test(message)) return 'empty tumour mask'
  return 'image or mask could not be used'
}

function group(list: Exclusion[]): FlowExclusion[] {
  const by = new Map<string, FlowExclusion>()
  for (const e of list) {
    const reason = exclusionReason(e.reason)
    const key = `${reason}|${e.analysis}`
    const g = by.get(key) ?? { reason, n: 0, patients: [], analyses: e.analysis }
    if (!g.patients.includes(e.patient)) {
      g.patients.push(e.patient)
      g.n++
    }
    by.set(key, g)
  }
  return [...by.values()]
}

/**
 * The flow of the study's patients.
 * @param screened - every patient of the cohort (manifest order)
 * @param exclusions - patients left out of the analyses, with the message
 * @param rnaPatients - patients with RNA-seq counts, when counts were given
 * @example studyFlow(['P1', 'P2', 'P3'], [{ patient: 'P1', analysis: ALL_ANALYSES, reason: 'has no t2 image' }]) // → { screened: 3, included: 2, excluded: [{ reason: 'missing T2', n: 1, patients: ['P1'], … }] }
 */
export function studyFlow(screened: string[], exclusions: Exclusion[], rnaPatients?: string[]): StudyFlow {
  const out = new Set(exclusions.map((e) => e.patient))
  const included = screened.filter((id) => !out.has(id))
  const flow: StudyFlow = { screened: screened.length, included: included.length, excluded: group(exclusions) }
  if (rnaPatients) {
    const rna = new Set(rnaPatients)
    const without = included.filter((id) => !rna.has(id))
    flow.rna = { included: included.length - without.length, without: without.length ? { reason: 'no RNA-seq counts', n: without.length, patients: without, analyses: RNA_ANALYSES } : null }
  }
  return flow
}

/**
 * Patients of the cohort without a clinical row: they leave every analysis (each named),
 * instead of failing the run after the imaging.
 * @returns the index of each kept patient, and the exclusions
 */
export function clinicalExclusions(ids: string[], clinical: Table, idColumn: string): { keep: number[]; excluded: Exclusion[] } {
  const idI = clinical.columns.indexOf(idColumn)
  const known = new Set(clinical.rows.map((r) => r[idI]))
  const keep: number[] = []
  const excluded: Exclusion[] = []
  ids.forEach((id, i) => {
    if (known.has(id)) keep.push(i)
    else excluded.push({ patient: id, analysis: ALL_ANALYSES, reason: `no clinical row in ${clinical.name} (column ${idColumn}); left out of every analysis` })
  })
  return { keep, excluded }
}
