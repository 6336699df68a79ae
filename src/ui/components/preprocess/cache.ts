// The preprocessing step's cache, so later steps (radiomics, deep radiomics) reuse the
// preprocessed images instead of recomputing them: final volumes per patient and
// sequence in memory under a byte budget (oldest evicted first), the settings and the
// matching references they were made with; an evicted volume is recomputed on demand
// by the same deterministic job (ensurePreprocessed).

import type { Volume } from '../../../core/image/volume.ts'
import type { Patient, Sequence } from '../../../core/cohort/cohort.ts'
import type { NyulModel } from '../../../core/preprocess/nyul.ts'
import type { CaseResult, PreprocessSettings } from '../../../../workers/jobs/preprocess.ts'
import { runJob } from '../../lib/pool.ts'

type Final = Volume<Int16Array | Float32Array>

const BUDGET_BYTES = 768 * 2 ** 20
const volumes = new Map<string, Final>()
let bytes = 0

export interface CacheContext {
  settings: PreprocessSettings
  references: Partial<Record<Sequence, Float32Array>>
  nyul: Partial<Record<Sequence, NyulModel>>
}
let context: CacheContext | null = null

const key = (id: string, seq: Sequence) => `${id}/${seq}`

/** Forget everything (new settings or a new cohort). */
export function resetPreprocessCache(ctx: CacheContext | null): void {
  volumes.clear()
  bytes = 0
  context = ctx
}

/** Record the settings and references the cached volumes were made with. */
export function setPreprocessContext(ctx: CacheContext): void {
  context = ctx
}

export function preprocessContext(): CacheContext | null {
  return context
}

/** Keep a case's final volume (evicting the oldest beyond the budget). */
export function putPreprocessed(id: string, seq: Sequence, v: Final): void {
  const k = key(id, seq)
  const old = volumes.get(k)
  if (old) bytes -= old.data.byteLength
  volumes.set(k, v)
  bytes += v.data.byteLength
  for (const [kk, vv] of volumes) {
    if (bytes <= BUDGET_BYTES || kk === k) break
    volumes.delete(kk)
    bytes -= vv.data.byteLength
  }
}

/** The cached preprocessed volume, or null when absent or evicted. */
export function getPreprocessed(id: string, seq: Sequence): Final | null {
  return volumes.get(key(id, seq)) ?? null
}

/** The preprocessed volume, recomputed in a worker with the step's settings when evicted. */
export async function ensurePreprocessed(patient: Pick<Patient, 'id' | 'images'>, seq: Sequence): Promise<Final> {
  const hit = getPreprocessed(patient.id, seq)
  if (hit) return hit
  if (!context) throw new Error('run the preprocessing step first')
  const r = await runJob('preprocess.case', { patient: { id: patient.id, images: patient.images }, sequence: seq, settings: context.settings, reference: context.references[seq] ?? null, nyul: context.nyul[seq] ?? null }).promise
  putPreprocessed(patient.id, seq, r.image!)
  return r.image!
}
