// The study page's state, kept outside the page so that it survives navigation: the
// analysis plan being edited and the last run's output (raw: large and read-only).
import { defaultPlan, type AnalysisPlan } from '../../../core/study/plan.ts'
import type { StudyRunOutput } from '../../../../workers/jobs/study.ts'

class StudyState {
  plan: AnalysisPlan = $state(defaultPlan())
  output: StudyRunOutput | null = $state.raw(null)
  /** name of the cohort the output was computed on */
  cohortName = $state('')
  /** a user's GMT file replacing the shipped collection */
  gmt: { name: string; text: string } | null = $state.raw(null)
  backend: 'auto' | 'webgpu' | 'webgl' | 'cpu' = $state('auto')
  useCache = $state(true)
}

export const study = new StudyState()
