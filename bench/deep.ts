// Benchmarks of the deep engine: seconds per training epoch of the CAE per tfjs backend —
// in headless Chromium (the CLI's runner: WebGL via SwiftShader or a GPU, WebGPU when
// DEEP_BENCH_WEBGPU=1 adds Chromium's WebGPU flags, Chromium's CPU backend) and tfjs'
// CPU backend in Node as the reference, on the same synthetic images.
// DEEP_BENCH_SIZE (default 32; the reference figures are at 64 with 4 blocks),
// DEEP_BENCH_IMAGES (default 54), DEEP_BENCH_NODE=0 skips the (slow) Node reference.
import * as tf from '@tensorflow/tfjs'
import { defaultArchitecture } from '../src/core/deep/model.ts'
import { runDeep, type DeepRunRequest } from '../src/core/deep/run.ts'
import type { TrainResult } from '../src/core/deep/train.ts'
import { runInChromium } from '../src/cli/commands/deep.ts'
import { syntheticSamples } from '../tests/unit/deep/synthetic.ts'

const size = Number(process.env.DEEP_BENCH_SIZE ?? 32)
const images = Number(process.env.DEEP_BENCH_IMAGES ?? 54)

function request(): DeepRunRequest {
  // 54 training + 6 held-out per repeat (leave-10%-out of 60), one epoch, one view per patient
  const samples = syntheticSamples(Math.round(images / 0.9), size, 1)
  return { kind: 'train', samples, options: { architecture: defaultArchitecture({ size, batchSize: 4 }), epochs: 1, repeats: 1, views: 1 } }
}

function epochSeconds(r: TrainResult): number {
  return r.history.reduce((s, h) => s + h.seconds, 0) / r.history.length
}

export const benchmarks: Record<string, () => Promise<object>> = {
  async epochPerBackend() {
    const out: Record<string, { secondsPerEpoch: number; epochsPerSecond: number } | string> = {}
    const backends = ['webgl', 'cpu', ...(process.env.DEEP_BENCH_WEBGPU === '1' ? ['webgpu'] : [])]
    for (const b of backends) {
      try {
        const res = await runInChromium(request(), () => {}, b, b === 'webgpu')
        const s = epochSeconds(res.result as TrainResult)
        out[`chromium-${res.backend}`] = { secondsPerEpoch: s, epochsPerSecond: 1 / s }
      } catch (e) {
        out[`chromium-${b}`] = `failed: ${(e as Error).message}`
      }
    }
    if (process.env.DEEP_BENCH_NODE !== '0') {
      await tf.setBackend('cpu')
      const res = await runDeep(request())
      const s = epochSeconds(res.result as TrainResult)
      out['node-cpu (reference)'] = { secondsPerEpoch: s, epochsPerSecond: 1 / s }
    }
    return { size, images, filters: defaultArchitecture({ size }).filters, batchSize: 4, results: out, note: 'shared 2-core machine: figures are noisy; compare ratios measured in the same run' }
  },
}
