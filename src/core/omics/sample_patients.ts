// RNA-seq samples → patients: a sample sheet's `patient_id` column says whose each counts
// column is, so a hospital's sample ids (S-2019-0042-A) need not be patient ids. Several
// samples of one patient are never averaged silently: the first listed in the sheet is kept
// and the others are named in a warning (the user decides; e.g. drop or merge them upstream).
// Counts that match no patient at all are refused, naming the ids expected.

import { InputError } from '../errors.ts'
import type { CountMatrix } from '../cohort/cohort.ts'
import type { SampleSheet } from './counts.ts'

/**
 * Re-key a count matrix by patient.
 * @param counts - genes × samples
 * @param sheet - sample sheet (sample ids in `samples`; column `patient_id` when present)
 * @param patientIds - the study's patients
 * @param batch - per-sample annotation aligned with counts.samples (kept aligned)
 * @returns counts with patient ids as columns (only samples of known patients), batch, warnings
 */
export function countsByPatient(counts: CountMatrix, sheet: SampleSheet | null, patientIds: string[], batch?: string[], countsName = 'counts'): { counts: CountMatrix; batch?: string[]; warnings: string[] } {
  const warnings: string[] = []
  const patientOf = new Map<string, string>()
  const col = sheet?.columns.patient_id
  if (sheet && col) sheet.samples.forEach((s, i) => col[i] && patientOf.set(s, col[i]))
  const known = new Set(patientIds)
  const keep: number[] = []
  const firstOf = new Map<string, string>()
  const extra = new Map<string, string[]>()
  // sheet order decides which sample of a patient is kept
  const order = counts.samples.map((s, j) => ({ s, j, rank: sheet ? sheet.samples.indexOf(s) : j }))
  order.sort((a, b) => (a.rank < 0 ? Infinity : a.rank) - (b.rank < 0 ? Infinity : b.rank) || a.j - b.j)
  const patients: string[] = []
  for (const { s, j } of order) {
    const p = col ? patientOf.get(s) : s
    if (!p || !known.has(p)) continue
    if (firstOf.has(p)) {
      extra.set(p, [...(extra.get(p) ?? []), s])
      continue
    }
    firstOf.set(p, s)
    keep.push(j)
    patients.push(p)
  }
  if (keep.length === 0) {
    const ex = patientIds.slice(0, 5).join(', ') + (patientIds.length > 5 ? ', …' : '')
    const got = counts.samples.slice(0, 5).join(', ') + (counts.samples.length > 5 ? ', …' : '')
    throw new InputError(
      col
        ? `no sample's patient_id in the sample sheet matches a patient of the study (expected ids such as ${ex}; the sheet's patient_id values start ${[...new Set(col)].slice(0, 5).join(', ')})`
        : `no count column matches a patient of the study (expected ids such as ${ex}; the columns are ${got}); name the columns by patient id or give a sample sheet with a patient_id column`,
      countsName,
    )
  }
  for (const [p, more] of extra) warnings.push(`patient ${p} has ${more.length + 1} RNA-seq samples (${[firstOf.get(p), ...more].join(', ')}); ${firstOf.get(p)} is used, the others are left out (not averaged)`)
  const G = counts.genes.length, S = counts.samples.length, K = keep.length
  const data = new Float64Array(G * K)
  for (let g = 0; g < G; g++) for (let k = 0; k < K; k++) data[g * K + k] = counts.data[g * S + keep[k]]
  const unmatched = S - K - [...extra.values()].reduce((a, b) => a + b.length, 0)
  if (unmatched > 0) warnings.push(`${unmatched} RNA-seq sample(s) of ${countsName} belong to no patient of the study and are left out`)
  return { counts: { genes: counts.genes, samples: patients, data }, batch: batch ? keep.map((j) => batch[j]) : undefined, warnings }
}
