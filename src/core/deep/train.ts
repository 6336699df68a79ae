// Training protocol of the deep models (Crombé, Lucchesi et al. 2024): repeated
// leave-10%-out cross-validation on the training cohort with early stopping on the
// held-out fold.
//
// Every repeat r draws its own held-out 10% of the training patients (seeded), trains on
// the other 90% for up to `epochs` epochs (an epoch shows every patient `views` times: the
// slice and seeded augmentations) with a fresh Adam optimiser, and keeps the weights of
// the epoch with the lowest held-out MSE (early stopping, patience `patience` epochs;
// with lrSchedule 'plateau' the learning rate is halved after each epoch without
// improvement, down to 1/8 of its start). The paper does not say how the repeats are
// combined, so it is a choice (`cv`, stated in the study's methods):
// - 'warm-start' (default): ONE model is trained through the repeats, repeat r + 1
//   starting from repeat r's best weights; the latent vectors of every patient are the
//   embedding by the model after the last repeat (inference mode, no augmentation).
// - 'independent': a fresh model per repeat (repeat 0 from the architecture's seed,
//   repeat r from a seed derived from it); each repeat's model embeds every patient and a
//   patient's latent vector (and HSCAE risk) is the mean over the repeats where it was in
//   the training 90% (`aggregate` 'train-mean', default) or where it was held out
//   ('held-out'); a training patient with no repeat of that kind (never held out, or with
//   few repeats never trained on) takes the other mean, counted in `cv.fallback`. Testing
//   patients are never trained on: the mean over all repeats. The kept weights are the
//   last repeat's model (Grad-CAM explains that one).
// A checkpoint is (number of completed repeats, weights, history, and for 'independent'
// the running sums): resuming from it reproduces the uninterrupted run.
//
// Reconstruction error: MSE over all pixels of the masked input (background included),
// and relative MSE % = 100 · MSE / range², range = the intensity range of the inputs (1
// after scaling to [0, 1]). Train and test MSE are those of the final model on the
// training and testing cohorts ('independent': the mean over the repeats' models of their
// MSE on their training 90% and on the testing cohort); validation MSE is the mean over
// repeats of the best held-out-fold MSE, and `heldOutMse` keeps each repeat's (the
// paper's ST1 reports held-out and test errors).
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
  /** how the repeats are combined (see the header; default 'warm-start') */
  cv?: CvMode
  /** 'independent' only: which repeats a training patient's latent vector is averaged over (default 'train-mean') */
  aggregate?: LatentAggregate
  /** learning-rate schedule within a repeat (default 'constant') */
  lrSchedule?: LrSchedule
}

export type CvMode = 'warm-start' | 'independent'
export type LatentAggregate = 'train-mean' | 'held-out'
export type LrSchedule = 'constant' | 'plateau'

/** Running sums of the 'independent' protocol (per patient, all samples in order). */
export interface IndependentSums {
  trainLatents: Float64Array
  trainRisk: Float64Array
  trainCount: Uint32Array
  heldLatents: Float64Array
  heldRisk: Float64Array
  heldCount: Uint32Array
  /** sums over repeats of each model's MSE on its training 90% and on the testing cohort */
  fitMse: number
  /** the same inside the tumour masks (absent in checkpoints from before it was recorded) */
  fitTumourMse?: number
  testTumourMse?: number
  testMse: number
}

/** What one repeat produced (hooks.onRepeat; 'independent' only, before aggregation). */
export interface RepeatEmbedding {
  repeat: number
  /** latent vectors of every sample, row-major samples × latentSize */
  latents: Float32Array
  risk: Float32Array | null
  /** ids of the training patients held out in this repeat */
  heldOut: string[]
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
  /** 'independent' protocol: the running sums after the completed repeats */
  sums?: IndependentSums
}

export interface TrainHooks {
  onEpoch?: (log: EpochLog) => void
  onCheckpoint?: (c: TrainCheckpoint) => void
  /** 'independent' protocol: each repeat's embedding of every sample */
  onRepeat?: (e: RepeatEmbedding) => void
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
  /**
   * relative MSE % over the tumour pixels only (the whole-frame figure also counts the
   * background, which dominates when the tumour covers a small part of the input)
   */
  tumourRelativeMsePercent: { train: number; test: number }
  /** relative MSE % of each repeat's held-out 10% (best epoch) */
  heldOutRelativeMsePercent: number[]
  /** the protocol that ran */
  cv: { mode: CvMode; aggregate?: LatentAggregate; lrSchedule: LrSchedule; /** 'independent': training patients with no repeat of the chosen kind, given the other mean */ fallback?: number }
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
  return reconstructionErrors(model, inputs, null, batch).frame
}

/**
 * Mean squared reconstruction error over the whole frame and, with `masks`, over the tumour
 * pixels only (pixels where the mask is set, pooled over the inputs).
 */
export function reconstructionErrors(model: DeepModel, inputs: Float32Array[], masks: Uint8Array[] | null, batch = 16): { frame: number; tumour: number } {
  if (inputs.length === 0) return { frame: NaN, tumour: NaN }
  const size = model.architecture.size
  const px = size * size
  let sum = 0, tumourSum = 0, tumourCount = 0
  for (let s = 0; s < inputs.length; s += batch) {
    const chunk = inputs.slice(s, s + batch)
    const err = tf.tidy(() => {
      const x = batchTensor(chunk, size)
      return decode(model, encode(model, x)).sub(x).square().dataSync() as Float32Array
    })
    for (let q = 0; q < err.length; q++) sum += err[q]
    if (masks) {
      for (let b = 0; b < chunk.length; b++) {
        const m = masks[s + b]
        for (let q = 0; q < px; q++) if (m[q]) (tumourSum += err[b * px + q]), tumourCount++
      }
    }
  }
  return { frame: sum / (inputs.length * px), tumour: masks && tumourCount ? tumourSum / tumourCount : NaN }
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
  const cv = options.cv ?? 'warm-start'
  const aggregate = options.aggregate ?? 'train-mean'
  const lrSchedule = options.lrSchedule ?? 'constant'
  const independent = cv === 'independent'
  let model = buildModel(a)
  const history: EpochLog[] = resume ? resume.history.slice() : []
  const validation: number[] = resume ? resume.validationMse.slice() : []
  if (resume) setWeights(model, resume.weights)
  const all = samples.map((s) => maskedInput(s.slice))
  const trainPos = samples.map((s) => s.cohort === 'train')
  const testInputs = test.map((s) => maskedInput(s.slice))
  const trainMasks = train.map((s) => s.slice.mask), testMasks = test.map((s) => s.slice.mask)
  const sums: IndependentSums | null = !independent ? null : resume?.sums ? cloneSums(resume.sums) : emptySums(samples.length, a.latentSize)
  const totalEpochs = options.repeats * options.epochs
  let lastReport = 0
  try {
    for (let r = resume?.repeat ?? 0; r < options.repeats; r++) {
      if (independent && r > 0) {
        disposeModel(model)
        model = buildModel({ ...a, seed: deriveSeed(a.seed, 7000 + r) })
      }
      const rng = createRng(deriveSeed(a.seed, 1000 + r))
      const order = train.map((_, i) => i)
      shuffleInPlace(order, rng)
      const nHeld = Math.max(1, Math.ceil(heldOut * train.length))
      const held = order.slice(0, nHeld)
      const fit = order.slice(nHeld)
      const heldInputs = held.map((i) => trainInputs[i])
      const optimizer = tf.train.adam(a.learningRate)
      let lr = a.learningRate
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
        } else {
          if (++stale >= patience) break
          if (lrSchedule === 'plateau') {
            lr = plateauLearningRate(lr, a.learningRate)
            // tfjs' Adam reads its learningRate field at every step
            ;(optimizer as unknown as { learningRate: number }).learningRate = lr
          }
        }
      }
      optimizer.dispose()
      if (bestWeights) setWeights(model, bestWeights)
      validation.push(best)
      if (sums) {
        const e = embed(model, all)
        const heldSet = new Set(held.map((i) => train[i].id))
        addRepeat(sums, e, samples, trainPos, heldSet, a.latentSize)
        const fitErr = reconstructionErrors(model, fit.map((i) => trainInputs[i]), fit.map((i) => trainMasks[i]))
        const testErr = reconstructionErrors(model, testInputs, testMasks)
        sums.fitMse += fitErr.frame
        sums.testMse += testErr.frame
        sums.fitTumourMse = (sums.fitTumourMse ?? NaN) + fitErr.tumour
        sums.testTumourMse = (sums.testTumourMse ?? NaN) + testErr.tumour
        hooks.onRepeat?.({ repeat: r, latents: e.latents, risk: e.risk, heldOut: [...heldSet] })
      }
      hooks.onCheckpoint?.({ architecture: a, repeat: r + 1, weights: bestWeights ?? getWeights(model), validationMse: validation.slice(), history: history.slice(), ...(sums ? { sums: cloneSums(sums) } : {}) })
    }
    const repeatsRun = validation.length
    let latents: Float32Array, risk: Float32Array | null, fallback: number | undefined
    let mse: ReconstructionError
    let tumourMse: { train: number; test: number }
    const meanValidation = repeatsRun ? validation.reduce((x, y) => x + y, 0) / repeatsRun : NaN
    if (sums) {
      const agg = aggregateSums(sums, trainPos, aggregate, a.latentSize, !!model.risk)
      latents = agg.latents
      risk = agg.risk
      fallback = agg.fallback
      mse = { train: sums.fitMse / repeatsRun, validation: meanValidation, test: test.length ? sums.testMse / repeatsRun : NaN }
      tumourMse = { train: (sums.fitTumourMse ?? NaN) / repeatsRun, test: test.length ? (sums.testTumourMse ?? NaN) / repeatsRun : NaN }
    } else {
      ;({ latents, risk } = embed(model, all))
      const tr = reconstructionErrors(model, trainInputs, trainMasks), te = reconstructionErrors(model, testInputs, testMasks)
      mse = { train: tr.frame, validation: meanValidation, test: te.frame }
      tumourMse = { train: tr.tumour, test: te.tumour }
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
      tumourRelativeMsePercent: { train: rel(tumourMse.train), test: rel(tumourMse.test) },
      heldOutRelativeMsePercent: validation.map(rel),
      cv: { mode: cv, ...(independent ? { aggregate, fallback } : {}), lrSchedule },
      history,
      weights: getWeights(model),
      seconds: (performance.now() - t0) / 1000,
    }
  } finally {
    disposeModel(model)
  }
}

/** The 'plateau' schedule: halve after an epoch without improvement, never below 1/8 of the start. */
export function plateauLearningRate(current: number, start: number): number {
  return Math.max(start / 8, current / 2)
}

function emptySums(n: number, latentSize: number): IndependentSums {
  return {
    trainLatents: new Float64Array(n * latentSize), trainRisk: new Float64Array(n), trainCount: new Uint32Array(n),
    heldLatents: new Float64Array(n * latentSize), heldRisk: new Float64Array(n), heldCount: new Uint32Array(n),
    fitMse: 0, testMse: 0, fitTumourMse: 0, testTumourMse: 0,
  }
}

function cloneSums(s: IndependentSums): IndependentSums {
  return {
    trainLatents: s.trainLatents.slice(), trainRisk: s.trainRisk.slice(), trainCount: s.trainCount.slice(),
    heldLatents: s.heldLatents.slice(), heldRisk: s.heldRisk.slice(), heldCount: s.heldCount.slice(),
    fitMse: s.fitMse, testMse: s.testMse, fitTumourMse: s.fitTumourMse, testTumourMse: s.testTumourMse,
  }
}

/** Add one repeat's embedding: training patients to the train or held-out sums, testing patients to both. */
function addRepeat(sums: IndependentSums, e: { latents: Float32Array; risk: Float32Array | null }, samples: DeepSample[], trainPos: boolean[], heldIds: Set<string>, latentSize: number): void {
  for (let p = 0; p < samples.length; p++) {
    const isHeld = trainPos[p] && heldIds.has(samples[p].id)
    const toTrain = !trainPos[p] || !isHeld
    const toHeld = !trainPos[p] || isHeld
    const base = p * latentSize
    for (let j = 0; j < latentSize; j++) {
      const v = e.latents[base + j]
      if (toTrain) sums.trainLatents[base + j] += v
      if (toHeld) sums.heldLatents[base + j] += v
    }
    const rk = e.risk ? e.risk[p] : 0
    if (toTrain) { sums.trainRisk[p] += rk; sums.trainCount[p]++ }
    if (toHeld) { sums.heldRisk[p] += rk; sums.heldCount[p]++ }
  }
}

/**
 * Mean latent vectors (and risks) from the sums of the chosen aggregation; a training
 * patient with no repeat of that kind (never held out, or — with few repeats — never
 * trained on) takes the other mean and is counted.
 */
function aggregateSums(sums: IndependentSums, trainPos: boolean[], aggregate: LatentAggregate, latentSize: number, hasRisk: boolean): { latents: Float32Array; risk: Float32Array | null; fallback: number } {
  const n = trainPos.length
  const latents = new Float32Array(n * latentSize)
  const risk = hasRisk ? new Float32Array(n) : null
  let fallback = 0
  for (let p = 0; p < n; p++) {
    const preferHeld = aggregate === 'held-out'
    const preferred = preferHeld ? sums.heldCount[p] : sums.trainCount[p]
    const useHeld = preferred > 0 ? preferHeld : !preferHeld
    if (preferred === 0) fallback++
    const src = useHeld ? sums.heldLatents : sums.trainLatents
    const count = useHeld ? sums.heldCount[p] : sums.trainCount[p]
    const base = p * latentSize
    for (let j = 0; j < latentSize; j++) latents[base + j] = src[base + j] / count
    if (risk) risk[p] = (useHeld ? sums.heldRisk[p] : sums.trainRisk[p]) / count
  }
  return { latents, risk, fallback }
}

/** max − min over all inputs (1 for inputs scaled to [0, 1] with a zero background). */
export function intensityRange(inputs: Float32Array[]): number {
  let lo = Infinity, hi = -Infinity
  for (const x of inputs) for (let q = 0; q < x.length; q++) { if (x[q] < lo) lo = x[q]; if (x[q] > hi) hi = x[q] }
  return hi > lo ? hi - lo : 1
}
