// The deep radiomics models of Crombé, Lucchesi et al. 2024 in @tensorflow/tfjs:
// a convolutional autoencoder (CAE) — encoder blocks convolution (3 × 3, same) →
// batch normalisation → ReLU → 2 × 2 max-pooling, then a dense latent layer (1,024
// units by default, linear), and a mirrored decoder (dense → reshape → per block a
// 3 × 3 stride-2 transposed convolution → batch normalisation → ReLU, then a 3 × 3
// convolution to one sigmoid channel) — and the half-supervised CAE (HSCAE) that adds a
// linear risk head on the latent vector, trained with the Cox partial-likelihood loss
// (cox_loss.ts). Glorot-uniform initialisation with per-layer seeds derived from the
// architecture's seed, so a seed reproduces the initial weights on every backend.
//
// The encoder is split in two models so that Grad-CAM can reach the last convolutional
// activation: `features` (input → ReLU output of the last block, before its pooling)
// and `toLatent` (pooling → flatten → dense latent).
import * as tf from '@tensorflow/tfjs'
import { deriveSeed } from '../random.ts'
import { InputError } from '../errors.ts'

// the architecture record and its defaults live in the tfjs-free defaults.ts (the UI reads them)
export { defaultArchitecture, defaultFilters, type DeepArchitecture, type DeepModelKind } from './defaults.ts'
import type { DeepArchitecture } from './defaults.ts'

export interface DeepModel {
  architecture: DeepArchitecture
  features: tf.LayersModel
  toLatent: tf.LayersModel
  decoder: tf.LayersModel
  /** HSCAE only */
  risk: tf.LayersModel | null
}

/** Check that the input side divides by 2^blocks. */
export function validateArchitecture(a: DeepArchitecture): void {
  const f = 2 ** a.filters.length
  if (!Number.isInteger(a.size) || a.size < f || a.size % f !== 0)
    throw new InputError(`size ${a.size} must be a multiple of ${f} (2^${a.filters.length} blocks); use e.g. --size ${Math.max(f, Math.round(a.size / f) * f)}`, undefined, '--size')
  if (!(a.latentSize >= 1)) throw new InputError('latent size must be at least 1', undefined, 'latentSize')
}

/** Build a model with freshly initialised (seeded) weights. */
export function buildModel(a: DeepArchitecture): DeepModel {
  validateArchitecture(a)
  let layerNo = 0
  const init = () => tf.initializers.glorotUniform({ seed: deriveSeed(a.seed, layerNo++) })
  const blocks = a.filters.length
  const bottom = a.size / 2 ** blocks
  const last = a.filters[blocks - 1]

  const features = tf.sequential({ name: 'features' })
  a.filters.forEach((f, b) => {
    if (b > 0) features.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }))
    features.add(tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', kernelInitializer: init(), ...(b === 0 ? { inputShape: [a.size, a.size, 1] } : {}) }))
    features.add(tf.layers.batchNormalization({ momentum: a.bnMomentum }))
    features.add(tf.layers.reLU())
  })

  const toLatent = tf.sequential({ name: 'to_latent' })
  toLatent.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, inputShape: [a.size / 2 ** (blocks - 1), a.size / 2 ** (blocks - 1), last] }))
  toLatent.add(tf.layers.flatten())
  toLatent.add(tf.layers.dense({ units: a.latentSize, kernelInitializer: init() }))

  const decoder = tf.sequential({ name: 'decoder' })
  decoder.add(tf.layers.dense({ units: bottom * bottom * last, activation: 'relu', kernelInitializer: init(), inputShape: [a.latentSize] }))
  decoder.add(tf.layers.reshape({ targetShape: [bottom, bottom, last] }))
  for (let b = blocks - 1; b >= 0; b--) {
    decoder.add(tf.layers.conv2dTranspose({ filters: a.filters[b], kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init() }))
    decoder.add(tf.layers.batchNormalization({ momentum: a.bnMomentum }))
    decoder.add(tf.layers.reLU())
  }
  decoder.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init() }))

  let risk: tf.LayersModel | null = null
  if (a.model === 'hscae') {
    const r = tf.sequential({ name: 'risk' })
    r.add(tf.layers.dense({ units: 1, kernelInitializer: init(), inputShape: [a.latentSize] }))
    risk = r
  }
  return { architecture: a, features, toLatent, decoder, risk }
}

function parts(m: DeepModel): tf.LayersModel[] {
  return m.risk ? [m.features, m.toLatent, m.decoder, m.risk] : [m.features, m.toLatent, m.decoder]
}

/** Latent vectors of a batch [n, size, size, 1] → [n, latentSize]. */
export function encode(m: DeepModel, x: tf.Tensor, training = false): tf.Tensor2D {
  return m.toLatent.apply(m.features.apply(x, { training }), { training }) as tf.Tensor2D
}

/** Reconstruction of latent vectors → [n, size, size, 1]. */
export function decode(m: DeepModel, z: tf.Tensor, training = false): tf.Tensor4D {
  return m.decoder.apply(z, { training }) as tf.Tensor4D
}

/** Risk scores of latent vectors → [n] (HSCAE). */
export function riskScore(m: DeepModel, z: tf.Tensor, training = false): tf.Tensor1D {
  if (!m.risk) throw new Error('this model has no risk head (CAE)')
  return (m.risk.apply(z, { training }) as tf.Tensor).reshape([-1]) as tf.Tensor1D
}

/** The trainable variables of all parts, for the optimiser. */
export function trainableVariables(m: DeepModel): tf.Variable[] {
  return parts(m).flatMap((p) => p.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read()))
}

/** Serialised weights: names, shapes and one float32 buffer (all parts, fixed order). */
export interface WeightsRecord {
  specs: { name: string; shape: number[] }[]
  data: Float32Array
}

export function getWeights(m: DeepModel): WeightsRecord {
  const specs: WeightsRecord['specs'] = []
  const arrays: Float32Array[] = []
  for (const p of parts(m)) {
    const names = p.weights.map((w) => w.originalName)
    p.getWeights().forEach((t, i) => {
      specs.push({ name: `${p.name}/${names[i]}`, shape: t.shape.slice() })
      arrays.push(t.dataSync() as Float32Array)
    })
  }
  const total = arrays.reduce((s, a) => s + a.length, 0)
  const data = new Float32Array(total)
  let o = 0
  for (const a of arrays) { data.set(a, o); o += a.length }
  return { specs, data }
}

export function setWeights(m: DeepModel, w: WeightsRecord): void {
  let o = 0, s = 0
  for (const p of parts(m)) {
    const current = p.getWeights()
    const next = current.map((t) => {
      const spec = w.specs[s++]
      const n = t.size
      if (!spec || spec.shape.join('x') !== t.shape.join('x')) throw new InputError(`weights do not match the architecture at ${spec?.name ?? `#${s}`}`, 'model files')
      const v = tf.tensor(w.data.subarray(o, o + n), t.shape)
      o += n
      return v
    })
    p.setWeights(next)
    next.forEach((t) => t.dispose())
  }
  if (o !== w.data.length) throw new InputError('weights file is larger than the architecture needs', 'model files')
}

export function disposeModel(m: DeepModel): void {
  for (const p of parts(m)) p.dispose()
}

/** Number of trainable parameters. */
export function parameterCount(m: DeepModel): number {
  return parts(m).reduce((s, p) => s + p.countParams(), 0)
}
