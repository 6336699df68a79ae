// The imaging steps of the study, patient by patient (one patient's volumes in memory at
// a time): preprocessing of each sequence as the paper (CE-T1 resampled to 1×1×4 mm,
// T1 and T2 resampled onto the CE-T1 grid, the CE-T1 mask carried over with linear
// interpolation and a 0.5 threshold, or a sequence's own mask (drawn on it) carried over the
// same way and used for that sequence's features; N4; histogram matching to the first training
// patient; rescaling to [−10,000, 10,000]) → the `paper` radiomics preset on T1, T2 and
// CE-T1 → the mid-tumour CE-T1 slice for the deep models. With a second segmentation
// (repeated delineation) the features are extracted again on it, and the ICC filter
// (Crombé et al. 2024: ICC ≥ 0.90) keeps the reproducible ones; a patient whose second
// segmentation cannot be used is kept, without it, and named in a warning.

import type { JobContext } from '../job.ts'
import { subContext, throwIfCancelled } from '../job.ts'
import { sameGrid, type Mask, type Volume } from '../image/volume.ts'
import { preprocessVolume, type PreprocessOptions } from '../preprocess/pipeline.ts'
import { gridForSpacing, resampleMask } from '../preprocess/resample.ts'
import { extractPaperFeatures, paperColumns, paperOutputOf } from '../radiomics/paper.ts'
import { loadPreset } from '../radiomics/presets.ts'
import type { RadiomicsSettings } from '../radiomics/settings.ts'
import { iccFilter, type IccFeatureRow } from '../radiomics/icc.ts'
import { tumourSlice, type SliceOptions } from '../deep/slice.ts'
import type { DeepSample } from '../deep/train.ts'
import type { Sequence } from '../cohort/cohort.ts'
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
  /** ICC per feature between the two segmentations (null when the filter did not run) */
  icc: IccFeatureRow[] | null
  /** what the ICC filter did (features kept / dropped, patients with a second segmentation, unusable second masks): for the report's warnings */
  iccNotes: string[]
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
export function preprocessPatient(img: PatientImages, plan: AnalysisPlan, reference: Partial<Record<Sequence, ArrayLike<number>>> | null, ctx?: JobContext): { images: Record<Sequence, Volume>; mask: Volume<Uint8Array>; masks: Partial<Record<Sequence, Volume<Uint8Array>>>; unmatched: Record<Sequence, Float32Array> } {
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
  const masks: Partial<Record<Sequence, Volume<Uint8Array>>> = {}
  for (const s of SEQS) if (img.masks?.[s]) masks[s] = resampleMask(img.masks[s]!, grid, 'linear', 0.5)
  return { images, mask, masks, unmatched }
}

/** One patient's imaging outputs. */
export interface PatientImaging {
  features: Float64Array
  slice: DeepSample['slice']
  warnings: string[]
  /** resampled + N4 intensities before matching, when asked (the matching reference) */
  unmatched?: Record<Sequence, Float32Array>
  /** features of the second segmentation (ICC filter), when one was given and usable */
  features2?: Float64Array
  /** why the given second segmentation was left out of the ICC (empty, other grid …) */
  secondMaskProblem?: string
}

/**
 * The deep models' input window from the plan: crop 'fov' (fovMm around the tumour, size
 * kept) or 'fill'; plans written before the setting existed have no crop: 'fill', what they ran.
 */
export function deepSliceOptions(plan: AnalysisPlan): SliceOptions {
  const crop = plan.deep.crop ?? 'fill'
  return crop === 'fov' ? { size: plan.deep.size, crop, fieldOfViewMm: plan.deep.fovMm } : { size: plan.deep.size }
}

/** The slice part of the imaging step's cache key: absent for 'fill', so results cached before the setting stay valid. */
export function deepSliceKey(plan: AnalysisPlan): { slice?: { crop: 'fov'; fovMm: number } } {
  return (plan.deep.crop ?? 'fill') === 'fov' ? { slice: { crop: 'fov', fovMm: plan.deep.fovMm } } : {}
}

/** The plan's radiomics preset (`paper`: the paper's 175 h-RFs) with the plan's grey levels. */
export function imagingSettings(plan: AnalysisPlan): RadiomicsSettings {
  const settings = loadPreset(plan.radiomics.preset)
  if (plan.radiomics.greyLevels) settings.discretisation = { method: 'fbn', bins: plan.radiomics.greyLevels }
  return settings
}

/** Preprocess one patient, extract its features (unless `known` holds them) and its mid-tumour CE-T1 slice. */
export function patientImaging(img: PatientImages, plan: AnalysisPlan, reference: Partial<Record<Sequence, ArrayLike<number>>> | null, id: string, keepUnmatched = false, secondMask: Volume<Uint8Array> | null = null, secondMaskFile = 'second segmentation', known?: Float64Array): PatientImaging {
  let images: Record<Sequence, Volume>, mask: Volume<Uint8Array>, own: Partial<Record<Sequence, Volume<Uint8Array>>>
  let unmatched: Record<Sequence, Float32Array> | undefined
  if (plan.preprocess.enabled) {
    let p = preprocessPatient(img, plan, reference)
    if (keepUnmatched) {
      unmatched = p.unmatched
      // the reference patient is matched to itself, as every other patient is to it
      if (plan.preprocess.matchHistogram) p = preprocessPatient(img, plan, unmatched)
    }
    images = p.images
    mask = p.mask
    own = p.masks
  } else {
    images = { t1: img.t1, t2: img.t2, ce_t1: img.ce_t1 }
    mask = img.mask
    own = img.masks ?? {}
  }
  // a CE-T1 mask of its own (mask_ce_t1) replaces the tumour mask everywhere it is the reference (shape, deep slice)
  if (own.ce_t1) mask = own.ce_t1
  for (const s of SEQS) if (own[s] && !own[s]!.data.some((v) => v > 0)) throw new InputError(`the ${s} mask is empty after resampling; check the mask file`, id)
  let voxels = 0
  for (let v = 0; v < mask.data.length; v++) voxels += mask.data[v] ? 1 : 0
  if (voxels === 0) throw new InputError('the tumour mask is empty after resampling; check the mask file', id)
  const settings = imagingSettings(plan)
  const columns = paperColumns(paperOutputOf(settings))
  const perSequence = SEQS.some((s) => own[s])
  const r = known ? { features: null, warnings: [] } : extractPaperFeatures(images, perSequence ? { t1: own.t1 ?? mask, t2: own.t2 ?? mask, ce_t1: mask } : mask, settings)
  const features = known ?? Float64Array.from(columns, (c) => r.features![c])
  const s = tumourSlice(images.ce_t1, mask, deepSliceOptions(plan), id)
  const second = secondMask ? secondFeatures(secondMask, images, plan, columns) : {}
  const problem = second.problem ? `${id}: second segmentation ${secondMaskFile} left out of the ICC: ${second.problem}` : undefined
  const cut = s.truncated ? [`${id}: the tumour is wider than the ${plan.deep.fovMm} mm field of view of the deep models' input; its slice is cut at the edge (raise deep.fovMm)`] : []
  return { features, slice: { size: s.size, image: s.image, mask: s.mask }, warnings: [...r.warnings.map((w) => `${id}: ${w}`), ...cut], unmatched, features2: second.features, secondMaskProblem: problem }
}

/**
 * Features of the second segmentation on the (preprocessed) images. Carried onto the
 * preprocessed grid as the first mask is (linear interpolation, 0.5 threshold); without
 * preprocessing it must lie on the image grid, as the first mask must.
 */
function secondFeatures(mask: Mask, images: Record<Sequence, Volume>, plan: AnalysisPlan, columns: string[]): { features?: Float64Array; problem?: string } {
  const grid = images.ce_t1
  if (!plan.preprocess.enabled && !sameGrid(mask, grid, 1e-3))
    return { problem: `the mask grid (${mask.dims.join('×')}) differs from the image grid (${grid.dims.join('×')}); resample the mask onto the image first` }
  const m2 = plan.preprocess.enabled ? resampleMask(mask, grid, 'linear', 0.5) : mask
  let voxels = 0
  for (let v = 0; v < m2.data.length; v++) voxels += m2.data[v] ? 1 : 0
  if (voxels === 0) return { problem: plan.preprocess.enabled ? 'the mask is empty after resampling onto the image grid; check that it covers the tumour' : 'the mask is empty (no voxel > 0)' }
  try {
    const r2 = extractPaperFeatures(images, m2, imagingSettings(plan))
    return { features: Float64Array.from(columns, (c) => r2.features[c]) }
  } catch (e) {
    if (e instanceof InputError) return { problem: e.message.replace(/^mask: /, '') }
    throw e
  }
}

/**
 * Patient i's second segmentation when the ICC filter is on; a loading error (unreadable or
 * empty file) leaves the patient without one and says why.
 */
export async function loadSecondMask(data: Pick<StudyData, 'ids' | 'loadSecondMask' | 'secondMaskFile'>, plan: AnalysisPlan, i: number): Promise<{ mask: Mask | null; file: string; problem?: string }> {
  const file = data.secondMaskFile?.(i) ?? 'second segmentation'
  if (!plan.icc.enabled || !data.loadSecondMask) return { mask: null, file }
  try {
    return { mask: await data.loadSecondMask(i), file }
  } catch (e) {
    if ((e as Error).name === 'CancelledError') throw e
    return { mask: null, file, problem: `${data.ids[i]}: second segmentation left out of the ICC: ${(e as Error).message}` }
  }
}

/**
 * Runs patientImaging for the given patient indices (e.g. over a worker pool) and calls
 * `done` for each, with the result or the error. The default runs them one by one. `known`
 * gives a patient's features computed elsewhere (reuse.ts), to be taken instead of extracted.
 */
export type PatientRunner = (indices: number[], reference: Partial<Record<Sequence, Float32Array>> | null, done: (index: number, r: PatientImaging | Error) => void, ctx?: JobContext, known?: (index: number) => Float64Array | undefined) => Promise<void>

/** One unit of a PatientRunner: patient i's images (and second segmentation) loaded, then patientImaging. */
export async function imagingOfPatient(data: Pick<StudyData, 'ids' | 'loadImages' | 'loadSecondMask' | 'secondMaskFile'>, plan: AnalysisPlan, i: number, reference: Partial<Record<Sequence, Float32Array>> | null, known?: Float64Array): Promise<PatientImaging> {
  const second = await loadSecondMask(data, plan, i)
  const r = patientImaging(await data.loadImages(i), plan, reference, data.ids[i], false, second.mask, second.file, known)
  return second.problem ? { ...r, secondMaskProblem: second.problem } : r
}

export function sequentialRunner(data: StudyData, plan: AnalysisPlan, known?: (index: number) => Float64Array | undefined): PatientRunner {
  return concurrentRunner((i, reference, k) => imagingOfPatient(data, plan, i, reference, k), 1, known)
}

/**
 * A PatientRunner that runs `one` (e.g. a job on another worker) for up to `parallel` patients
 * at once, reporting each patient as it finishes; a patient's error is reported through `done`,
 * a cancellation ends the run. The study's results do not depend on the order (they are
 * collected by patient index).
 */
export function concurrentRunner(one: (index: number, reference: Partial<Record<Sequence, Float32Array>> | null, known?: Float64Array) => Promise<PatientImaging>, parallel: number, known0?: (index: number) => Float64Array | undefined): PatientRunner {
  return async (indices, reference, done, ctx, known = known0) => {
    const queue = [...indices]
    const lane = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        throwIfCancelled(ctx)
        try {
          done(i, await one(i, reference, known?.(i)))
        } catch (e) {
          if ((e as Error).name === 'CancelledError') throw e
          done(i, e as Error)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, lane))
  }
}

/** Features and deep-model slices for every patient; a failing patient is reported and skipped. */
export async function imagingFeatures(data: StudyData, plan: AnalysisPlan, ctx?: JobContext, runner?: PatientRunner, known?: (index: number) => Float64Array | undefined): Promise<ImagingResult> {
  runner ??= sequentialRunner(data, plan, known)
  const columns = paperColumns(paperOutputOf(imagingSettings(plan)))
  const warnings: string[] = []
  const failed: { id: string; reason: string }[] = []
  const results = new Map<number, PatientImaging>()
  const n = data.ids.length
  let finished = 0
  const done = (i: number, r: PatientImaging | Error) => {
    finished++
    ctx?.progress?.(finished / n, `patient ${data.ids[i]} (${finished}/${n})`)
    if (r instanceof Error) failed.push({ id: data.ids[i], reason: r.message })
    else {
      results.set(i, r)
      warnings.push(...r.warnings)
    }
  }
  // the histogram-matching reference is the first training patient, processed first
  let reference: Partial<Record<Sequence, Float32Array>> | null = null
  let referencePatient: string | null = null
  const order = data.ids.map((_, i) => i)
  const first = Math.max(0, data.cohort.indexOf('train'))
  order.splice(order.indexOf(first), 1)
  const needReference = plan.preprocess.enabled && plan.preprocess.matchHistogram
  try {
    const second = await loadSecondMask(data, plan, first)
    const r = patientImaging(await data.loadImages(first), plan, null, data.ids[first], needReference, second.mask, second.file, known?.(first))
    if (second.problem) r.secondMaskProblem = second.problem
    if (needReference) {
      reference = r.unmatched ?? null
      referencePatient = data.ids[first]
    }
    delete r.unmatched
    done(first, r)
  } catch (e) {
    done(first, e as Error)
  }
  await runner(order, reference, done, ctx, known)
  const ids: string[] = []
  const slices: DeepSample['slice'][] = []
  const kept: Float64Array[] = []
  const second: { ids: string[]; values: Float64Array[] } = { ids: [], values: [] }
  const iccNotes: string[] = []
  for (let i = 0; i < n; i++) {
    const r = results.get(i)
    if (!r) continue
    ids.push(data.ids[i])
    kept.push(r.features)
    slices.push(r.slice)
    if (r.secondMaskProblem && plan.icc.enabled) iccNotes.push(r.secondMaskProblem)
    if (r.features2) {
      second.ids.push(data.ids[i])
      second.values.push(r.features2)
    }
  }
  const features = new Float64Array(ids.length * columns.length)
  kept.forEach((r, i) => features.set(r, i * columns.length))
  failed.sort((a, b) => data.ids.indexOf(a.id) - data.ids.indexOf(b.id))
  let icc: IccFeatureRow[] | null = null
  if (plan.icc.enabled) {
    // iccFilter takes one array per feature (column), over patients
    const byColumn = (rows: Float64Array[]) => columns.map((_, j) => Float64Array.from(rows, (r) => r[j]))
    const k = second.ids.length
    if (k >= 2) {
      icc = iccFilter({ ids, columns, values: byColumn(kept) }, { ids: second.ids, columns, values: byColumn(second.values) }, plan.icc.model, plan.icc.threshold)
      // only the analysed patients with a usable second segmentation enter the ICC (iccFilter pairs them by id)
      if (k < ids.length) iccNotes.push(`ICC filter: ${k} of ${ids.length} analysed patients have a usable second segmentation; the ICC is computed on those ${k}`)
      const nKept = icc.filter((x) => x.keep).length
      // a feature without an ICC (fewer than 2 finite pairs) is not kept either (run_study keeps only icc rows with keep)
      iccNotes.push(`ICC filter (ICC(${plan.icc.model}) ≥ ${plan.icc.threshold}, ${k} patients): ${nKept} of ${columns.length} features kept, ${columns.length - nKept} dropped from the h-RF clustering`)
    } else iccNotes.push(`ICC filter asked but ${k === 0 ? 'no patient has' : 'only 1 patient has'} a usable second segmentation (manifest column mask2, or mask2 files in the patient folders); at least 2 are needed: all features kept`)
  }
  warnings.push(...iccNotes)
  return { ids, columns, features, slices, warnings, failed, referencePatient, icc, iccNotes }
}
