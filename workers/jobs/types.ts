// A job that a worker can run: a core function taking plain (structured-clonable)
// arguments and a JobContext, returning a structured-clonable result.
import type { JobContext } from '../../src/core/job.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Job = (args: any, ctx: JobContext) => Promise<unknown> | unknown
export type JobTable = Record<string, Job>
