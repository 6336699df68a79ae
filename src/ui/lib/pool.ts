// Worker pool for the UI: runs any job of workers/compute.worker.ts off the main thread.
// Size = navigator.hardwareConcurrency (at least 1, at most 8). Each job reports
// progress (fraction, message) and an ETA; cancel() terminates its worker (and a new
// one replaces it), so cancellation is immediate whatever the job is doing.

import * as Comlink from 'comlink'
import type { ComputeApi } from '../../../workers/compute.worker.ts'

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

interface Slot {
  worker: Worker
  api: Comlink.Remote<ComputeApi>
  busy: boolean
}

const size = Math.max(1, Math.min(8, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2))
const slots: Slot[] = []
const waiting: (() => void)[] = []

function spawn(): Slot {
  const worker = new Worker(new URL('../../../workers/compute.worker.ts', import.meta.url), { type: 'module' })
  return { worker, api: Comlink.wrap<ComputeApi>(worker), busy: false }
}

async function acquire(): Promise<Slot> {
  for (;;) {
    const free = slots.find((s) => !s.busy)
    if (free) {
      free.busy = true
      return free
    }
    if (slots.length < size) {
      const s = spawn()
      s.busy = true
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

/** Number of workers the pool may run at once. */
export function poolSize(): number {
  return size
}

/** Run a job in a pooled worker. */
export function runJob<T = unknown>(name: string, args: unknown, onProgress?: (p: JobProgress) => void): JobHandle<T> {
  let slot: Slot | undefined
  let cancelled = false
  let rejectCancel: (e: Error) => void = () => {}
  const cancelPromise = new Promise<never>((_, reject) => (rejectCancel = reject))
  // a job cancelled while still queued never races this promise: mark it handled
  cancelPromise.catch(() => {})
  const started = performance.now()
  const promise = (async () => {
    slot = await acquire()
    if (cancelled) {
      release(slot)
      throw new JobCancelled()
    }
    const progress = Comlink.proxy((fraction: number, message?: string) => {
      if (cancelled) return
      const elapsed = (performance.now() - started) / 1000
      const eta = fraction > 0.01 ? (elapsed * (1 - fraction)) / fraction : undefined
      onProgress?.({ fraction, message, eta })
    })
    // a crash never settles the Comlink call: the worker's error event ends the job instead
    const s = slot
    let onError: (e: ErrorEvent | Event) => void = () => {}
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
      return (await Promise.race([s.api.run(name, args, progress), cancelPromise, crashed])) as T
    } catch (e) {
      died = e instanceof WorkerCrashed
      throw e
    } finally {
      s.worker.removeEventListener('error', onError)
      s.worker.removeEventListener('messageerror', onError)
      if (died) {
        // drop the dead worker; acquire() spawns a fresh one
        s.worker.terminate()
        const i = slots.indexOf(s)
        if (i >= 0) slots.splice(i, 1)
        waiting.shift()?.()
      } else if (!cancelled) release(s)
    }
  })()
  return {
    promise,
    cancel() {
      if (cancelled) return
      cancelled = true
      if (slot) {
        // terminate the worker and replace it with a fresh one
        const i = slots.indexOf(slot)
        slot.worker.terminate()
        if (i >= 0) slots.splice(i, 1)
        waiting.shift()?.()
      }
      rejectCancel(new JobCancelled())
    },
  }
}
