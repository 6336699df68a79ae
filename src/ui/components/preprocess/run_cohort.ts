// Runs the preprocessing step over a cohort in the worker pool: per sequence, the
// matching reference case first (its corrected image is the reference histogram), or a
// Nyúl training pass (landmarks of every corrected image), then every patient's case.
// Progress counts finished cases plus the running cases' fractions; cancel() stops all.
//
// Checkpointed: each finished case (its summary, slices and a SHA-256 of its final image,
// not the image itself), each Nyúl landmark set and the matching reference are saved in
// IndexedDB under a key of the cohort's images and every setting. Running again with the
// same input after a reload, crash or cancel replays the saved cases (onCase, in cohort
// order) and runs only the others. Every case is a deterministic function of its input and
// of the reference / Nyúl model, which are restored exactly, so a resumed run ends with the
// outputs of an uninterrupted one. The final images are not kept: later steps recompute an
// evicted one on demand (cache.ts ensurePreprocessed).

import type { Cohort, ImageSource, Sequence } from '../../../core/cohort/cohort.ts'
import { trainNyulFromLandmarks, type NyulModel } from '../../../core/preprocess/nyul.ts'
import { sha256Hex, sha256HexAsync, stableJson } from '../../../core/math/hash.ts'
import type { CaseArgs, CaseResult, PreprocessSettings } from '../../../../workers/jobs/preprocess.ts'
import { runJob, JobCancelled, type JobHandle, type JobProgress } from '../../lib/pool.ts'
import { kvDelete, kvGet, kvSet } from '../../lib/persist.ts'
import type { CacheContext } from './cache.ts'

export interface CohortRunOptions {
  settings: PreprocessSettings
  sequences: Sequence[]
  /** patient whose image is the histogram-matching reference (per sequence; first patient with it otherwise) */
  referenceId: string | null
}

/** A finished case as reported to the page: the job's result plus the hash of its final image. */
export type CaseOutcome = CaseResult & {
  /** hex SHA-256 of the final image's bytes (null for a landmarks-only pass) */
  outputSha: string | null
  /** true when the case comes from the checkpoint (its image is not kept: null) */
  restored?: boolean
}

/** What is saved after each finished case. */
export interface PreprocessCheckpoint {
  version: 1
  inputKey: string
  options: CohortRunOptions
  /** cases and Nyúl passes of the whole run */
  total: number
  /** finished cases by "id/sequence", without their images */
  done: Record<string, CaseOutcome>
  /** Nyúl training pass: landmarks by "id/sequence" */
  landmarks: Record<string, number[]>
  /** corrected intensities of each sequence's matching reference */
  references: Partial<Record<Sequence, Float32Array>>
  savedAt: string
}

export interface CheckpointStore {
  load(): Promise<PreprocessCheckpoint | undefined>
  save(c: PreprocessCheckpoint): Promise<unknown>
  clear(): Promise<unknown>
}

const KEY = 'checkpoint:preprocess.cohort'
/** The checkpoint of the app (IndexedDB). */
export const checkpointStore: CheckpointStore = {
  load: () => kvGet<PreprocessCheckpoint>(KEY).then((c) => (c?.version === 1 ? c : undefined)),
  save: (c) => kvSet(KEY, c),
  clear: () => kvDelete(KEY),
}

export interface CohortRun {
  promise: Promise<CacheContext>
  cancel(): void
}

export interface CohortRunDeps {
  /** run one case (default: the pool's 'preprocess.case' job) */
  runCase?: (args: CaseArgs, onProgress: (p: JobProgress) => void) => JobHandle<CaseResult>
  store?: CheckpointStore
  /** called once with the number of cases (and Nyúl passes) restored from a checkpoint */
  onResume?: (restored: number, total: number) => void
}

const caseKey = (id: string, seq: Sequence) => `${id}/${seq}`

/** What identifies an image source without reading it (demo recipe, file name and size). */
function sourceIdentity(s: ImageSource | undefined): unknown {
  if (!s) return null
  if (s.kind === 'demo') return s
  if (s.kind === 'file') return { kind: 'file', name: s.name, bytes: s.file?.size ?? null }
  return { kind: 'dicom', name: s.name, bytes: s.files.map((f) => f?.size ?? null) }
}

/** Identifies a run's input: the patients' images of the chosen sequences and every option. */
export function cohortRunKey(cohort: Pick<Cohort, 'patients'>, opts: CohortRunOptions): string {
  const patients = cohort.patients.map((p) => ({ id: p.id, images: Object.fromEntries(opts.sequences.map((q) => [q, sourceIdentity(p.images[q])])) }))
  return sha256Hex(stableJson({ settings: opts.settings, sequences: opts.sequences, referenceId: opts.referenceId, patients }))
}

function planOf(cohort: Pick<Cohort, 'patients'>, opts: CohortRunOptions) {
  return opts.sequences.map((seq) => ({ seq, patients: cohort.patients.filter((p) => p.images[seq]) }))
}

export function runCohortPreprocess(cohort: Cohort, opts: CohortRunOptions, onCase: (r: CaseOutcome) => void, onProgress: (p: JobProgress) => void, deps: CohortRunDeps = {}): CohortRun {
  const runCase = deps.runCase ?? ((args, p) => runJob('preprocess.case', args, p))
  const store = deps.store ?? checkpointStore
  const handles = new Set<JobHandle<CaseResult>>()
  let cancelled = false
  const plan = planOf(cohort, opts)
  const total = plan.reduce((s, x) => s + x.patients.length * (opts.settings.standardise === 'nyul' ? 2 : 1), 0)
  let done = 0
  const running = new Map<JobHandle<CaseResult>, number>()
  const started = performance.now()
  let restored = 0
  let lastMessage = ''
  const report = () => {
    let f = done
    for (const v of running.values()) f += v
    const fraction = total ? Math.min(1, f / total) : 1
    const elapsed = (performance.now() - started) / 1000
    const fresh = (f - restored) / total
    onProgress({ fraction, message: `${done}/${total} images${restored ? ` (${restored} from the checkpoint)` : ''} · ${lastMessage}`, eta: fresh > 0.02 ? (elapsed * (1 - fraction)) / fresh : undefined })
  }
  const run = (args: CaseArgs): Promise<CaseResult> => {
    if (cancelled) return Promise.reject(new JobCancelled())
    const h = runCase({ ...args, patient: { id: args.patient.id, images: args.patient.images } }, (p) => {
      running.set(h, p.fraction)
      lastMessage = p.message ?? ''
      report()
    })
    handles.add(h)
    running.set(h, 0)
    return h.promise.finally(() => {
      handles.delete(h)
      running.delete(h)
    })
  }
  const promise = (async (): Promise<CacheContext> => {
    const inputKey = cohortRunKey(cohort, opts)
    const saved = await store.load().catch(() => undefined)
    const ck: PreprocessCheckpoint =
      saved && saved.inputKey === inputKey
        ? saved
        : { version: 1, inputKey, options: opts, total, done: {}, landmarks: {}, references: {}, savedAt: new Date().toISOString() }
    let writes: Promise<unknown> = Promise.resolve()
    const checkpoint = () => {
      const snap: PreprocessCheckpoint = { ...ck, done: { ...ck.done }, landmarks: { ...ck.landmarks }, references: { ...ck.references }, savedAt: new Date().toISOString() }
      writes = writes.then(() => store.save(snap)).catch(() => {})
    }
    /** A case finished: keep it (without its image) and hand it to the page. */
    const finished = async (r: CaseResult): Promise<void> => {
      const outputSha = r.image ? await sha256HexAsync(r.image.data) : null
      if (cancelled) throw new JobCancelled()
      ck.done[caseKey(r.id, r.sequence)] = { ...r, image: null, corrected: null, outputSha }
      done++
      checkpoint()
      report()
      onCase({ ...r, outputSha })
    }
    // replay what the checkpoint holds, in cohort order
    for (const { seq, patients } of plan)
      for (const p of patients) {
        const k = caseKey(p.id, seq)
        if (k in ck.landmarks) restored++
        const r = ck.done[k]
        if (r) {
          restored++
          onCase({ ...r, restored: true })
        }
      }
    done = restored
    if (restored) deps.onResume?.(restored, total)
    report()

    const ctx: CacheContext = { settings: opts.settings, references: {}, nyul: {} }
    for (const { seq, patients } of plan) {
      if (patients.length === 0) continue
      let reference: Float32Array | null = null
      let nyul: NyulModel | null = null
      let rest = patients
      if (opts.settings.standardise === 'match') {
        const ref = patients.find((p) => p.id === opts.referenceId) ?? patients[0]
        reference = ck.references[seq] ?? null
        if (!reference || !ck.done[caseKey(ref.id, seq)]) {
          const r = await run({ patient: ref, sequence: seq, settings: opts.settings, returnCorrected: true })
          reference = r.corrected
          ck.references[seq] = reference!
          await finished({ ...r, corrected: null })
        }
        ctx.references[seq] = reference!
        rest = patients.filter((p) => p !== ref)
      } else if (opts.settings.standardise === 'nyul') {
        const sets = await Promise.all(
          patients.map(async (p) => {
            const k = caseKey(p.id, seq)
            if (ck.landmarks[k]) return ck.landmarks[k]
            const lm = (await run({ patient: p, sequence: seq, settings: opts.settings, landmarksOnly: true })).landmarks
            ck.landmarks[k] = lm
            done++
            checkpoint()
            report()
            return lm
          }),
        )
        nyul = trainNyulFromLandmarks(sets)
        ctx.nyul[seq] = nyul
      }
      const todo = rest.filter((p) => !ck.done[caseKey(p.id, seq)])
      await Promise.all(todo.map((p) => run({ patient: p, sequence: seq, settings: opts.settings, reference, nyul }).then(finished)))
    }
    if (cancelled) throw new JobCancelled()
    await writes
    await store.clear().catch(() => {})
    return ctx
  })()
  promise.catch(() => {})
  return {
    promise,
    cancel() {
      cancelled = true
      for (const h of handles) h.cancel()
    },
  }
}
