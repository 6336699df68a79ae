// The app's study data path carrying the second segmentation: a Cohort whose patients have
// a mask2 source (as the local import makes them) → studyDataFromCohort → imagingFeatures
// with the ICC filter on. The ICC uses the patients with a usable second segmentation (as
// the CLI does: same imagingFeatures, iccFilter pairs by id) and says how many; an empty
// second mask and one on another grid are named (patient + file) and left out of the ICC
// while the patient stays in the analysis; with preprocessing, a second mask on another
// grid is carried onto the image grid as the first mask is.
import { describe, expect, it } from 'vitest'
import { generateDemoCohort, generateDemoPatientVolumes } from '../../../src/core/demo/index.ts'
import { demoStudyCohort } from '../../../src/core/demo/files.ts'
import { studyDataFromCohort, type SourceLoader } from '../../../src/core/study/cohort_data.ts'
import { imagingFeatures, patientImaging } from '../../../src/core/study/imaging.ts'
import { fastPlan } from '../../../src/core/study/plan.ts'
import { iccFilter } from '../../../src/core/radiomics/icc.ts'
import type { Mask, Volume } from '../../../src/core/image/volume.ts'
import type { ImageSource } from '../../../src/core/cohort/cohort.ts'
import { morphInPlane } from './in_plane_morph.ts'

const SEED = 3, N = 6

/** The same mask on a grid twice as coarse in-plane (nearest voxel), same physical extent. */
function coarsen(m: Mask): Mask {
  const [nx, ny, nz] = m.dims
  const dims: [number, number, number] = [nx / 2, ny / 2, nz]
  const data = new Uint8Array(dims[0] * dims[1] * nz)
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) data[x + dims[0] * (y + dims[1] * z)] = m.data[2 * x + nx * (2 * y + ny * z)]
  // voxel centres: the coarse voxel (0,0) covers fine voxels 0 and 1
  const origin: [number, number, number] = [m.origin[0] + m.spacing[0] / 2, m.origin[1] + m.spacing[1] / 2, m.origin[2]]
  return { dims, spacing: [m.spacing[0] * 2, m.spacing[1] * 2, m.spacing[2]], origin, direction: [...m.direction], data }
}

function cohortWithSecondMasks() {
  const cohort = demoStudyCohort(generateDemoCohort({ seed: SEED, patients: N }))
  cohort.counts = undefined
  cohort.samples = undefined
  const volumes = new Map<string, Volume>()
  const mask = (i: number) => generateDemoPatientVolumes(SEED, N, i).mask
  const second = (i: number, name: string, v: Volume) => {
    volumes.set(name, v)
    cohort.patients[i].images.mask2 = { kind: 'file', name, file: new Blob([]) }
  }
  // patients 0–2: a second delineation one voxel tighter; 3: an empty file; 4: another grid; 5: none
  for (const i of [0, 1, 2]) second(i, `${cohort.patients[i].id}/mask2.nii.gz`, morphInPlane(mask(i), 'erode'))
  second(3, `${cohort.patients[3].id}/mask2.nii.gz`, { ...mask(3), data: new Uint8Array(mask(3).data.length) })
  second(4, `${cohort.patients[4].id}/seg2.nii.gz`, coarsen(mask(4)))
  const load: SourceLoader = async (src: ImageSource) => {
    if (src.kind === 'demo') return generateDemoPatientVolumes(src.seed, src.patients, src.index)[src.image]
    const v = volumes.get(src.name)
    if (!v) throw new Error(`no test volume ${src.name}`)
    return v
  }
  return { cohort, load, mask }
}

describe('second segmentations through the app study data', () => {
  it('studyDataFromCohort loads each patient’s mask2 (binary) and names its file', async () => {
    const { cohort, load, mask } = cohortWithSecondMasks()
    const data = await studyDataFromCohort(cohort, load)
    const m0 = await data.loadSecondMask!(0)
    expect(m0).not.toBeNull()
    expect(Array.from(m0!.data)).toEqual(Array.from(morphInPlane(mask(0), 'erode').data))
    expect(await data.loadSecondMask!(5)).toBeNull()
    expect(data.secondMaskFile!(4)).toBe(`${cohort.patients[4].id}/seg2.nii.gz`)
    expect(data.secondMaskFile!(5)).toBeUndefined()
    // an empty second mask is refused naming its file
    await expect(data.loadSecondMask!(3)).rejects.toThrow(`${cohort.patients[3].id}/mask2.nii.gz: the mask is empty`)
    // the second masks are part of the input checksums (the image list), so cached steps follow them
    const without = await studyDataFromCohort({ ...cohort, patients: cohort.patients.map((p) => ({ ...p, images: { ...p.images, mask2: undefined } })) }, load)
    expect(without.checksums.at(-1)!.sha256).not.toBe(data.checksums.at(-1)!.sha256)
  })

  it('the ICC filter runs on the patients with a usable second mask; bad ones are named and the run goes on', async () => {
    const { cohort, load } = cohortWithSecondMasks()
    const data = await studyDataFromCohort(cohort, load)
    const plan = fastPlan()
    plan.preprocess.enabled = false
    plan.deep.enabled = false
    plan.icc = { enabled: true, threshold: 0.9, model: '3,1' }
    const r = await imagingFeatures(data, plan)
    const ids = cohort.patients.map((p) => p.id)
    // every patient is analysed (the second mask problems do not skip anyone)
    expect(r.failed).toEqual([])
    expect(r.ids).toEqual(ids)
    const notes = r.iccNotes.join('\n')
    expect(notes).toContain(`${ids[3]}: second segmentation left out of the ICC: ${ids[3]}/mask2.nii.gz: the mask is empty`)
    expect(notes).toContain(`${ids[4]}: second segmentation ${ids[4]}/seg2.nii.gz left out of the ICC: the mask grid (48×48×30) differs from the image grid (96×96×30); resample the mask onto the image first`)
    expect(notes).toContain(`ICC filter: 3 of ${N} analysed patients have a usable second segmentation; the ICC is computed on those 3`)
    // the ICC rows are the engine's on the first-mask features and the second-mask features of patients 0–2
    const p = r.columns.length
    const firstCols = r.columns.map((_, j) => Float64Array.from(ids, (_, i) => r.features[i * p + j]))
    const second: Float64Array[] = []
    for (const i of [0, 1, 2]) {
      const v = generateDemoPatientVolumes(SEED, N, i)
      second.push(patientImaging(v, plan, null, ids[i], false, morphInPlane(v.mask, 'erode')).features2!)
    }
    const secondCols = r.columns.map((_, j) => Float64Array.from(second, (row) => row[j]))
    const expected = iccFilter({ ids, columns: r.columns, values: firstCols }, { ids: ids.slice(0, 3), columns: r.columns, values: secondCols }, '3,1', 0.9)
    expect(r.icc).not.toBeNull()
    expect(r.icc!.map((x) => [x.feature, x.icc, x.keep])).toEqual(expected.map((x) => [x.feature, x.icc, x.keep]))
    expect(r.icc!.every((x) => x.n <= 3)).toBe(true)
    const kept = r.icc!.filter((x) => x.keep).length
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(p)
    expect(notes).toContain(`ICC filter (ICC(3,1) ≥ 0.9, 3 patients): ${kept} of ${p} features kept, ${p - kept} dropped from the h-RF clustering`)
    // the notes are among the imaging warnings too
    for (const n of r.iccNotes) expect(r.warnings).toContain(n)
  }, 120_000)

  it('with preprocessing, a second mask on another grid is carried onto the image grid', () => {
    const plan = fastPlan()
    plan.preprocess.n4 = false
    plan.preprocess.spacing = [2, 2, 4]
    plan.icc.enabled = true
    const v = generateDemoPatientVolumes(SEED, N, 4)
    const r = patientImaging(v, plan, null, 'P4', false, coarsen(v.mask), 'P4/seg2.nii.gz')
    expect(r.secondMaskProblem).toBeUndefined()
    expect(r.features2).toBeDefined()
    expect(r.features2!.length).toBe(r.features.length)
    // a second mask that falls outside the image is empty once resampled: named, features kept
    const away = { ...coarsen(v.mask), origin: [1e4, 1e4, 1e4] as [number, number, number] }
    const r2 = patientImaging(v, plan, null, 'P4', false, away, 'P4/seg2.nii.gz')
    expect(r2.features2).toBeUndefined()
    expect(r2.secondMaskProblem).toBe('P4: second segmentation P4/seg2.nii.gz left out of the ICC: the mask is empty after resampling onto the image grid; check that it covers the tumour')
    expect(Array.from(r2.features)).toEqual(Array.from(r.features))
  }, 120_000)
})
