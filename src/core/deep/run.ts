// One entry point for every place that runs the deep models (Node CLI, headless
// Chromium driven by the CLI, the training worker): a plain request → a plain response,
// on whatever tfjs backend is current.
import * as tf from '@tensorflow/tfjs'
import type { JobContext } from '../job.ts'
import { buildModel, disposeModel, setWeights, type DeepArchitecture, type WeightsRecord } from './model.ts'
import { embed, trainDeepModel, type DeepSample, type TrainCheckpoint, type TrainHooks, type TrainOptions, type TrainResult } from './train.ts'
import { maskedInput } from './slice.ts'

export type DeepRunRequest =
  | { kind: 'train'; samples: DeepSample[]; options: TrainOptions; resume?: TrainCheckpoint }
  | { kind: 'embed'; samples: DeepSample[]; architecture: DeepArchitecture; weights: WeightsRecord }

export interface EmbedResult {
  latents: Float32Array
  risk: Float32Array | null
}

export interface DeepRunResponse {
  /** tfjs backend the work ran on */
  backend: string
  /** warm-up seconds per candidate backend (when one was chosen by measurement) */
  backendTimings?: Record<string, number | null>
  result: TrainResult | EmbedResult
}

export async function runDeep(req: DeepRunRequest, ctx?: JobContext, hooks?: TrainHooks): Promise<DeepRunResponse> {
  await tf.ready()
  const backend = tf.getBackend()
  if (req.kind === 'train') return { backend, result: await trainDeepModel(req.samples, req.options, ctx, hooks, req.resume) }
  const model = buildModel(req.architecture)
  try {
    setWeights(model, req.weights)
    return { backend, result: embed(model, req.samples.map((s) => maskedInput(s.slice))) }
  } finally {
    disposeModel(model)
  }
}
