import { describe, expect, it } from 'vitest'
import { latentCIndex, latentGroups } from '../../../src/core/study/deep_latents.ts'
import { leadingComponents, project } from '../../../src/core/deep/pca.ts'
import { createRng } from '../../../src/core/random.ts'

describe('latent vectors: PCA, groups, C-index', () => {
  it('Jacobi PCs satisfy the eigen-equation and project the training rows onto their scores', () => {
    const rng = createRng(1)
    const n = 12, p = 30
    const data = new Float64Array(n * p).map(() => rng.normal())
    for (let j = 0; j < p; j++) { let m = 0; for (let i = 0; i < n; i++) m += data[i * p + j] / n; for (let i = 0; i < n; i++) data[i * p + j] -= m }
    const x = { nItems: n, nFeatures: p, data }
    const pca = leadingComponents(x, 3)
    expect(pca.values[0]).toBeGreaterThan(pca.values[1])
    // XᵀX v = λ v
    for (let c = 0; c < 3; c++) {
      const v = pca.loadings.subarray(c * p, (c + 1) * p)
      const xv = new Float64Array(n).map((_, i) => v.reduce((s, vj, j) => s + data[i * p + j] * vj, 0))
      for (let j = 0; j < p; j++) {
        const xtxv = xv.reduce((s, xi, i) => s + data[i * p + j] * xi, 0)
        expect(xtxv).toBeCloseTo(pca.values[c] * v[j], 6)
      }
    }
    const proj = project(pca, x)
    proj.forEach((v, q) => expect(v).toBeCloseTo(pca.scores[q], 8))
  })

  it('two planted latent clusters give groups A (larger) and B, test rows follow their cluster', () => {
    const rng = createRng(2)
    const L = 20
    const cohorts: ('train' | 'test')[] = [...Array(14).fill('train'), ...Array(4).fill('test')]
    const cluster = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1]
    const lat = new Float32Array(18 * L)
    for (let i = 0; i < 18; i++) for (let f = 0; f < L; f++) lat[i * L + f] = (cluster[i] ? (f % 2 ? 3 : -3) : f % 2 ? -3 : 3) + 0.3 * rng.normal()
    const g = latentGroups(lat, L, cohorts, 2)
    expect(g.sizes).toEqual([{ name: 'A', size: 8 }, { name: 'B', size: 6 }])
    expect(g.train).toEqual(cluster.slice(0, 14).map((c) => (c ? 'B' : 'A')))
    expect(g.test).toEqual(['A', 'B', 'A', 'B'])
  })

  it('C-index of a risk head and of a Cox model on latent PCs that carry the risk', () => {
    const rng = createRng(3)
    const n = 40, L = 10
    const risk = Array.from({ length: n }, () => rng.normal())
    const time = risk.map((r) => -Math.log(1 - rng.next()) * Math.exp(-2.5 * r))
    const event = risk.map(() => (rng.next() < 0.8 ? 1 : 0))
    // like real latents, the risk is spread over several correlated features (6 of 10)
    const lat = new Float32Array(n * L).map((_, q) => (q % L < 6 ? risk[Math.floor(q / L)] * (1 + (q % L) / 6) : 0) + 0.3 * rng.normal())
    const cohorts: ('train' | 'test')[] = risk.map((_, i) => (i < 30 ? 'train' : 'test'))
    const head = latentCIndex(lat, L, cohorts, time, event, Float32Array.from(risk))
    const cox = latentCIndex(lat, L, cohorts, time, event, null, 2)
    expect(head.source).toBe('risk head')
    expect(cox.source).toBe('cox on 2 principal components')
    expect(head.train).toBeGreaterThan(0.65)
    expect(Math.abs(cox.train - head.train)).toBeLessThan(0.1)
  })
})
