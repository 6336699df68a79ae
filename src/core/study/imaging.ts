// The imaging steps of the study, patient by patient (one patient's volumes in memory at
// a time): preprocessing of each sequence as the paper (CE-T1 resampled to 1×1×4 mm,
// T1 and T2 resampled onto the CE-T1 grid, the CE-T1 mask carried over with linear
// interpolation and a 0.5 threshold; N4; histogram matching to the first training
// patient; rescaling to [−10,000, 10,000]) → the `paper` radiomics preset on T1, T2 and
// CE-T1 → the mid-tumour CE-T1 slice for the deep models.

import type { JobContext } from '../job.ts'
import { subContext, throwIfCancelled } from '../job.ts'
import type { Volume } from '../image/volume.ts'
import { preprocessVolume, type PreprocessOptions } from '../preprocess/pipeline.ts'
import { gridForSpacing, resampleMask } from '../preprocess/resample.ts'
import { extractPaperFeatures, paperColumns } from '../radiomics/paper.ts'
import { loadPreset } from '../radiomics/presets.ts'
import { tumourSlice } from '../deep/slice.ts'
import type { DeepSample } from '../deep/train.ts'
import type { Sequence } from './cohort.ts'
import type { AnalysisPlan } from './plan.ts'
import type { PatientImages, StudyData } from './study_data.ts'
import { InputError } from '../errors.ts'

export interface ImagingResult {
  ids: string[]
  columns: string[]
  /** patients × features, row-major */
  features: Float64Array
  slices: DeepSample['slice'][]
  warnings: string[]
  /** patients skipped with the reason (bad image, empty mask …) */
  failed: { id: string; reason: string }[]
  referencePatient: string | null
}

const SEQS: Sequence[] = ['t1', 't2', 'ce_t1']

function preprocessOptions(plan: AnalysisPlan): PreprocessOptions {
  const p = plan.preprocess
  return {
    interpolation: 'linear',
    n4: p.n4 ? { shrinkFactor: p.n4Shrink, levels: p.n4Levels, iterations: p.n4Iterations } : null,
    rescale: p.rescale,
    match: undefined,
  }
}

/** Preprocess one patient's sequences onto the CE-T1 grid; `reference` = matched-to intensities per sequence. */
export function preprocessPatient(img: PatientImages, plan: AnalysisPlan, reference: Partial<Record<Sequence, ArrayLike<number>>> | null, ctx?: JobContext): { images: Record<Sequence, Volume>; mask: Volume<Uint8Array>; unmatched: Record<Sequence, Float32Array> } {
  const grid = gridForSpacing(img.ce_t1, plan.preprocess.spacing)
  const base = preprocessOptions(plan)
  const images = {} as Record<Sequence, Volume>
  const unmatched = {} as Record<Sequence, Float32Array>
  SEQS.forEach((s, i) => {
    const sub = subContext(ctx, i / 3, (i + 1) / 3)
    // resample + N4 first, keep that for a reference patient, then match and rescale
    const r1 = preprocessVolume(img[s], { ...base, referenceGrid: grid, rescale: null }, sub)
    unmatched[s] = r1.image.data
    const ref = plan.preprocess.matchHistogram ? reference?.[s] : undefined
    const r2 = preprocessVolume(r1.image, { interpolation: 'linear', matchTo: ref ?? null, rescale: base.rescale })
    images[s] = r2.image
  })
  const mask = resampleMask(img.mask, grid, 'linear', 0.5)
  return { images, mask, unmatched }
}

/** Features and deep-model slices for every patient; a failing patient is reported and skipped. */
export async function imagingFeatures(data: StudyData, plan: AnalysisPlan, ctx?: JobContext): Promise<ImagingResult> {
  const settings = loadPreset(plan.radiomics.preset)
  if (plan.radiomics.greyLevels) settings.discretisation = { method: 'fbn', bins: plan.radiomics.greyLevels }
  const columns = paperColumns()
  const rows: Float64Array[] = []
  const ids: string[] = []
  const slices: DeepSample['slice'][] = []
  const warnings: string[] = []
  const failed: { id: string; reason: string }[] = []
  let reference: Partial<Record<Sequence, Float32Array>> | null = null
  let referencePatient: string | null = null
  // the histogram-matching reference is the first training patient, processed first
  const order = data.ids.map((_, i) => i)
  const firstTrain = data.cohort.indexOf('train')
  if (firstTrain > 0) order.unshift(...order.splice(firstTrain, 1))
  const results = new Map<number, { f: Float64Array; slice: DeepSample['slice'] }>()
  for (let o = 0; o < order.length; o++) {
    const i = order[o]
    throwIfCancelled(ctx)
    ctx?.progress?.(o / order.length, `patient ${data.ids[i]} (${o + 1}/${order.length})`)
    try {
      const img = await data.loadImages(i)
      let images: Record<Sequence, Volume>, mask: Volume<Uint8Array>
      if (plan.preprocess.enabled) {
        const p = preprocessPatient(img, plan, reference)
        if (!reference && plan.preprocess.matchHistogram) {
          reference = p.unmatched
          referencePatient = data.ids[i]
          // the reference patient itself: match to itself is the identity up to the mapping; rerun for consistency
          const again = preprocessPatient(img, plan, reference)
          images = again.images
          mask = again.mask
        } else {
          images = p.images
          mask = p.mask
        }
      } else {
        images = { t1: img.t1, t2: img.t2, ce_t1: img.ce_t1 }
        mask = img.mask
      }
      let voxels = 0
      for (let v = 0; v < mask.data.length; v++) voxels += mask.data[v] ? 1 : 0
      if (voxels === 0) throw new InputError('the tumour mask is empty after resampling; check the mask file', data.ids[i])
      const r = extractPaperFeatures(images, mask, settings)
      for (const w of r.warnings) warnings.push(`${data.ids[i]}: ${w}`)
      const f = Float64Array.from(columns, (c) => r.features[c])
      const slice = tumourSlice(images.ce_t1, mask, { size: plan.deep.size }, data.ids[i])
      results.set(i, { f, slice: { size: slice.size, image: slice.image, mask: slice.mask } })
    } catch (e) {
      if ((e as Error).name === 'CancelledError') throw e
      failed.push({ id: data.ids[i], reason: (e as Error).message })
    }
  }
  for (let i = 0; i < data.ids.length; i++) {
    const r = results.get(i)
    if (!r) continue
    ids.push(data.ids[i])
    rows.push(r.f)
    slices.push(r.slice)
  }
  const features = new Float64Array(ids.length * columns.length)
  rows.forEach((r, i) => features.set(r, i * columns.length))
  ctx?.progress?.(1, 'imaging done')
  return { ids, columns, features, slices, warnings, failed, referencePatient }
}
