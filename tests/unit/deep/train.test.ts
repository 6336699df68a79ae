import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { defaultArchitecture } from '../../../src/core/deep/model.ts'
import { trainDeepModel, type TrainCheckpoint } from '../../../src/core/deep/train.ts'
import { CancelledError } from '../../../src/core/job.ts'
import { syntheticSamples } from './synthetic.ts'

await tf.setBackend('cpu')
const tiny = (model: 'cae' | 'hscae', seed = 1) => defaultArchitecture({ model, size: 16, filters: [4, 8], latentSize: 16, batchSize: 4, learningRate: 5e-3, seed })

describe('training protocol', () => {
  it('a tiny model\'s loss decreases', async () => {
    const samples = syntheticSamples(12, 16, 3)
    const r = await trainDeepModel(samples, { architecture: tiny('cae'), epochs: 8, repeats: 1, patience: 100, augment: false })
    const first = r.history[0].loss, last = r.history[r.history.length - 1].loss
    expect(r.history).toHaveLength(8)
    expect(last).toBeLessThan(0.7 * first)
    expect(r.latents.length).toBe(12 * 16)
    expect(r.mse.train).toBeGreaterThan(0)
    expect(r.relativeMsePercent.train).toBeCloseTo(100 * r.mse.train, 10)
  })

  it('is deterministic for a seed on the CPU backend (HSCAE, augmentation on)', async () => {
    const samples = syntheticSamples(10, 16, 4, 2)
    const run = () => trainDeepModel(samples, { architecture: tiny('hscae', 9), epochs: 2, repeats: 1, views: 3 })
    const a = await run(), b = await run()
    expect(Array.from(a.latents)).toEqual(Array.from(b.latents))
    expect(Array.from(a.risk!)).toEqual(Array.from(b.risk!))
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss))
    expect(Number.isFinite(a.mse.test)).toBe(true)
  })

  it('resumes from the last completed repeat to the same result', async () => {
    const samples = syntheticSamples(10, 16, 5)
    const opts = { architecture: tiny('cae', 11), epochs: 2, repeats: 2, views: 3 }
    const full = await trainDeepModel(samples, opts)
    let checkpoint: TrainCheckpoint | undefined
    let cancel = false
    await expect(trainDeepModel(samples, opts, { isCancelled: () => cancel }, {
      onCheckpoint: (c) => { checkpoint = c; cancel = true },
    })).rejects.toBeInstanceOf(CancelledError)
    expect(checkpoint?.repeat).toBe(1)
    const resumed = await trainDeepModel(samples, opts, undefined, {}, checkpoint)
    expect(Array.from(resumed.latents)).toEqual(Array.from(full.latents))
    expect(resumed.history.length).toBe(full.history.length)
  })
})
