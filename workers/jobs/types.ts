// A job that a worker can run: a core function taking plain (structured-clonable)
// arguments and a JobContext, returning a structured-clonable result. Each engine's file
// declares its jobs `satisfies JobTable`, so the table keeps every job's own argument and
// result types; workers/jobs/index.ts merges them into the app's job map (name → args → result).
import type { JobContext } from '../../src/core/job.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Job = (args: any, ctx: JobContext) => Promise<unknown> | unknown
export type JobTable = Record<string, Job>

/** The arguments a job of a table takes (`undefined` for a job without arguments). */
export type ArgsOf<T extends JobTable, N extends keyof T> = Parameters<T[N]> extends [] ? undefined : Parameters<T[N]>[0]
/** What a job of a table resolves to. */
export type ResultOf<T extends JobTable, N extends keyof T> = Awaited<ReturnType<T[N]>>
