// Deep training's CV repeats kept across a reload or crash: after each completed repeat the
// Deep page saves the worker's TrainCheckpoint (weights, held-out MSEs, loss history) in
// IndexedDB (src/ui/lib/persist.ts) with the options, the backend it ran on and the
// identity of its input: the cohort (patient ids, train/test, image sources, survival) and
// the prepared slices' bytes. After a reload the page offers to resume when the loaded
// cohort matches; trainDeepModel(…, resume) then continues exactly where the run stopped
// (each repeat draws from its own seeded stream). One slot: a new run replaces it; a
// completed or discarded run clears it.
import { kvDelete, kvGet, kvSet } from '../../lib/persist.ts'
import { sha256Hex, stableJson } from '../../../core/math/hash.ts'
import type { DeepSample, TrainCheckpoint, TrainOptions } from '../../../core/deep/train.ts'
import type { BackendName } from '../../../core/deep/backend.ts'
import type { ImageSource, Patient } from '../../../core/cohort/cohort.ts'
import type { CropMode } from '../../../core/deep/slice.ts'

const KEY = 'checkpoint:deep.train'

export interface StoredTraining {
  version: 1
  /** deepCohortKey of the cohort, survival and slice size the run was trained on */
  cohortKey: string
  /** deepSamplesKey of the prepared slices */
  samplesKey: string
  options: TrainOptions
  /** the input window the slices were cut with (absent from runs saved before it was recorded: 'fill') */
  crop?: { crop: CropMode; fieldOfViewMm: number }
  /** the backend the repeats ran on (a resume uses it again, for the same numbers) */
  backend: BackendName | null
  checkpoint: TrainCheckpoint
  savedAt: string
}

/** What identifies an image source without reading it (demo recipe, file name and size). */
function sourceIdentity(s: ImageSource | undefined): unknown {
  if (!s) return null
  if (s.kind === 'demo') return s
  if (s.kind === 'file') return { kind: 'file', name: s.name, bytes: s.file?.size ?? null }
  return { kind: 'dicom', name: s.name, bytes: s.files.map((f) => f?.size ?? null) }
}

/** Identity of the training input known before the slices are prepared. */
export function deepCohortKey(patients: Pick<Patient, 'id' | 'cohort' | 'images'>[], survival: Record<string, { time: number; event: number }>, size: number): string {
  return sha256Hex(stableJson({
    size,
    patients: patients.map((p) => ({ id: p.id, cohort: p.cohort, ce_t1: sourceIdentity(p.images.ce_t1), mask: sourceIdentity(p.images.mask), survival: survival[p.id] ?? null })),
  }))
}

/** Identity of the prepared slices (their bytes, survival and cohort). */
export function deepSamplesKey(samples: DeepSample[]): string {
  const parts = samples.map((s) => {
    const img = s.slice.image, mask = s.slice.mask
    return { id: s.id, cohort: s.cohort, time: s.time ?? null, event: s.event ?? null, size: s.slice.size,
      image: sha256Hex(new Uint8Array(img.buffer, img.byteOffset, img.byteLength)),
      mask: sha256Hex(new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength)) }
  })
  return sha256Hex(stableJson(parts))
}

export const loadStoredTraining = (): Promise<StoredTraining | undefined> => kvGet<StoredTraining>(KEY).then((r) => (r?.version === 1 ? r : undefined))
export const saveStoredTraining = (r: StoredTraining): Promise<unknown> => kvSet(KEY, r)
export const clearStoredTraining = (): Promise<unknown> => kvDelete(KEY)
