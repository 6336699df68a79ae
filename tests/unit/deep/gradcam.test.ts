import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { buildModel, defaultArchitecture, disposeModel } from '../../../src/core/deep/model.ts'
import { gradCam } from '../../../src/core/deep/gradcam.ts'
import { maskedInput } from '../../../src/core/deep/slice.ts'
import { syntheticSamples } from './synthetic.ts'

await tf.setBackend('cpu')

describe('Grad-CAM', () => {
  it('risk-head map: input size, in [0, 1], equal to the map computed by hand from the activations', () => {
    const m = buildModel(defaultArchitecture({ model: 'hscae', size: 16, filters: [4, 8], latentSize: 16, seed: 3 }))
    const x = maskedInput(syntheticSamples(1, 16, 2)[0].slice)
    const cam = gradCam(m, x, 'risk')
    expect(cam.map.length).toBe(256)
    expect(Math.max(...cam.map)).toBeLessThanOrEqual(1)
    expect(Math.min(...cam.map)).toBeGreaterThanOrEqual(0)
    // by hand: the risk is linear in the latent and the latent linear in the pooled activations, so
    // ∂y/∂A is obtained by tf.grad of the composed function; the map = ReLU(Σ_c mean(∂y/∂A_c) A_c)
    const a = m.features.apply(tf.tensor4d(x, [1, 16, 16, 1])) as tf.Tensor4D
    const g = tf.grad((act: tf.Tensor) => (m.risk!.apply(m.toLatent.apply(act)) as tf.Tensor).sum())(a)
    const A = (a.arraySync() as number[][][][])[0], G = (g.arraySync() as number[][][][])[0]
    const h = A.length, C = A[0][0].length
    const alpha = Array.from({ length: C }, (_, c) => { let s = 0; for (const row of G) for (const px of row) s += px[c]; return s / (h * h) })
    const raw = A.map((row) => row.map((px) => Math.max(0, px.reduce((s, v, c) => s + v * alpha[c], 0))))
    const up = tf.image.resizeBilinear(tf.tensor4d(raw.flat(), [1, h, h, 1]), [16, 16], true).dataSync()
    const peak = Math.max(...up)
    up.forEach((v, q) => expect(cam.map[q]).toBeCloseTo(peak > 0 ? v / peak : 0, 5))
    const rec = gradCam(m, x, 'reconstruction')
    expect(rec.target).toBeGreaterThan(0)
    disposeModel(m)
  })
})
