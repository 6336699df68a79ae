// The compute worker: exposes every engine's jobs over comlink. The UI's worker pool
// (src/ui/lib/pool.ts) calls run(name, args, progress); cancellation terminates the
// worker, so jobs need no cooperative checks to be cancellable from the UI. A job the pool
// lets fan out (SUB_JOBS in pool.ts) gets a subJob runner onto the other pooled workers.
import * as Comlink from 'comlink'
import type { JobTable } from './jobs/types.ts'
import { jobs } from './jobs/index.ts'

const table: JobTable = jobs

const api = {
  jobNames: (): string[] => Object.keys(table),
  /** `subJob` (a comlink proxy from the pool) runs a job on another pooled worker, `parallel` at once. */
  async run(name: string, args: unknown, progress?: (fraction: number, message?: string) => void, subJob?: (name: string, args: unknown) => Promise<unknown>, parallel = 0): Promise<unknown> {
    const job = table[name]
    if (!job) throw new Error(`unknown job "${name}"`)
    return job(args, { progress: progress ? (f, m) => void progress(f, m) : undefined, subJob: subJob && parallel > 0 ? { run: (n, a) => subJob(n, a), parallel } : undefined })
  },
}

export type ComputeApi = typeof api
Comlink.expose(api)
