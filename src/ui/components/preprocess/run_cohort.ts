// Runs the preprocessing step over a cohort in the worker pool: per sequence, the
// matching reference case first (its corrected image is the reference histogram), or a
// Nyúl training pass (landmarks of every corrected image), then every patient's case.
// Progress counts finished cases plus the running cases' fractions; cancel() stops all.

import type { Cohort, Sequence } from '../../../core/study/cohort.ts'
import { trainNyulFromLandmarks, type NyulModel } from '../../../core/preprocess/nyul.ts'
import type { CaseArgs, CaseResult, PreprocessSettings } from '../../../../workers/jobs/preprocess.ts'
import { runJob, JobCancelled, type JobHandle, type JobProgress } from '../../lib/pool.ts'
import type { CacheContext } from './cache.ts'

export interface CohortRunOptions {
  settings: PreprocessSettings
  sequences: Sequence[]
  /** patient whose image is the histogram-matching reference (per sequence; first patient with it otherwise) */
  referenceId: string | null
}

export interface CohortRun {
  promise: Promise<CacheContext>
  cancel(): void
}

export function runCohortPreprocess(cohort: Cohort, opts: CohortRunOptions, onCase: (r: CaseResult) => void, onProgress: (p: JobProgress) => void): CohortRun {
  const handles = new Set<JobHandle<CaseResult>>()
  let cancelled = false
  const plan = opts.sequences.map((seq) => ({ seq, patients: cohort.patients.filter((p) => p.images[seq]) }))
  const total = plan.reduce((s, x) => s + x.patients.length * (opts.settings.standardise === 'nyul' ? 2 : 1), 0)
  let done = 0
  const running = new Map<JobHandle<CaseResult>, number>()
  const started = performance.now()
  let lastMessage = ''
  const report = () => {
    let f = done
    for (const v of running.values()) f += v
    const fraction = total ? Math.min(1, f / total) : 1
    const elapsed = (performance.now() - started) / 1000
    onProgress({ fraction, message: `${done}/${total} images · ${lastMessage}`, eta: fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction : undefined })
  }
  const run = (args: CaseArgs): Promise<CaseResult> => {
    if (cancelled) return Promise.reject(new JobCancelled())
    const h = runJob<CaseResult>('preprocess.case', { ...args, patient: { id: args.patient.id, images: args.patient.images } }, (p) => {
      running.set(h, p.fraction)
      lastMessage = p.message ?? ''
      report()
    })
    handles.add(h)
    running.set(h, 0)
    return h.promise.finally(() => {
      handles.delete(h)
      running.delete(h)
      done++
      report()
    })
  }
  const promise = (async (): Promise<CacheContext> => {
    const ctx: CacheContext = { settings: opts.settings, references: {}, nyul: {} }
    for (const { seq, patients } of plan) {
      if (patients.length === 0) continue
      let reference: Float32Array | null = null
      let nyul: NyulModel | null = null
      let rest = patients
      if (opts.settings.standardise === 'match') {
        const ref = patients.find((p) => p.id === opts.referenceId) ?? patients[0]
        const r = await run({ patient: ref, sequence: seq, settings: opts.settings, returnCorrected: true })
        reference = r.corrected
        ctx.references[seq] = reference!
        r.corrected = null
        onCase(r)
        rest = patients.filter((p) => p !== ref)
      } else if (opts.settings.standardise === 'nyul') {
        const sets = await Promise.all(patients.map((p) => run({ patient: p, sequence: seq, settings: opts.settings, landmarksOnly: true }).then((r) => r.landmarks)))
        nyul = trainNyulFromLandmarks(sets)
        ctx.nyul[seq] = nyul
      }
      await Promise.all(rest.map((p) => run({ patient: p, sequence: seq, settings: opts.settings, reference, nyul }).then(onCase)))
    }
    return ctx
  })()
  return {
    promise,
    cancel() {
      cancelled = true
      for (const h of handles) h.cancel()
    },
  }
}
