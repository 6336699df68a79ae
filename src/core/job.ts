// Progress and cancellation for long computations. Core functions take an optional
// JobContext; workers wire it to comlink callbacks, the CLI to stderr, tests to nothing.

export interface JobContext {
  /** fraction in [0, 1], with an optional human-readable step */
  progress?: (fraction: number, message?: string) => void
  /** polled by long loops; returning true makes them throw CancelledError */
  isCancelled?: () => boolean
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled')
    this.name = 'CancelledError'
  }
}

/** Throws CancelledError when the job was cancelled. Call between units of work. */
export function throwIfCancelled(ctx?: JobContext): void {
  if (ctx?.isCancelled?.()) throw new CancelledError()
}

/** A context reporting the sub-range [from, to] of a parent's progress. */
export function subContext(ctx: JobContext | undefined, from: number, to: number): JobContext | undefined {
  if (!ctx) return undefined
  return {
    isCancelled: ctx.isCancelled,
    progress: ctx.progress ? (f, m) => ctx.progress!(from + (to - from) * f, m) : undefined,
  }
}
