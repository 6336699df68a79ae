import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { buildModel, decode, defaultArchitecture, disposeModel, encode, getWeights, riskScore, setWeights } from '../../../src/core/deep/model.ts'

await tf.setBackend('cpu')

describe('CAE / HSCAE architecture', () => {
  it('has a 1,024-unit latent layer by default and mirrors the input shape', () => {
    const a = defaultArchitecture({ model: 'hscae', size: 32 })
    expect(a.latentSize).toBe(1024)
    const m = buildModel(a)
    const x = tf.zeros([2, 32, 32, 1])
    const z = encode(m, x)
    expect(z.shape).toEqual([2, 1024])
    expect(decode(m, z).shape).toEqual([2, 32, 32, 1])
    expect(riskScore(m, z).shape).toEqual([2])
    // Grad-CAM reaches the last block's activation before pooling
    expect(m.features.outputs[0].shape).toEqual([null, 8, 8, 32])
    disposeModel(m)
  })

  it('default input size 128 uses 4 blocks', () => {
    const a = defaultArchitecture()
    expect(a.size).toBe(128)
    expect(a.filters).toHaveLength(4)
  })

  it('rejects a size that does not divide by 2^blocks', () => {
    expect(() => buildModel(defaultArchitecture({ size: 36 }))).toThrow(/multiple of 8/)
  })

  it('seeded initial weights are identical, and different for another seed', () => {
    const w1 = getWeights(buildModel(defaultArchitecture({ size: 16, filters: [4, 8], latentSize: 16, seed: 5 })))
    const w2 = getWeights(buildModel(defaultArchitecture({ size: 16, filters: [4, 8], latentSize: 16, seed: 5 })))
    const w3 = getWeights(buildModel(defaultArchitecture({ size: 16, filters: [4, 8], latentSize: 16, seed: 6 })))
    expect(Array.from(w1.data)).toEqual(Array.from(w2.data))
    expect(Array.from(w1.data)).not.toEqual(Array.from(w3.data))
  })

  it('weights round-trip through getWeights/setWeights', () => {
    const a = defaultArchitecture({ model: 'hscae', size: 16, filters: [4, 8], latentSize: 16, seed: 2 })
    const m1 = buildModel(a)
    const m2 = buildModel({ ...a, seed: 3 })
    setWeights(m2, getWeights(m1))
    const x = tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 4)
    expect(Array.from(riskScore(m2, encode(m2, x)).dataSync())).toEqual(Array.from(riskScore(m1, encode(m1, x)).dataSync()))
  })
})
