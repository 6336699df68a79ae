// Training protocol of the deep models (Crombé, Lucchesi et al. 2024): repeated
// leave-10%-out cross-validation on the training cohort with early stopping on the
// held-out fold.
//
// How repeats are combined (our choice, stated here and in the docs): ONE model is
// trained through the repeats. Repeat r draws its own held-out 10% of the training
// patients (seeded), trains on the other 90% for up to `epochs` epochs (an epoch shows
// every patient `views` times: the slice and seeded augmentations) with a fresh Adam
// optimiser, keeps the weights of the epoch with the lowest held-out MSE (early
// stopping, patience `patience` epochs) and hands them to repeat r + 1. The final latent
// vectors of every patient (training and testing) are the embedding by the model after
// the last repeat, in inference mode without augmentation. A checkpoint is therefore
// exactly (number of completed repeats, weights, history): resuming from it reproduces
// the uninterrupted run.
//
// Reconstruction error: MSE over all pixels of the masked input (background included),
// and relative MSE % = 100 · MSE / range², range = the intensity range of the inputs (1
// after scaling to [0, 1]). Train and test MSE are those of the final model on the
// training and testing cohorts; validation MSE is the mean over repeats of the best
// held-out-fold MSE.
import * as tf from '@tensorflow/tfjs'
import { createRng, deriveSeed, shuffleInPlace } from '../random.ts'
import { CancelledError, type JobContext } from '../job.ts'
import { InputError } from '../errors.ts'
import { augmentedInput } from './augment.ts'
import { DEFAULT_VIEWS } from './defaults.ts'
import { maskedInput, type TumourSlice } from './slice.ts'
import { coxLoss } from './cox_loss.ts'
import { buildModel, decode, disposeModel, encode, getWeights, riskScore, setWeights, trainableVariables, type DeepArchitecture, type DeepModel, type WeightsRecord } from './model.ts'

/** One patient's prepared input. */
export interface DeepSample {
  id: string
  cohort: 'train' | 'test'
  slice: Pick<TumourSlice, 'size' | 'image' | 'mask'>
  /** metastasis-free survival time and event (needed by HSCAE for training patients) */
  time?: number
  event?: number
}

export interface TrainOptions {
  architecture: DeepArchitecture
  epochs: number
  repeats: number
  /** epochs without improvement of the held-out MSE before stopping a repeat (default 3) */
  patience?: number
  /** held-out fraction per repeat (default 0.1) */
  heldOutFraction?: number
  /** augmentation of the training batches (default true) */
  augment?: boolean
  /**
   * views of each training patient per epoch (default DEFAULT_VIEWS): the slice itself
   * and views − 1 seeded augmentations (with augment = false: the slice once)
   */
  views?: number
}

export interface EpochLog {
  repeat: number
  epoch: number
  /** mean training loss of the epoch (MSE + λ·Cox for HSCAE) */
  loss: number
  /** mean training reconstruction MSE of the epoch (training mode, augmented) */
  mse: number
  /** mean Cox loss of the epoch (HSCAE) */
  cox?: number
  /** held-out fold MSE after the epoch (inference mode) */
  validationMse: number
  seconds: number
}

/** State after a completed repeat; enough to resume. */
export interface TrainCheckpoint {
  architecture: DeepArchitecture
  /** number of completed repeats */
  repeat: number
  weights: WeightsRecord
  /** best held-out MSE of each completed repeat */
  validationMse: number[]
  history: EpochLog[]
}

export interface TrainHooks {
  onEpoch?: (log: EpochLog) => void
  onCheckpoint?: (c: TrainCheckpoint) => void
  /** awaited between batches: resolves when training may go on (pause) */
  waitIfPaused?: () => Promise<void>
}

export interface ReconstructionError {
  train: number
  validation: number
  test: number
}

export interface TrainResult {
  architecture: DeepArchitecture
  ids: string[]
  cohorts: ('train' | 'test')[]
  latentSize: number
  /** latent vectors, row-major patients × latentSize */
  latents: Float32Array
  /** HSCAE risk scores of every patient (null for the CAE) */
  risk: Float32Array | null
  mse: ReconstructionError
  relativeMsePercent: ReconstructionError
  history: EpochLog[]
  weights: WeightsRecord
  seconds: number
}

function batchTensor(inputs: Float32Array[], size: number): tf.Tensor4D {
  const data = new Float32Array(inputs.length * size * size)
  inputs.forEach((x, i) => data.set(x, i * size * size))
  return tf.tensor4d(data, [inputs.length, size, size, 1])
}

/** MSE of reconstruction over samples, in inference mode (batched). */
export function reconstructionMse(model: DeepModel, inputs: Float32Array[], batch = 16): number {
  if (inputs.length === 0) return NaN
  const size = model.architecture.size
  let sum = 0
  for (let s = 0; s < inputs.length; s += batch) {
    const chunk = inputs.slice(s, s + batch)
    sum += tf.tidy(() => {
      const x = batchTensor(chunk, size)
      return decode(model, encode(model, x)).sub(x).square().sum().dataSync()[0]
    })
  }
  return sum / (inputs.length * size * size)
}

/** Latent vectors (and HSCAE risk) of inputs, inference mode. */
export function embed(model: DeepModel, inputs: Float32Array[], batch = 16): { latents: Float32Array; risk: Float32Array | null } {
  const { size, latentSize } = model.architecture
  const latents = new Float32Array(inputs.length * latentSize)
  const risk = model.risk ? new Float32Array(inputs.length) : null
  for (let s = 0; s < inputs.length; s += batch) {
    const chunk = inputs.slice(s, s + batch)
    tf.tidy(() => {
      const z = encode(model, batchTensor(chunk, size))
      latents.set(z.dataSync() as Float32Array, s * latentSize)
      if (risk) risk.set(riskScore(model, z).dataSync() as Float32Array, s)
    })
  }
  return { latents, risk }
}

function checkSamples(samples: DeepSample[], a: DeepArchitecture): void {
  for (const s of samples) if (s.slice.size !== a.size) throw new InputError(`slice size ${s.slice.size} differs from the model's ${a.size}`, s.id)
  const train = samples.filter((s) => s.cohort === 'train')
  if (train.length < 3) throw new InputError(`${train.length} training patients; at least 3 are needed`, 'manifest', 'cohort')
  if (a.model === 'hscae') {
    const bad = train.find((s) => !(Number.isFinite(s.time) && (s.event === 0 || s.event === 1)))
    if (bad) throw new InputError('HSCAE needs metastasis-free survival time and event (0/1) for every training patient', 'clinical', `patient ${bad.id}`)
  }
}

/**
 * Train (or resume) a CAE/HSCAE on the training cohort and embed all patients.
 * `ctx.isCancelled` is polled between batches (throws CancelledError; the last
 * checkpoint given to hooks.onCheckpoint lets a later call resume).
 */
export async function trainDeepModel(samples: DeepSample[], options: TrainOptions, ctx?: JobContext, hooks: TrainHooks = {}, resume?: TrainCheckpoint): Promise<TrainResult> {
  const t0 = performance.now()
  const a = resume?.architecture ?? options.architecture
  checkSamples(samples, a)
  const patience = options.patience ?? 3
  const heldOut = options.heldOutFraction ?? 0.1
  const doAugment = options.augment ?? true
  const views = doAugment ? Math.max(1, Math.round(options.views ?? DEFAULT_VIEWS)) : 1
  const train = samples.filter((s) => s.cohort === 'train')
  const test = samples.filter((s) => s.cohort === 'test')
  const trainInputs = train.map((s) => maskedInput(s.slice))
  const model = buildModel(a)
  const history: EpochLog[] = resume ? resume.history.slice() : []
  const validation: number[] = resume ? resume.validationMse.slice() : []
  if (resume) setWeights(model, resume.weights)
  const totalEpochs = options.repeats * options.epochs
  let lastReport = 0
  try {
    for (let r = resume?.repeat ?? 0; r < options.repeats; r++) {
      const rng = createRng(deriveSeed(a.seed, 1000 + r))
      const order = train.map((_, i) => i)
      shuffleInPlace(order, rng)
      const nHeld = Math.max(1, Math.ceil(heldOut * train.length))
      const held = order.slice(0, nHeld)
      const fit = order.slice(nHeld)
      const heldInputs = held.map((i) => trainInputs[i])
      const optimizer = tf.train.adam(a.learningRate)
      const vars = trainableVariables(model)
      let best = Infinity
      let bestWeights: WeightsRecord | null = null
      let stale = 0
      for (let e = 0; e < options.epochs; e++) {
        const te = performance.now()
        // view v of patient i is item i·views + v; view 0 is the slice itself
        const items: number[] = []
        for (const i of fit) for (let v = 0; v < views; v++) items.push(i * views + v)
        shuffleInPlace(items, rng)
        let lossSum = 0, mseSum = 0, coxSum = 0, batches = 0
        for (let b = 0; b < items.length; b += a.batchSize) {
          if (ctx?.isCancelled?.()) throw new CancelledError()
          if (hooks.waitIfPaused) await hooks.waitIfPaused()
          const batch = items.slice(b, b + a.batchSize)
          if (batch.length < 2 && items.length >= 2) continue // a batch of one breaks batch normalisation
          const idx = batch.map((it) => Math.floor(it / views))
          const inputs = batch.map((it, k) => (doAugment && it % views !== 0 ? augmentedInput(train[idx[k]].slice, rng) : trainInputs[idx[k]]))
          const time = idx.map((i) => train[i].time ?? 0)
          const event = idx.map((i) => train[i].event ?? 0)
          const parts = tf.tidy(() => {
            const x = batchTensor(inputs, a.size)
            let mseT: tf.Scalar = tf.scalar(0), coxT: tf.Scalar = tf.scalar(0)
            const lossT = optimizer.minimize(() => {
              const z = encode(model, x, true)
              mseT = tf.keep(decode(model, z, true).sub(x).square().mean() as tf.Scalar)
              if (!model.risk) return mseT
              coxT = tf.keep(coxLoss(riskScore(model, z, true), time, event))
              return mseT.add(coxT.mul(a.lambda)) as tf.Scalar
            }, true, vars)!
            const out = tf.stack([lossT, mseT, coxT])
            mseT.dispose()
            coxT.dispose()
            return out
          })
          const [l, m, c] = parts.dataSync()
          parts.dispose()
          lossSum += l; mseSum += m; coxSum += c; batches++
          // progress within the epoch too, so the bar moves from the first batch on
          const within = Math.min(1, (b + batch.length) / items.length)
          if (performance.now() - lastReport > 250) {
            lastReport = performance.now()
            ctx?.progress?.((r * options.epochs + e + within) / (totalEpochs + 1), `repeat ${r + 1}/${options.repeats}, epoch ${e + 1}/${options.epochs}, batch ${batches}/${Math.ceil(items.length / a.batchSize)}: loss ${(lossSum / batches).toFixed(4)}`)
          }
          await new Promise<void>((resolve) => setTimeout(resolve, 0)) // let messages (pause/cancel) in
        }
        const validationMse = reconstructionMse(model, heldInputs)
        const log: EpochLog = {
          repeat: r, epoch: e, loss: lossSum / batches, mse: mseSum / batches, validationMse,
          seconds: (performance.now() - te) / 1000,
          ...(model.risk ? { cox: coxSum / batches } : {}),
        }
        history.push(log)
        hooks.onEpoch?.(log)
        ctx?.progress?.((r * options.epochs + e + 1) / (totalEpochs + 1), `repeat ${r + 1}/${options.repeats}, epoch ${e + 1}/${options.epochs}: loss ${log.loss.toFixed(4)}, held-out MSE ${validationMse.toFixed(4)}`)
        if (validationMse < best) {
          best = validationMse
          bestWeights = getWeights(model)
          stale = 0
        } else if (++stale >= patience) break
      }
      optimizer.dispose()
      if (bestWeights) setWeights(model, bestWeights)
      validation.push(best)
      hooks.onCheckpoint?.({ architecture: a, repeat: r + 1, weights: bestWeights ?? getWeights(model), validationMse: validation.slice(), history: history.slice() })
    }
    const all = samples.map((s) => maskedInput(s.slice))
    const { latents, risk } = embed(model, all)
    const testInputs = test.map((s) => maskedInput(s.slice))
    const mse: ReconstructionError = {
      train: reconstructionMse(model, trainInputs),
      validation: validation.length ? validation.reduce((x, y) => x + y, 0) / validation.length : NaN,
      test: reconstructionMse(model, testInputs),
    }
    const range = intensityRange(all)
    const rel = (v: number) => (100 * v) / (range * range)
    ctx?.progress?.(1, 'done')
    return {
      architecture: a,
      ids: samples.map((s) => s.id),
      cohorts: samples.map((s) => s.cohort),
      latentSize: a.latentSize,
      latents, risk, mse,
      relativeMsePercent: { train: rel(mse.train), validation: rel(mse.validation), test: rel(mse.test) },
      history,
      weights: getWeights(model),
      seconds: (performance.now() - t0) / 1000,
    }
  } finally {
    disposeModel(model)
  }
}

/** max − min over all inputs (1 for inputs scaled to [0, 1] with a zero background). */
export function intensityRange(inputs: Float32Array[]): number {
  let lo = Infinity, hi = -Infinity
  for (const x of inputs) for (let q = 0; q < x.length; q++) { if (x[q] < lo) lo = x[q]; if (x[q] > hi) hi = x[q] }
  return hi > lo ? hi - lo : 1
}
