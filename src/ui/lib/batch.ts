// Fan a list of jobs out over the worker pool (one job per item, e.g. one patient each),
// with one combined progress (fraction of the work done, ETA) and one cancel for all.
// Items finish in any order; results keep the input order. onItem sees each result as it
// arrives (for checkpoints); an item whose worker crashed is retried once on a fresh worker.
import { runJob, JobCancelled, type JobArgs, type JobHandle, type JobName, type JobProgress, type JobResult } from './pool.ts'

export interface BatchHandle<T> {
  promise: Promise<T[]>
  cancel(): void
}

/** Run `name` once per argument object; onProgress gets the combined fraction and ETA. */
export function runBatch<N extends JobName, T = JobResult<N>>(
  name: N,
  argsList: JobArgs<N>[],
  onProgress?: (p: JobProgress & { done: number; total: number }) => void,
  onItem?: (index: number, result: T) => void,
): BatchHandle<T> {
  const total = argsList.length
  const partial = new Float64Array(total)
  let done = 0
  let cancelled = false
  const started = performance.now()
  const report = (message?: string) => {
    if (cancelled) return
    let sum = 0
    for (let i = 0; i < total; i++) sum += partial[i]
    const fraction = total ? sum / total : 1
    const elapsed = (performance.now() - started) / 1000
    onProgress?.({ fraction, message, eta: fraction > 0.01 ? (elapsed * (1 - fraction)) / fraction : undefined, done, total })
  }
  const start = (i: number): JobHandle<T> =>
    runJob(name, argsList[i], (p) => {
      partial[i] = Math.min(p.fraction, 0.99)
      report(p.message)
    }) as JobHandle<T>
  const handles: JobHandle<T>[] = argsList.map((_, i) => start(i))
  const promise = Promise.all(
    handles.map((h, i) =>
      // a crashed worker is replaced and its job retried once by the pool itself (pool.ts)
      h.promise
        .then((r) => {
          partial[i] = 1
          done++
          onItem?.(i, r)
          report(`${done} / ${total}`)
          return r
        }),
    ),
  ).catch((e) => {
    // one failure (or the cancel) stops the others
    for (const h of handles) h.cancel()
    throw cancelled ? new JobCancelled() : e
  })
  return {
    promise,
    cancel() {
      if (cancelled) return
      cancelled = true
      for (const h of handles) h.cancel()
    },
  }
}
