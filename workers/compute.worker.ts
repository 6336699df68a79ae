// The compute worker: exposes every engine's jobs over comlink. The UI's worker pool
// (src/ui/lib/pool.ts) calls run(name, args, progress); cancellation terminates the
// worker, so jobs need no cooperative checks to be cancellable from the UI.
import * as Comlink from 'comlink'
import type { JobTable } from './jobs/types.ts'
import { jobs } from './jobs/index.ts'

const table: JobTable = jobs

const api = {
  jobNames: (): string[] => Object.keys(table),
  async run(name: string, args: unknown, progress?: (fraction: number, message?: string) => void): Promise<unknown> {
    const job = table[name]
    if (!job) throw new Error(`unknown job "${name}"`)
    return job(args, { progress: progress ? (f, m) => void progress(f, m) : undefined })
  },
}

export type ComputeApi = typeof api
Comlink.expose(api)
