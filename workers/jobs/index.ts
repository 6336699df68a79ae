// The app's job map: every engine's worker jobs in one table (name → args → result).
// workers/compute.worker.ts runs them; the UI's pool (src/ui/lib/pool.ts) and job runner
// (src/ui/lib/job_runner.svelte.ts) type-check `runJob('name', args)` against it.
import type { ArgsOf, ResultOf } from './types.ts'
import { jobs as foundation } from './foundation.ts'
import { jobs as radiomics } from './radiomics.ts'
import { jobs as stats } from './stats.ts'
import { jobs as cluster } from './cluster.ts'
import { jobs as omics } from './omics.ts'
import { jobs as preprocess } from './preprocess.ts'
import { jobs as deep } from './deep.ts'
import { jobs as study } from './study.ts'
import { jobs as dicom } from './dicom.ts'

export const jobs = { ...foundation, ...radiomics, ...stats, ...cluster, ...omics, ...preprocess, ...deep, ...study, ...dicom }

export type Jobs = typeof jobs
export type JobName = keyof Jobs & string
export type JobArgs<N extends JobName> = ArgsOf<Jobs, N>
export type JobResult<N extends JobName> = ResultOf<Jobs, N>
