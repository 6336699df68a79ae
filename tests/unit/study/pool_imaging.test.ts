// The browser study's per-patient imaging over the worker pool (workers/jobs/study.ts
// 'study.patientImaging' sub-jobs, concurrentRunner): each patient computed from its own record
// alone (patientStudyData, as a pooled worker does), finishing in any order, gives the study's
// imaging result bit for bit equal to the one-worker sequential run — with preprocessing and
// histogram matching to the first training patient, and with features reused from elsewhere.
import { describe, expect, it } from 'vitest'
import { demoCohortRecord } from '../../../workers/jobs/foundation.ts'
import { loadImageSource } from '../../../workers/image_io.ts'
import { patientStudyData, studyDataFromCohort } from '../../../src/core/study/cohort_data.ts'
import { concurrentRunner, imagingFeatures, imagingOfPatient } from '../../../src/core/study/imaging.ts'
import { fastPlan } from '../../../src/core/study/plan.ts'

const N = 5

describe('study imaging over a pool', async () => {
  const cohort = demoCohortRecord(4, N)
  const data = await studyDataFromCohort(cohort, loadImageSource)
  const byId = new Map(cohort.patients.map((p) => [p.id, p]))
  const order: string[] = []
  // what a pooled worker runs for patient i: its record only, after a random delay
  const pooled = (parallel: number) =>
    concurrentRunner(async (i, reference, known) => {
      await new Promise((r) => setTimeout(r, Math.random() * 30))
      const r = await imagingOfPatient(patientStudyData(byId.get(data.ids[i])!, loadImageSource), plan, 0, reference, known)
      order.push(data.ids[i])
      return structuredClone(r) // it crosses to the study's worker
    }, parallel)
  const plan = fastPlan()
  plan.deep.enabled = false
  plan.icc.enabled = false

  it('equals the sequential run with preprocessing and histogram matching', async () => {
    expect(plan.preprocess.enabled && plan.preprocess.matchHistogram).toBe(true)
    const seq = await imagingFeatures(data, plan)
    const par = await imagingFeatures(data, plan, undefined, pooled(3))
    expect(par.ids).toEqual(seq.ids)
    expect(par.ids.length).toBe(N)
    expect(Array.from(par.features)).toEqual(Array.from(seq.features))
    expect(par.slices).toEqual(seq.slices)
    expect(par.warnings).toEqual(seq.warnings)
    expect(order.length).toBe(N - 1) // the reference patient is computed first, by the study itself
  }, 600_000)

  it('passes the reused features through to the pooled patients', async () => {
    const p2 = structuredClone(plan)
    p2.preprocess.enabled = false
    const base = await imagingFeatures(data, p2)
    const nc = base.features.length / N
    const fake = (i: number) => Float64Array.from({ length: nc }, (_, j) => i * 1000 + j)
    const par = await imagingFeatures(data, p2, undefined, pooled(2), fake)
    for (let i = 0; i < N; i++) expect(Array.from(par.features.subarray(i * nc, (i + 1) * nc))).toEqual(Array.from(fake(i)))
  }, 600_000)
})
