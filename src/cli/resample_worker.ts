// Worker thread of the CLI's resampling pool (resample_pool.ts): one slab of output slices
// per message, written into the shared output with the core's resampleSlices.
import { parentPort } from 'node:worker_threads'
import { resampleSlices } from '../core/preprocess/resample.ts'
import type { SlabTask } from './resample_pool.ts'

parentPort!.on('message', (t: SlabTask) => {
  try {
    const plane = t.target.dims[0] * t.target.dims[1]
    resampleSlices(t.image, t.target, t.interpolation, t.kBegin, t.kEnd, t.out.subarray(t.kBegin * plane, t.kEnd * plane))
    parentPort!.postMessage({ id: t.id })
  } catch (e) {
    parentPort!.postMessage({ id: t.id, error: (e as Error).message })
  }
})
