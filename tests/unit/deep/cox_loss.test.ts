import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { coxLoss, coxLossReference } from '../../../src/core/deep/cox_loss.ts'
import { createRng } from '../../../src/core/random.ts'

await tf.setBackend('cpu')

function data(n: number, seed: number) {
  const rng = createRng(seed)
  const risk = Array.from({ length: n }, () => rng.normal())
  // integer times so that ties occur (Breslow)
  const time = Array.from({ length: n }, () => 1 + rng.int(6))
  const event = Array.from({ length: n }, () => (rng.next() < 0.6 ? 1 : 0))
  return { risk, time, event }
}

/** Direct computation of the Breslow partial log-likelihood, written as in Cox's formula over distinct event times. */
function directLoss(risk: number[], time: number[], event: number[]): number {
  const times = [...new Set(time.filter((_, i) => event[i]))]
  let ll = 0, d = 0
  for (const t of times) {
    const dead = risk.map((_, i) => i).filter((i) => time[i] === t && event[i])
    const atRisk = risk.map((_, i) => i).filter((i) => time[i] >= t)
    const denom = atRisk.reduce((s, i) => s + Math.exp(risk[i]), 0)
    ll += dead.reduce((s, i) => s + risk[i], 0) - dead.length * Math.log(denom)
    d += dead.length
  }
  return -ll / d
}

describe('Cox partial-likelihood loss (Breslow)', () => {
  it('tfjs op, JS reference and the direct formula agree, ties included', () => {
    for (const seed of [1, 2, 3]) {
      const { risk, time, event } = data(25, seed)
      const ref = coxLossReference(risk, time, event)
      expect(ref.loss).toBeCloseTo(directLoss(risk, time, event), 12)
      const t = coxLoss(tf.tensor1d(risk), time, event)
      expect(t.dataSync()[0]).toBeCloseTo(ref.loss, 5)
    }
  })

  it('gradient of the op equals the analytic gradient and finite differences', () => {
    const { risk, time, event } = data(20, 7)
    const ref = coxLossReference(risk, time, event)
    const g = tf.grad((r: tf.Tensor) => coxLoss(r, time, event))(tf.tensor1d(risk)).dataSync()
    const h = 1e-6
    for (let k = 0; k < risk.length; k++) {
      expect(g[k]).toBeCloseTo(ref.gradient[k], 5)
      const up = risk.slice(), dn = risk.slice()
      up[k] += h; dn[k] -= h
      const fd = (directLoss(up, time, event) - directLoss(dn, time, event)) / (2 * h)
      expect(ref.gradient[k]).toBeCloseTo(fd, 6)
    }
  })

  it('is 0 with no events and stable for large scores', () => {
    expect(coxLoss(tf.tensor1d([1, 2, 3]), [1, 2, 3], [0, 0, 0]).dataSync()[0]).toBe(0)
    const risk = [300, 301, 299, 302], time = [1, 2, 3, 4], event = [1, 1, 0, 1]
    const v = coxLoss(tf.tensor1d(risk), time, event).dataSync()[0]
    expect(Number.isFinite(v)).toBe(true)
    expect(v).toBeCloseTo(coxLossReference(risk.map((r) => r - 300), time, event).loss, 4)
  })
})
