// The app's shared state: the loaded cohort and each step's results, keyed by step.
// Pages read and write it; heavy data stays in typed arrays produced by workers.
import type { Cohort } from '../../core/cohort/cohort.ts'
import type { ProjectResults } from './project.ts'

export interface AppState {
  cohort: Cohort | null
  /** what each page computed, typed per key (src/ui/lib/project.ts) */
  results: ProjectResults
  /** page to show */
  page: string
  /** patient chosen for the viewer (a Patient.id of app.cohort), if any */
  patientId?: string | null
}

export const app: AppState = $state({ cohort: null, results: {}, page: 'cohort', patientId: null })
