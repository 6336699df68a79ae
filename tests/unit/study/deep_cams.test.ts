// The study's deep groupings keep a Grad-CAM map per patient: the map gradCam gives on the
// trained model rebuilt from its weights (HSCAE: risk target; CAE: reconstruction), within
// the 16-bit storage's quantisation (≤ 7.6e-6 < 1e-5), and the model input it explains.
import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { deepGroups } from '../../../src/core/study/groupings.ts'
import { camInputOf, camMapOf } from '../../../src/core/study/deep_cams.ts'
import { fastPlan } from '../../../src/core/study/plan.ts'
import { trainDeepModel, type TrainResult } from '../../../src/core/deep/train.ts'
import { buildModel, disposeModel, setWeights } from '../../../src/core/deep/model.ts'
import { gradCam } from '../../../src/core/deep/gradcam.ts'
import { maskedInput } from '../../../src/core/deep/slice.ts'
import { syntheticSamples } from '../deep/synthetic.ts'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const samples = syntheticSamples(8, 16, 4, 3)
const plan = fastPlan()
plan.deep = { ...plan.deep, size: 16, epochs: 1, repeats: 1, latent: 8, batch: 4, views: 1, k: 2 }

describe.each(['hscae', 'cae'] as const)('deepGroups Grad-CAM (%s)', (model) => {
  it('one map per patient in [0, 1], equal to gradCam on the model rebuilt from the trained weights', async () => {
    let trained: TrainResult | undefined
    const g = await deepGroups(model, samples.map((s) => s.id), samples.map((s) => s.cohort), samples.map((s) => s.slice), samples.map((s) => s.time!), samples.map((s) => s.event!), plan, undefined, async (s, o, c) => (trained = await trainDeepModel(s, o, c)))
    const cam = g.cam!
    expect(cam.target).toBe(model === 'hscae' ? 'risk' : 'reconstruction')
    expect(cam.size).toBe(16)
    expect(cam.layer).toContain('encoder block 3')
    expect(Object.keys(cam.maps).sort()).toEqual(samples.map((s) => s.id).sort())
    const m = buildModel(trained!.architecture)
    setWeights(m, trained!.weights)
    try {
      let positive = 0
      for (const s of samples) {
        const x = maskedInput(s.slice)
        const direct = gradCam(m, x, cam.target)
        const stored = camMapOf(cam, s.id)!
        expect(stored.length).toBe(256)
        let maxErr = 0
        stored.forEach((v, q) => {
          expect(v).toBeGreaterThanOrEqual(0)
          expect(v).toBeLessThanOrEqual(1)
          maxErr = Math.max(maxErr, Math.abs(v - direct.map[q]))
        })
        expect(maxErr, s.id).toBeLessThanOrEqual(1e-5)
        if (Math.max(...stored) > 0) positive++
        expect(cam.values[s.id]).toBeCloseTo(direct.target, 6)
        // the input the map explains is the model input (8-bit)
        const input = camInputOf(cam, s.id)!
        input.forEach((v, q) => expect(Math.abs(v - x[q])).toBeLessThanOrEqual(0.5 / 255 + 1e-7))
      }
      // not a vacuous comparison of all-zero maps
      expect(positive).toBeGreaterThan(0)
    } finally {
      disposeModel(m)
    }
  }, 120_000)
})
