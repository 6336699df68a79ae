// A job that a worker can run: a core function taking plain (structured-clonable)
// arguments and a JobContext, returning a structured-clonable result. Each engine's file
// declares its jobs `satisfies JobTable`, so the table keeps every job's own argument and
// result types; workers/jobs/index.ts merges them into the app's job map (name → args → result).
import type { JobContext } from '../../src/core/job.ts'

/**
 * What a job's worker gets from the pool besides progress: `subJob` runs another job of the map
 * on ANOTHER pooled worker (the pool allows it for the jobs listed in src/ui/lib/pool.ts
 * SUB_JOBS, e.g. the study's per-patient imaging), `parallel` of them at once; absent when the
 * pool has no spare worker (the job then does the work itself).
 */
export interface WorkerJobContext extends JobContext {
  subJob?: { run(name: string, args: unknown): Promise<unknown>; parallel: number }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Job = (args: any, ctx: WorkerJobContext) => Promise<unknown> | unknown
export type JobTable = Record<string, Job>

/** The arguments a job of a table takes (`undefined` for a job without arguments). */
export type ArgsOf<T extends JobTable, N extends keyof T> = Parameters<T[N]> extends [] ? undefined : Parameters<T[N]>[0]
/** What a job of a table resolves to. */
export type ResultOf<T extends JobTable, N extends keyof T> = Awaited<ReturnType<T[N]>>
