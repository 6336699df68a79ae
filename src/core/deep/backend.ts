// Choice of the tfjs backend for training: among the candidates the platform offers
// (WebGPU, WebGL, CPU — not WASM: tfjs' WASM backend has no Conv2DBackpropFilter kernel,
// so it cannot train convolutions), each is initialised and timed on a short warm-up,
// and the fastest wins. Capability first (does the backend
// initialise and train?), then measured speed — not the order of the list. The warm-up
// is the model to be trained (its architecture and batch size): one untimed step
// (shader compilation), then two timed steps.
import * as tf from '@tensorflow/tfjs'
import { buildModel, decode, defaultArchitecture, disposeModel, encode, trainableVariables, type DeepArchitecture } from './model.ts'

export type BackendName = 'webgpu' | 'webgl' | 'cpu'
export const TRAINING_BACKENDS: BackendName[] = ['webgpu', 'webgl', 'cpu']

export interface BackendChoice {
  backend: string
  /** seconds per warm-up step; null when the backend is unavailable or failed */
  timings: Record<string, number | null>
  errors: Record<string, string>
}

let webgpuLoaded = false
/** Register the WebGPU backend when the platform has navigator.gpu (browser only). */
async function loadWebgpu(): Promise<boolean> {
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator
  if (!nav?.gpu) return false
  if (!(await nav.gpu.requestAdapter().catch(() => null))) return false
  if (!webgpuLoaded) {
    await import('@tensorflow/tfjs-backend-webgpu')
    webgpuLoaded = true
  }
  return true
}

/** Seconds per training step of the given architecture (one untimed step compiles the shaders, then two timed). */
async function warmup(a: DeepArchitecture): Promise<number> {
  const model = buildModel(a)
  const opt = tf.train.adam(a.learningRate)
  const x = tf.randomUniform([a.batchSize, a.size, a.size, 1], 0, 1, 'float32', 3)
  const vars = trainableVariables(model)
  const step = async () => {
    const l = opt.minimize(() => decode(model, encode(model, x, true), true).sub(x).square().mean() as tf.Scalar, true, vars)!
    await l.data()
    l.dispose()
  }
  try {
    await step()
    const t0 = performance.now()
    for (let i = 0; i < 2; i++) await step()
    return (performance.now() - t0) / 2000
  } finally {
    x.dispose()
    opt.dispose()
    disposeModel(model)
  }
}

/**
 * Pick (and set) the fastest training backend among the candidates (default all three),
 * timed on `architecture` (default: the 32 × 32 CAE).
 */
export async function chooseBackend(candidates: BackendName[] = TRAINING_BACKENDS, architecture: DeepArchitecture = defaultArchitecture({ size: 32 })): Promise<BackendChoice> {
  const timings: Record<string, number | null> = {}
  const errors: Record<string, string> = {}
  for (const name of candidates) {
    timings[name] = null
    try {
      if (name === 'webgpu' && !(await loadWebgpu())) { errors[name] = 'no WebGPU adapter'; continue }
      if (!tf.findBackendFactory(name)) { errors[name] = 'not registered'; continue }
      if (!(await tf.setBackend(name))) { errors[name] = 'failed to initialise'; continue }
      await tf.ready()
      timings[name] = await warmup(architecture)
    } catch (e) {
      errors[name] = (e as Error).message ?? String(e)
    }
  }
  const ok = Object.entries(timings).filter((e): e is [string, number] => e[1] !== null).sort((a, b) => a[1] - b[1])
  const backend = ok.length ? ok[0][0] : 'cpu'
  await tf.setBackend(backend)
  await tf.ready()
  return { backend, timings, errors }
}
