// The dedicated training worker of the deep engine (comlink): chooses the tfjs backend
// by warm-up, trains a CAE/HSCAE with a report per epoch and a checkpoint per repeat,
// and can be paused (between batches), resumed, or cancelled (the last checkpoint lets
// a new call resume from the last completed repeat). It keeps the last trained model
// for Grad-CAM and embedding.
import * as Comlink from 'comlink'
import * as tf from '@tensorflow/tfjs'
import { chooseBackend, TRAINING_BACKENDS, type BackendChoice, type BackendName } from '../src/core/deep/backend.ts'
import { trainDeepModel, embed, type DeepSample, type EpochLog, type TrainCheckpoint, type TrainOptions, type TrainResult } from '../src/core/deep/train.ts'
import { buildModel, disposeModel, setWeights, type DeepArchitecture, type DeepModel, type WeightsRecord } from '../src/core/deep/model.ts'
import { gradCam, type CamMap, type CamTarget } from '../src/core/deep/gradcam.ts'
import { deepOutputs, type DeepOutputs } from '../src/core/study/deep_outputs.ts'
import { maskedInput } from '../src/core/deep/slice.ts'

let paused = false
let cancelled = false
let wake: (() => void) | null = null
let model: DeepModel | null = null
let choice: BackendChoice | null = null

function keepModel(a: DeepArchitecture, w: WeightsRecord): void {
  if (model) disposeModel(model)
  model = buildModel(a)
  setWeights(model, w)
}

export interface DeepTrainReply {
  result: TrainResult
  outputs: DeepOutputs
  backend: BackendChoice
}

const api = {
  /** Train (or resume from a checkpoint); callbacks are comlink proxies. */
  async train(
    samples: DeepSample[],
    options: TrainOptions,
    resume: TrainCheckpoint | null,
    backend: BackendName | null,
    onBackend: (c: BackendChoice) => void,
    onEpoch: (log: EpochLog) => void,
    onCheckpoint: (c: TrainCheckpoint) => void,
    onProgress: (fraction: number, message?: string) => void,
  ): Promise<DeepTrainReply> {
    paused = false
    cancelled = false
    const a = resume?.architecture ?? options.architecture
    if (!choice || backend) choice = await chooseBackend(backend ? [backend] : TRAINING_BACKENDS, a)
    else await tf.setBackend(choice.backend)
    onBackend(choice)
    const result = await trainDeepModel(samples, options, { isCancelled: () => cancelled, progress: onProgress }, {
      onEpoch,
      onCheckpoint,
      waitIfPaused: async () => {
        while (paused && !cancelled) await new Promise<void>((r) => (wake = r))
      },
    }, resume ?? undefined)
    keepModel(result.architecture, result.weights)
    const outputs = deepOutputs(result, samples.map((s) => s.time ?? NaN), samples.map((s) => s.event ?? NaN), { backend: choice.backend })
    return { result, outputs, backend: choice }
  },
  pause(): void {
    paused = true
  },
  resume(): void {
    paused = false
    wake?.()
  },
  cancel(): void {
    cancelled = true
    wake?.()
  },
  /** Use a saved model (for Grad-CAM / embedding). */
  load(architecture: DeepArchitecture, weights: WeightsRecord): void {
    keepModel(architecture, weights)
  },
  gradCam(sample: DeepSample, target: CamTarget): CamMap {
    if (!model) throw new Error('no model: train or load one first')
    return gradCam(model, maskedInput(sample.slice), target)
  },
  embed(samples: DeepSample[]): { latents: Float32Array; risk: Float32Array | null } {
    if (!model) throw new Error('no model: train or load one first')
    return embed(model, samples.map((s) => maskedInput(s.slice)))
  },
}

export type DeepWorkerApi = typeof api
Comlink.expose(api)
