// The app's shared state: the loaded cohort and each step's results, keyed by step.
// Pages read and write it; heavy data stays in typed arrays produced by workers.
import type { Cohort } from '../../core/cohort/cohort.ts'

export interface AppState {
  cohort: Cohort | null
  /** results per step id, e.g. results['radiomics'] = feature table */
  results: Record<string, unknown>
  /** page to show */
  page: string
  /** patient chosen for the viewer (a Patient.id of app.cohort), if any */
  patientId?: string | null
}

export const app: AppState = $state({ cohort: null, results: {}, page: 'cohort', patientId: null })
