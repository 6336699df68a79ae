// The study page's state, kept outside the page so that it survives navigation: the
// analysis plan being edited and the last run's output (raw: large and read-only). Plan,
// output and run options are also kept in this browser (IndexedDB, key 'study'), so that
// a reload finds the plan and the last result where they were. A run in progress is noted
// (key 'study.running') until it ends, so that a reload mid-run can offer to resume it: the
// steps it finished are in the step cache, and the resumed run says which it took from there.
import { defaultPlan, type AnalysisPlan } from '../../../core/study/plan.ts'
import type { StudyRunOutput } from '../../../../workers/jobs/study.ts'
import { kvDelete, kvGet, kvSet } from '../../lib/persist.ts'

class StudyState {
  plan: AnalysisPlan = $state(defaultPlan())
  output: StudyRunOutput | null = $state.raw(null)
  /** name of the cohort the output was computed on */
  cohortName = $state('')
  /** the user's GMT files: further gene-set collections (C2, C7, immune-cell signatures …), each tested on its own */
  gmt: { name: string; text: string }[] = $state.raw([])
  /** also test the shipped collection named by plan.enrichment.gmt (Hallmark) */
  shippedGmt = $state(true)
  backend: 'auto' | 'webgpu' | 'webgl' | 'cpu' = $state('auto')
  useCache = $state(true)
  /** true once the kept plan and result (if any) were read back */
  restored = $state(false)
  /** a run that was in progress when the page was last closed or reloaded */
  interrupted: RunningStudy | null = $state.raw(null)
}

/** A study run in progress, as noted in this browser. */
export interface RunningStudy { plan: AnalysisPlan; cohortName: string; startedAt: string }

const RUNNING = 'study.running'
/** Note the run in progress (cleared by runEnded). */
export const runStarted = (r: RunningStudy): Promise<unknown> => kvSet(RUNNING, r).catch(() => undefined)
export const runEnded = (): Promise<unknown> => kvDelete(RUNNING).catch(() => undefined)

export const study = new StudyState()

const KEY = 'study'

interface KeptStudy { version: 1; plan: AnalysisPlan; output: StudyRunOutput | null; cohortName: string; backend: StudyState['backend']; useCache: boolean }

/** Keep the plan, the last output and the run options in this browser. */
export function keepStudy(): Promise<unknown> {
  const kept: KeptStudy = { version: 1, plan: $state.snapshot(study.plan) as AnalysisPlan, output: study.output, cohortName: study.cohortName, backend: study.backend, useCache: study.useCache }
  return kvSet(KEY, kept).catch(() => undefined)
}

if (typeof indexedDB !== 'undefined')
  kvGet<RunningStudy>(RUNNING)
    .then((r) => (study.interrupted = r ?? null))
    .then(() => kvGet<KeptStudy>(KEY))
    .then((k) => {
      if (k?.version !== 1) return
      study.plan = k.plan
      study.output = k.output
      study.cohortName = k.cohortName
      study.backend = k.backend
      study.useCache = k.useCache
    })
    .catch(() => undefined)
    .finally(() => (study.restored = true))
else study.restored = true
