import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { buildModel, decode, defaultArchitecture, disposeModel, encode } from '../../../src/core/deep/model.ts'
import { plateauLearningRate, reconstructionErrors, trainDeepModel, type TrainCheckpoint } from '../../../src/core/deep/train.ts'
import { maskedInput } from '../../../src/core/deep/slice.ts'
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

  it('reports the reconstruction error inside the tumour beside the whole frame (direct computation)', async () => {
    const samples = syntheticSamples(6, 16, 7)
    const inputs = samples.map((s) => maskedInput(s.slice)), masks = samples.map((s) => s.slice.mask)
    const model = buildModel(tiny('cae', 3))
    try {
      let frame = 0, tumour = 0, n = 0
      for (const x of inputs) {
        const y = tf.tidy(() => decode(model, encode(model, tf.tensor4d(x, [1, 16, 16, 1]))).dataSync() as Float32Array)
        const m = masks[inputs.indexOf(x)]
        for (let q = 0; q < x.length; q++) {
          const e = (y[q] - x[q]) ** 2
          frame += e
          if (m[q]) (tumour += e), n++
        }
      }
      const got = reconstructionErrors(model, inputs, masks, 4)
      expect(n).toBeGreaterThan(0)
      expect(got.frame).toBeCloseTo(frame / (inputs.length * 256), 6)
      expect(got.tumour).toBeCloseTo(tumour / n, 6)
      expect(reconstructionErrors(model, inputs, null).tumour).toBeNaN()
    } finally {
      disposeModel(model)
    }
    const r = await trainDeepModel(samples, { architecture: tiny('cae'), epochs: 1, repeats: 1, augment: false })
    expect(r.tumourRelativeMsePercent.train).toBeGreaterThan(0)
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

describe('cross-validation protocols', () => {
  const mean = (rows: Float32Array[], pick: (r: number) => boolean, q: number) => {
    let s = 0, n = 0
    rows.forEach((row, r) => { if (pick(r)) { s += row[q]; n++ } })
    return s / n
  }

  for (const aggregate of ['train-mean', 'held-out'] as const) {
    it(`independent (${aggregate}): each patient's latents are the mean of the per-repeat latents over the repeats of its kind`, async () => {
      const samples = syntheticSamples(10, 16, 6, 2)
      const per: { latents: Float32Array; risk: Float32Array | null; heldOut: string[] }[] = []
      const r = await trainDeepModel(samples, { architecture: tiny('hscae', 3), epochs: 1, repeats: 4, views: 2, cv: 'independent', aggregate }, undefined, {
        onRepeat: (e) => per.push({ latents: e.latents.slice(), risk: e.risk!.slice(), heldOut: e.heldOut }),
      })
      expect(per).toHaveLength(4)
      expect(r.cv).toEqual({ mode: 'independent', aggregate, lrSchedule: 'constant', fallback: expect.any(Number) })
      // fresh models: repeats differ
      expect(Array.from(per[0].latents)).not.toEqual(Array.from(per[1].latents))
      let fallback = 0
      samples.forEach((s, p) => {
        const held = per.map((e) => e.heldOut.includes(s.id))
        let kind = (rep: number) => s.cohort === 'test' || (aggregate === 'held-out' ? held[rep] : !held[rep])
        if (!per.some((_, rep) => kind(rep))) { fallback++; const k0 = kind; kind = (rep) => !k0(rep) }
        for (const q of [0, 5, 15]) expect(r.latents[p * 16 + q]).toBeCloseTo(mean(per.map((e) => e.latents.subarray(p * 16, p * 16 + 16)), kind, q), 5)
        expect(r.risk![p]).toBeCloseTo(mean(per.map((e) => e.risk!.subarray(p, p + 1)), kind, 0), 5)
      })
      expect(r.cv.fallback).toBe(fallback)
      expect(r.heldOutRelativeMsePercent).toHaveLength(4)
      expect(r.heldOutRelativeMsePercent.every((v) => v > 0)).toBe(true)
      expect(Number.isFinite(r.mse.test)).toBe(true)
    })
  }

  it('independent: resuming from a checkpoint gives the uninterrupted result', async () => {
    const samples = syntheticSamples(10, 16, 8, 2)
    const opts = { architecture: tiny('cae', 13), epochs: 1, repeats: 3, views: 2, cv: 'independent' as const }
    const full = await trainDeepModel(samples, opts)
    let checkpoint: TrainCheckpoint | undefined
    let cancel = false
    await expect(trainDeepModel(samples, opts, { isCancelled: () => cancel }, {
      onCheckpoint: (c) => { if (c.repeat === 2) { checkpoint = c; cancel = true } },
    })).rejects.toBeInstanceOf(CancelledError)
    expect(checkpoint?.sums?.trainCount.length).toBe(12)
    const resumed = await trainDeepModel(samples, opts, undefined, {}, checkpoint)
    expect(Array.from(resumed.latents)).toEqual(Array.from(full.latents))
    expect(resumed.mse).toEqual(full.mse)
  })

  it('the plateau schedule halves the learning rate down to an eighth of the start', () => {
    expect(plateauLearningRate(4e-3, 4e-3)).toBe(2e-3)
    expect(plateauLearningRate(1e-3, 4e-3)).toBe(5e-4)
    expect(plateauLearningRate(5e-4, 4e-3)).toBe(5e-4)
  })

  it('the plateau schedule keeps training deterministic and reports its protocol', async () => {
    const samples = syntheticSamples(10, 16, 9)
    const run = () => trainDeepModel(samples, { architecture: tiny('cae', 5), epochs: 3, repeats: 1, views: 2, patience: 10, lrSchedule: 'plateau' })
    const a = await run(), b = await run()
    expect(Array.from(a.latents)).toEqual(Array.from(b.latents))
    expect(a.cv).toEqual({ mode: 'warm-start', lrSchedule: 'plateau' })
  })
})
