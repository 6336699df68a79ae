// Test helper: StudyData for the built-in demo cohort (src/core/demo): tables generated at once,
// volumes generated lazily per patient. Only the study tests use it (moved here from src/core/study).

import { generateDemoCohort, demoPatientVolumes, type DemoSize } from '../../../src/core/demo/index.ts'
import { demoClinicalTable } from '../../../src/core/demo/files.ts'
import { DEMO_VARIABLES, type StudyData } from '../../../src/core/study/study_data.ts'
import type { DemoTruth } from '../../../src/core/demo/cohort.ts'

export function demoStudyData(seed: number, patients: number, size: DemoSize = 'standard'): { data: StudyData; truth: DemoTruth } {
  const demo = generateDemoCohort({ seed, patients })
  const batchOf = new Map(demo.samples.map((s) => [s.sample, s.batch]))
  const data: StudyData = {
    ids: demo.clinical.map((r) => r.patient_id),
    cohort: demo.clinical.map((r) => r.cohort),
    clinical: demoClinicalTable(demo),
    variables: DEMO_VARIABLES,
    counts: demo.counts,
    batch: demo.counts.samples.map((s) => batchOf.get(s)!),
    checksums: [{ file: `demo cohort seed ${seed}, ${patients} patients`, sha256: `demo-${seed}-${patients}` }],
    async loadImages(i) {
      return demoPatientVolumes(seed, patients, i, size)
    },
  }
  return { data, truth: demo.truth }
}
