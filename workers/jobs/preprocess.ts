// Worker jobs of the preprocess engine: thin adapters over src/core/preprocess.
//   preprocess.case     — load one patient's sequence, run the pipeline, return the final
//                         image, before/after histograms and slices; for a demo source also
//                         the flatness of muscle before/after N4 and the correlation of the
//                         estimated bias with the planted one (generateDemoBiasField)
//   preprocess.views    — one case before and after N4 (on the resampled grid) as NIfTI bytes
//                         with display ranges, for the niivue before/after view
import type { JobTable } from './types.ts'
import type { JobContext } from '../../src/core/job.ts'
import type { Patient, Sequence } from '../../src/core/cohort/cohort.ts'
import type { Vec3, Volume } from '../../src/core/image/volume.ts'
import { loadImageSource } from '../image_io.ts'
import { preprocessVolume, type PreprocessOptions, type StepReport } from '../../src/core/preprocess/pipeline.ts'
import { resampleMask, resampleOntoGrid, type Interpolation } from '../../src/core/preprocess/resample.ts'
import type { Grid } from '../../src/core/image/volume.ts'
import { intensityHistogram, logCorrelation, midSlice, tissueCv, type IntensityHistogram } from '../../src/core/preprocess/histogram.ts'
import { nyulLandmarks, type NyulModel } from '../../src/core/preprocess/nyul.ts'
import type { N4Options } from '../../src/core/preprocess/n4.ts'
import { generateDemoBiasField, generateDemoTissueLabels, DEMO_TISSUES } from '../../src/core/demo/index.ts'
import { InputError } from '../../src/core/errors.ts'
import { encodeNifti } from '../../src/core/image/nifti_write.ts'

/** The step's settings as the UI stores them (plain data). */
export interface PreprocessSettings {
  spacing: Vec3 | null
  interpolation: Interpolation
  n4: Omit<N4Options, 'mask'> | null
  standardise: 'match' | 'nyul' | 'none'
  rescale: [number, number] | null
}

export interface CaseArgs {
  patient: Pick<Patient, 'id' | 'images'>
  sequence: Sequence
  settings: PreprocessSettings
  /** corrected intensities of the reference case (histogram matching) */
  reference?: Float32Array | null
  nyul?: NyulModel | null
  /** return the corrected (resampled + N4) intensities, to serve as the matching reference */
  returnCorrected?: boolean
  /** only compute the Nyúl landmarks of the corrected image (training pass) */
  landmarksOnly?: boolean
}

export interface PlantedCheck {
  /** coefficient of variation of muscle before and after N4 */
  muscleCvBefore: number
  muscleCvAfter: number
  /** correlation of log estimated bias with log planted bias in muscle */
  biasCorrelation: number | null
}

export interface CaseResult {
  id: string
  sequence: Sequence
  grid: Grid
  steps: StepReport[]
  before: IntensityHistogram
  after: IntensityHistogram
  sliceBefore: { width: number; height: number; data: Float32Array }
  sliceAfter: { width: number; height: number; data: Float32Array }
  /** final image (Int16 when rescaled into the int16 range, else Float32) */
  image: Volume<Int16Array | Float32Array> | null
  corrected: Float32Array | null
  landmarks: number[]
  planted: PlantedCheck | null
}

function gridOf(v: Volume): Grid {
  return { dims: [...v.dims], spacing: [...v.spacing], origin: [...v.origin], direction: [...v.direction] }
}

async function runCase(a: CaseArgs, ctx: JobContext): Promise<CaseResult> {
  const src = a.patient.images[a.sequence]
  if (!src) throw new InputError(`patient ${a.patient.id} has no ${a.sequence} image`)
  ctx.progress?.(0, `${a.patient.id} ${a.sequence}: loading`)
  const raw = await loadImageSource(src)
  const s = a.settings
  // 1. resample + N4 (the corrected image is the matching reference and the Nyúl input)
  const corr = preprocessVolume(raw, { spacing: s.spacing, interpolation: s.interpolation, n4: s.n4 }, {
    progress: (f, m) => ctx.progress?.(0.05 + 0.85 * f, `${a.patient.id} ${a.sequence}: ${m ?? ''}`),
  })
  const landmarks = nyulLandmarks(corr.image.data)
  const resampled = s.spacing ? resampleOntoGrid(raw, corr.image, s.interpolation) : { ...raw, data: Float32Array.from(raw.data) }
  if (a.landmarksOnly) {
    return { id: a.patient.id, sequence: a.sequence, grid: gridOf(corr.image), steps: corr.steps, before: intensityHistogram(resampled.data), after: intensityHistogram(corr.image.data), sliceBefore: midSlice(resampled), sliceAfter: midSlice(corr.image), image: null, corrected: null, landmarks, planted: null }
  }
  // 2. standardise + rescale
  const opts: PreprocessOptions = { rescale: s.rescale }
  if (s.standardise === 'match') opts.matchTo = a.reference ?? corr.image.data
  if (s.standardise === 'nyul') {
    if (!a.nyul) throw new InputError('Nyúl standardisation needs a model trained on the cohort first')
    opts.nyul = a.nyul
  }
  const fin = preprocessVolume(corr.image, opts)
  ctx.progress?.(0.95, `${a.patient.id} ${a.sequence}: histograms`)
  let planted: PlantedCheck | null = null
  if (src.kind === 'demo' && s.n4) {
    const labels = resampleMask(generateDemoTissueLabels(src.seed, src.patients, src.index), corr.image, 'nearest')
    const trueBias = s.spacing ? resampleOntoGrid(generateDemoBiasField(src.seed, src.patients, src.index), corr.image, 'linear') : generateDemoBiasField(src.seed, src.patients, src.index)
    const muscle = Uint8Array.from(labels.data, (x) => (x === DEMO_TISSUES.muscle ? 1 : 0))
    planted = {
      muscleCvBefore: tissueCv(resampled.data, labels.data, DEMO_TISSUES.muscle),
      muscleCvAfter: tissueCv(corr.image.data, labels.data, DEMO_TISSUES.muscle),
      biasCorrelation: corr.bias ? logCorrelation(corr.bias.data, trueBias.data, muscle) : null,
    }
  }
  let image: Volume<Int16Array | Float32Array> = fin.image
  if (s.rescale && s.rescale[0] >= -32768 && s.rescale[1] <= 32767) image = { ...fin.image, data: Int16Array.from(fin.image.data, Math.round) }
  return {
    id: a.patient.id,
    sequence: a.sequence,
    grid: gridOf(fin.image),
    steps: [...corr.steps, ...fin.steps],
    before: intensityHistogram(raw.data),
    after: intensityHistogram(fin.image.data),
    sliceBefore: midSlice(resampled),
    sliceAfter: midSlice(corr.image),
    image,
    corrected: a.returnCorrected ? corr.image.data : null,
    landmarks,
    planted,
  }
}

export interface ViewImage {
  nifti: Uint8Array
  /** display window: 1st and 99.5th percentiles */
  low: number
  high: number
}

function displayRange(data: ArrayLike<number>): [number, number] {
  const step = Math.max(1, Math.floor(data.length / 200_000))
  const sample: number[] = []
  for (let i = 0; i < data.length; i += step) sample.push(data[i])
  sample.sort((x, y) => x - y)
  return [sample[Math.floor(0.01 * (sample.length - 1))], sample[Math.floor(0.995 * (sample.length - 1))]]
}

async function caseViews(a: CaseArgs, ctx: JobContext): Promise<{ before: ViewImage; after: ViewImage }> {
  const src = a.patient.images[a.sequence]
  if (!src) throw new InputError(`patient ${a.patient.id} has no ${a.sequence} image`)
  const raw = await loadImageSource(src)
  const s = a.settings
  const corr = preprocessVolume(raw, { spacing: s.spacing, interpolation: s.interpolation, n4: s.n4 }, ctx)
  const before = s.spacing ? resampleOntoGrid(raw, corr.image, s.interpolation) : { ...raw, data: Float32Array.from(raw.data) }
  const view = (v: Volume<Float32Array>): ViewImage => {
    const [low, high] = displayRange(v.data)
    return { nifti: encodeNifti(v, false), low, high }
  }
  return { before: view(before), after: view(corr.image) }
}

export const jobs = {
  'preprocess.views': (a: CaseArgs, ctx) => caseViews(a, ctx),
  'preprocess.case': (a: CaseArgs, ctx) => runCase(a, ctx),
} satisfies JobTable
