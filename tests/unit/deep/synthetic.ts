// Synthetic tumour slices for the deep engine's tests: an ellipse with a radial
// intensity profile and seeded texture whose strength follows a planted risk.
import { createRng, deriveSeed } from '../../../src/core/random.ts'
import type { DeepSample } from '../../../src/core/deep/train.ts'

export function syntheticSamples(n: number, size: number, seed = 1, nTest = 0): DeepSample[] {
  const out: DeepSample[] = []
  for (let p = 0; p < n + nTest; p++) {
    const rng = createRng(deriveSeed(seed, p))
    const risk = rng.normal()
    const rx = size * (0.25 + 0.15 * rng.next()), ry = size * (0.25 + 0.15 * rng.next())
    const c = (size - 1) / 2
    const image = new Float32Array(size * size)
    const mask = new Uint8Array(size * size)
    for (let v = 0; v < size; v++) for (let u = 0; u < size; u++) {
      const d = ((u - c) / rx) ** 2 + ((v - c) / ry) ** 2
      if (d <= 1) mask[u + size * v] = 1
      const tex = 0.5 + 0.5 * Math.sin((u + v) * (0.6 + 0.3 * Math.tanh(risk)))
      image[u + size * v] = Math.max(0, Math.min(1, 0.8 - 0.4 * d + 0.2 * (1 + risk / 3) * tex))
    }
    const time = -Math.log(1 - rng.next()) * 60 * Math.exp(-risk)
    out.push({ id: `P${p}`, cohort: p < n ? 'train' : 'test', slice: { size, image, mask }, time, event: rng.next() < 0.7 ? 1 : 0 })
  }
  return out
}
