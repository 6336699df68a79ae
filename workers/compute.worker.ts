// The compute worker: exposes every engine's jobs over comlink. The UI's worker pool
// (src/ui/lib/pool.ts) calls run(name, args, progress); cancellation terminates the
// worker, so jobs need no cooperative checks to be cancellable from the UI.
import * as Comlink from 'comlink'
import type { JobTable } from './jobs/types.ts'
import { jobs as foundation } from './jobs/foundation.ts'
import { jobs as radiomics } from './jobs/radiomics.ts'
import { jobs as stats } from './jobs/stats.ts'
import { jobs as cluster } from './jobs/cluster.ts'
import { jobs as omics } from './jobs/omics.ts'
import { jobs as preprocess } from './jobs/preprocess.ts'
import { jobs as deep } from './jobs/deep.ts'
import { jobs as study } from './jobs/study.ts'
import { jobs as dicom } from './jobs/dicom.ts'

const table: JobTable = { ...foundation, ...radiomics, ...stats, ...cluster, ...omics, ...preprocess, ...deep, ...study, ...dicom }

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
