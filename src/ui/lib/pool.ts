// Worker pool for the UI: runs any job of workers/compute.worker.ts off the main thread.
// Size = navigator.hardwareConcurrency (at least 1, at most 8). Each job reports
// progress (fraction, message) and an ETA; cancel() terminates its worker (and a new
// one replaces it), so cancellation is immediate whatever the job is doing.
// A worker that dies (uncaught error, out of memory: its `error` / `messageerror` event)
// is terminated and replaced, and its job is run once more on a fresh worker; a job whose
// worker dies twice fails with JobCrashed, which names the job and its patient.
// createPool(spawn, size) is the pool itself (tests drive it with fake workers); runJob
// uses the one pool of the app and is typed by the job map (workers/jobs/index.ts):
// `runJob('stats.km', args)` checks args and gives the job's result type. A job listed in
// SUB_JOBS (the study) runs its per-patient parts on the pool's other workers.

import * as Comlink from 'comlink'
import type { ComputeApi } from '../../../workers/compute.worker.ts'
import type { JobArgs, JobName, JobResult } from '../../../workers/jobs/index.ts'

export type { JobArgs, JobName, JobResult }

export interface JobProgress {
  fraction: number
  message?: string
  /** seconds left, estimated from elapsed time and fraction */
  eta?: number
}

export interface JobHandle<T> {
  promise: Promise<T>
  cancel(): void
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled')
    this.name = 'JobCancelled'
  }
}

/** The worker running the job died (uncaught error, out of memory); it has been replaced. */
export class WorkerCrashed extends Error {
  constructor(detail: string) {
    super(`the background worker stopped (${detail}); the job can be run again`)
    this.name = 'WorkerCrashed'
  }
}

/** A job whose worker died on every try (the first and the retry on a fresh worker). */
export class JobCrashed extends Error {
  constructor(
    readonly job: string,
    readonly subject: string,
    readonly attempts: number,
    detail: string,
  ) {
    super(`${subject} failed: its background worker stopped ${attempts === 1 ? 'once' : `on all ${attempts} tries`} (${detail}), perhaps out of memory; try fewer parallel jobs or a smaller input`)
    this.name = 'JobCrashed'
  }
}

/** What a pooled worker must offer (a real Worker; tests pass fakes). */
export interface PoolWorker {
  postMessage(message: unknown, transfer?: Transferable[]): void
  addEventListener(type: string, listener: (e: Event) => void): void
  removeEventListener(type: string, listener: (e: Event) => void): void
  terminate(): void
}

export interface RunOptions {
  /** tries after a crash before failing (default 1) */
  retries?: number
}

/** "job X for patient P" (or "job X"): how a failure names a job. */
export function describeJob(name: string, args: unknown): string {
  const a = (args ?? {}) as { patient?: { id?: unknown }; patientId?: unknown; id?: unknown; sequence?: unknown }
  const id = a.patient?.id ?? a.patientId ?? (typeof a.id === 'string' ? a.id : undefined)
  const seq = typeof a.sequence === 'string' ? ` (${a.sequence})` : ''
  return `job "${name}"${typeof id === 'string' ? ` for patient ${id}${seq}` : ''}`
}

interface Slot {
  worker: PoolWorker
  api: Comlink.Remote<ComputeApi>
  busy: boolean
}

export interface Pool {
  runJob<T = unknown>(name: string, args: unknown, onProgress?: (p: JobProgress) => void, options?: RunOptions): JobHandle<T>
  size: number
  /** workers alive now (idle or busy) */
  workers(): number
}

/**
 * Jobs that may fan out onto the pool's other workers, and the jobs each may run there: the
 * study runs its per-patient imaging as the pages' jobs run (one patient per worker).
 */
export const SUB_JOBS: Readonly<Record<string, readonly string[]>> = { 'study.run': ['study.patientImaging'] }

/** A pool of at most `size` workers made by `spawn`. */
export function createPool(spawn: () => PoolWorker, size: number): Pool {
  const slots: Slot[] = []
  const waiting: (() => void)[] = []
  // jobs running now that may fan out: each holds a worker while its sub-jobs need others, so the
  // k-th gets at most size − k sub-jobs at once and none when no worker would be left (no deadlock)
  let parents = 0

  async function acquire(): Promise<Slot> {
    for (;;) {
      const free = slots.find((s) => !s.busy)
      if (free) {
        free.busy = true
        return free
      }
      if (slots.length < size) {
        const worker = spawn()
        const s: Slot = { worker, api: Comlink.wrap<ComputeApi>(worker as unknown as Comlink.Endpoint), busy: true }
        slots.push(s)
        return s
      }
      await new Promise<void>((resolve) => waiting.push(resolve))
    }
  }

  function release(slot: Slot): void {
    slot.busy = false
    waiting.shift()?.()
  }

  /** Terminate a worker (dead or cancelled) and free its place for a fresh one. */
  function discard(slot: Slot): void {
    slot.worker.terminate()
    const i = slots.indexOf(slot)
    if (i >= 0) slots.splice(i, 1)
    waiting.shift()?.()
  }

  function runJob<T = unknown>(name: string, args: unknown, onProgress?: (p: JobProgress) => void, options: RunOptions = {}): JobHandle<T> {
    const retries = Math.max(0, options.retries ?? 1)
    let slot: Slot | undefined
    let cancelled = false
    let rejectCancel: (e: Error) => void = () => {}
    const cancelPromise = new Promise<never>((_, reject) => (rejectCancel = reject))
    const allowed = SUB_JOBS[name]
    const children = new Set<JobHandle<unknown>>()
    /** a sub-job on another worker (progress stays the parent's); cancelled with the parent */
    const subJob = allowed
      ? Comlink.proxy(async (sub: string, subArgs: unknown) => {
          if (!allowed.includes(sub)) throw new Error(`job "${name}" may not run job "${sub}"`)
          if (cancelled) throw new JobCancelled()
          const h = runJob(sub, subArgs)
          children.add(h)
          try {
            return await h.promise
          } finally {
            children.delete(h)
          }
        })
      : undefined
    // a job cancelled while still queued never races this promise: mark it handled
    cancelPromise.catch(() => {})
    const started = performance.now()

    /** One try on one worker; a crash throws WorkerCrashed after the worker is discarded. */
    async function attempt(): Promise<T> {
      const s = await acquire()
      slot = s
      if (cancelled) {
        release(s)
        throw new JobCancelled()
      }
      const progress = Comlink.proxy((fraction: number, message?: string) => {
        if (cancelled || slot !== s) return
        const elapsed = (performance.now() - started) / 1000
        const eta = fraction > 0.01 ? (elapsed * (1 - fraction)) / fraction : undefined
        onProgress?.({ fraction, message, eta })
      })
      // a crash never settles the Comlink call: the worker's error event ends the try instead
      let onError: (e: Event) => void = () => {}
      const crashed = new Promise<never>((_, reject) => {
        onError = (e) => {
          e.preventDefault?.()
          reject(new WorkerCrashed((e as ErrorEvent).message || e.type))
        }
      })
      crashed.catch(() => {})
      s.worker.addEventListener('error', onError)
      s.worker.addEventListener('messageerror', onError)
      let died = false
      try {
        const parallel = subJob ? Math.max(0, size - parents - 1) : 0
        if (subJob) parents++
        try {
          return (await Promise.race([s.api.run(name, args, progress, parallel > 0 ? subJob : undefined, parallel), cancelPromise, crashed])) as T
        } finally {
          if (subJob) parents--
        }
      } catch (e) {
        died = e instanceof WorkerCrashed && !cancelled
        throw e
      } finally {
        s.worker.removeEventListener('error', onError)
        s.worker.removeEventListener('messageerror', onError)
        if (died) discard(s)
        else if (!cancelled) release(s)
      }
    }

    const promise = (async () => {
      let last: WorkerCrashed | null = null
      for (let k = 0; k <= retries; k++) {
        try {
          return await attempt()
        } catch (e) {
          if (!(e instanceof WorkerCrashed) || cancelled) throw cancelled ? new JobCancelled() : e
          last = e
          slot = undefined
        }
      }
      throw new JobCrashed(name, describeJob(name, args), retries + 1, last?.message.replace(/^the background worker stopped \((.*)\); the job can be run again$/, '$1') ?? 'crash')
    })()
    return {
      promise,
      cancel() {
        if (cancelled) return
        cancelled = true
        // terminate the worker and replace it with a fresh one; its sub-jobs go with it
        if (slot) discard(slot)
        for (const h of children) h.cancel()
        rejectCancel(new JobCancelled())
      },
    }
  }

  return { runJob, size, workers: () => slots.length }
}

const size = Math.max(1, Math.min(8, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2))
let pool: Pool | null = null
const appPool = (): Pool => (pool ??= createPool(() => new Worker(new URL('../../../workers/compute.worker.ts', import.meta.url), { type: 'module' }), size))

/** Number of workers the pool may run at once. */
export function poolSize(): number {
  return size
}

/** Run a job of the app's job map in a pooled worker (retried once on a fresh worker if its worker dies). */
export function runJob<N extends JobName>(name: N, args: JobArgs<N>, onProgress?: (p: JobProgress) => void, options?: RunOptions): JobHandle<JobResult<N>> {
  return appPool().runJob<JobResult<N>>(name, args, onProgress, options)
}
