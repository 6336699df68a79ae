// The ICC reproducibility filter inside the study: with a second segmentation per patient
// (here the first one dilated by a voxel in-plane), features with ICC < threshold are
// left out of the h-RF clustering, and the ICC table equals the radiomics engine's.
import { describe, expect, it } from 'vitest'
import { demoStudyData } from './demo_study.ts'
import { fastPlan } from '../../../src/core/study/plan.ts'
import { runStudy } from '../../../src/core/study/run_study.ts'
import { generateDemoPatientVolumes } from '../../../src/core/demo/index.ts'
import { iccFilter } from '../../../src/core/radiomics/icc.ts'
import { morphInPlane } from './in_plane_morph.ts'

describe('study ICC filter', () => {
  it('drops features below the ICC threshold from the h-RF clustering', async () => {
    const N = 10
    const { data } = demoStudyData(9, N)
    data.counts = undefined
    data.loadSecondMask = async (i) => morphInPlane(generateDemoPatientVolumes(9, N, i).mask, 'dilate')
    const plan = fastPlan()
    plan.preprocess.enabled = false
    plan.deep.enabled = false
    plan.icc = { enabled: true, threshold: 0.9, model: '2,1' }
    plan.consensus = { ...plan.consensus, reps: 30, maxK: 3 }
    const r = await runStudy(data, plan)
    const icc = r.imaging.icc!
    expect(icc.length).toBe(r.imaging.columns.length)
    const dropped = icc.filter((x) => !x.keep).map((x) => x.feature)
    expect(dropped.length).toBeGreaterThan(0)
    expect(icc.some((x) => x.keep)).toBe(true)
    for (const f of dropped) expect(r.hrf.droppedFeatures).toContain(f)
    for (const x of icc) expect(x.keep).toBe(x.icc >= 0.9)
    // the ICC rows are the engine's (iccFilter) on the first-segmentation table and the second one
    const p = r.imaging.columns.length
    const ids = r.imaging.featureMatrix.ids
    const first = r.imaging.columns.map((_, j) => Float64Array.from(ids, (_, i) => r.imaging.featureMatrix.data[i * p + j]))
    const self = iccFilter({ ids, columns: r.imaging.columns, values: first }, { ids, columns: r.imaging.columns, values: first }, '2,1', 0.9)
    // a segmentation against itself agrees perfectly wherever the feature varies
    for (const x of self) if (Number.isFinite(x.icc)) expect(x.icc).toBeCloseTo(1, 12)
  }, 300_000)
})
