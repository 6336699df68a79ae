// The study reuses the Radiomics page's features (src/core/study/reuse.ts): on a small demo
// cohort, the features the Radiomics page's job computes (workers/jobs/radiomics.ts path:
// loadPatientImages + extractPatient with the `paper` preset) are bit-identical to the study's
// own imaging step (workers/jobs/study.ts path: studyDataFromCohort + imagingFeatures) when
// the plan does not preprocess; with them the study's imaging result is unchanged and the step
// log says "reused"; a plan that preprocesses refuses them with a warning.
import { describe, expect, it } from 'vitest'
import { demoCohortRecord } from '../../../workers/jobs/foundation.ts'
import { loadImageSource, loadPatientImages } from '../../../workers/image_io.ts'
import { studyDataFromCohort } from '../../../src/core/study/cohort_data.ts'
import { imagingFeatures, imagingSettings } from '../../../src/core/study/imaging.ts'
import { knownRow, reuseProblem, type KnownFeatures } from '../../../src/core/study/reuse.ts'
import { fastPlan } from '../../../src/core/study/plan.ts'
import { runStudy } from '../../../src/core/study/run_study.ts'
import { extractPatient } from '../../../src/core/radiomics/cohort.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { paperColumns } from '../../../src/core/radiomics/paper.ts'
import { featureTable } from '../../../src/core/cohort/features.ts'
import { stableJson } from '../../../src/core/math/hash.ts'

const N = 12

describe('study reuse of page features', async () => {
  const cohort = demoCohortRecord(3, N)
  const plan = fastPlan()
  plan.preprocess.enabled = false
  plan.deep.enabled = false
  plan.icc.enabled = false
  plan.consensus.reps = 20
  // the Radiomics page's extraction (one job per patient)
  const settings = loadPreset('paper')
  const rows = []
  for (const p of cohort.patients) {
    const images = await loadPatientImages(p)
    const { t1, t2, ce_t1 } = images
    rows.push(extractPatient(p.id, { t1, t2, ce_t1 }, images.mask!, settings))
  }
  const table = featureTable(rows, paperColumns())
  const known: KnownFeatures = { source: 'Radiomics page (paper)', settingsKey: stableJson(settings), ids: table.ids, columns: table.columns, values: table.values }
  const data = await studyDataFromCohort(cohort, loadImageSource)

  it('the page extraction equals the study imaging step bit for bit', async () => {
    expect(reuseProblem(known, plan, imagingSettings(plan))).toBeNull()
    const own = await imagingFeatures(data, plan)
    expect(own.ids).toEqual(table.ids)
    const columns = paperColumns()
    own.ids.forEach((id, i) => expect(Array.from(knownRow(known, id, columns)!)).toEqual(Array.from(own.features.subarray(i * columns.length, (i + 1) * columns.length))))
    const reused = await imagingFeatures(data, plan, undefined, undefined, (i) => knownRow(known, data.ids[i], columns))
    expect(Array.from(reused.features)).toEqual(Array.from(own.features))
    expect(reused.slices).toEqual(own.slices)
  }, 120_000)

  it('the study says which step reused what; a preprocessing plan refuses them with a warning', async () => {
    // without the RNA-seq steps (their subset of 12 patients has too few events for the RNA models)
    const r = await runStudy({ ...data, counts: undefined }, plan, { reuse: { features: known } })
    const imaging = r.steps.find((s) => s.step === 'imaging')!
    expect(imaging.reused).toBe(`reused the features of ${N} of ${N} patients from the Radiomics page (paper)`)
    const pre = structuredClone(plan)
    pre.preprocess.enabled = true
    expect(reuseProblem(known, pre, imagingSettings(pre))).toMatch(/preprocesses the images/)
    const other = structuredClone(plan)
    other.radiomics.greyLevels = 16
    expect(reuseProblem(known, other, imagingSettings(other))).toMatch(/other radiomics settings/)
  }, 120_000)
})
