// Browser entry of the CLI's headless-Chromium runner (built by vite.deep.config.ts as
// one IIFE script): chooses the fastest tfjs backend by warm-up (or the one asked for),
// runs a deep request from src/core/deep/run.ts and returns it packed as JSON-safe text.
import * as tf from '@tensorflow/tfjs'
import { runDeep, type DeepRunRequest } from '../src/core/deep/run.ts'
import { chooseBackend, TRAINING_BACKENDS, type BackendName } from '../src/core/deep/backend.ts'
import { pack, unpack } from '../src/core/deep/wire.ts'

declare global {
  interface Window {
    deepProgress?: (fraction: number, message?: string) => void
  }
}

export async function run(packedRequest: unknown, backend?: string): Promise<unknown> {
  const req = unpack(packedRequest) as DeepRunRequest
  const candidates = backend ? [backend as BackendName] : TRAINING_BACKENDS
  const architecture = req.kind === 'train' ? (req.resume?.architecture ?? req.options.architecture) : req.architecture
  const choice = await chooseBackend(candidates, architecture)
  const res = await runDeep(req, { progress: (f, m) => window.deepProgress?.(f, m) })
  return pack({ ...res, backend: tf.getBackend(), backendTimings: choice.timings, backendErrors: choice.errors })
}
