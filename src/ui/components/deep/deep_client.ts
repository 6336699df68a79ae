// The UI side of the deep training worker (workers/deep.worker.ts): one dedicated worker
// (training holds a model and a GPU context, so it does not go through the compute pool).
import * as Comlink from 'comlink'
import type { DeepWorkerApi } from '../../../../workers/deep.worker.ts'

let worker: Worker | null = null
let api: Comlink.Remote<DeepWorkerApi> | null = null

export function deepWorker(): Comlink.Remote<DeepWorkerApi> {
  if (!api) {
    worker = new Worker(new URL('../../../../workers/deep.worker.ts', import.meta.url), { type: 'module' })
    api = Comlink.wrap<DeepWorkerApi>(worker)
  }
  return api
}

/** Terminate the worker (a fresh one is made on next use). */
export function resetDeepWorker(): void {
  worker?.terminate()
  worker = null
  api = null
}

export { Comlink }
