// Consensus clustering against Bioconductor ConsensusClusterPlus 1.62
// (tests/fixtures/cluster/make_fixtures.R, reps = 1000, pItem 0.8, Pearson, average).
// 1. Deterministic part, exact: from R's own consensus matrices our final clustering,
//    tree, CDF area, PAC, cluster and item consensus equal CCP's.
// 2. Whole run with our random streams: labels ARI ≥ 0.95 for k = 2..5 on the
//    well-separated fixture, PAC and delta area within 0.02 of R's.
import { describe, expect, it } from 'vitest'
import {
  consensusCluster,
  consensusCounts,
  mergeCounts,
  summariseConsensus,
  summariseConsensusMatrix,
  deltaAreas,
  togetherCounts,
  cosampledCount,
  drawSubsample,
  type ConsensusOptions,
  type ConsensusResult,
} from '../../../src/core/cluster/consensus.ts'
import { adjustedRandIndex } from '../../../src/core/cluster/ari.ts'
import { distanceMatrix } from '../../../src/core/cluster/distance.ts'
import { hclust } from '../../../src/core/cluster/hclust.ts'
import { cutree } from '../../../src/core/cluster/cutree.ts'
import { num, readJson, readMatrix } from './fixtures.ts'

interface RK {
  clusters: number[]
  order: number[]
  height: string[]
  consensus: string[]
  cdf: string[]
  area: string
  pac: string
  clusterConsensus: string[]
  itemConsensus: { cluster: number[]; item: string[]; value: string[] }
}
interface RRun { n: number; reps: number; maxK: number; seed: number; deltaArea: string[]; k: Record<string, RK>; truth: number[] }
const ref = readJson<{ separated: RRun; moderate: RRun }>('consensus_reference.json')

const options = (r: RRun, seed: number): ConsensusOptions => ({
  maxK: r.maxK,
  reps: r.reps,
  pItem: 0.8,
  pFeature: 1,
  distance: 'pearson',
  innerLinkage: 'average',
  finalLinkage: 'average',
  seed,
})

for (const name of ['separated', 'moderate'] as const) {
  const r = ref[name]
  const { ids, matrix } = readMatrix(`consensus_${name}.csv`)

  describe(`${name}: summaries from R's consensus matrices equal CCP's`, () => {
    const areas: number[] = []
    for (const [ks, rk] of Object.entries(r.k)) {
      it(`k = ${ks}`, () => {
        const k = Number(ks)
        const n = r.n
        // R's matrix is column-major; it is symmetric, so the layout is the same
        const m = Float64Array.from(num(rk.consensus))
        const s = summariseConsensusMatrix(m, n, k, 'average')
        expect(Array.from(s.clusters)).toEqual(rk.clusters)
        expect(Array.from(s.tree.order)).toEqual(rk.order)
        num(rk.height).forEach((h, i) => expect(Math.abs(s.tree.height[i] - h)).toBeLessThan(1e-10))
        num(rk.cdf).forEach((c, i) => expect(s.cdf[i]).toBeCloseTo(c, 14))
        expect(Math.abs(s.area - Number(rk.area))).toBeLessThan(1e-12)
        expect(s.pac).toBe(Number(rk.pac))
        num(rk.clusterConsensus).forEach((c, i) => expect(Math.abs(s.clusterConsensus[i] - c)).toBeLessThan(1e-12))
        // CCP's item consensus: every item against every cluster
        const idx = new Map(ids.map((id, i) => [id, i]))
        rk.itemConsensus.value.forEach((v, t) => {
          const i = idx.get(rk.itemConsensus.item[t])!
          const c = rk.itemConsensus.cluster[t]
          expect(Math.abs(s.itemConsensusAll[i * k + c - 1] - Number(v))).toBeLessThan(1e-12)
        })
        areas[k - 2] = s.area
      })
    }
    it('delta area as CCP computes it', () => {
      num(r.deltaArea).forEach((d, i) => expect(Math.abs(deltaAreas(areas)[i] - d)).toBeLessThan(1e-12))
    })
  })

  describe(`${name}: full run against CCP (different random streams)`, () => {
    let res: ConsensusResult
    it('runs 1000 resamplings', () => {
      res = consensusCluster(matrix, options(r, 20240611))
      expect(res.reps).toBe(1000)
      expect(res.perK.map((x) => x.k)).toEqual([2, 3, 4, 5])
    })
    it('PAC within 0.02 of R for k = 2..5', () => {
      for (const x of res.perK) expect(Math.abs(x.pac - Number(r.k[String(x.k)].pac))).toBeLessThanOrEqual(0.02)
    })
    it('delta area within 0.02 of R for k = 2..5', () => {
      num(r.deltaArea).forEach((d, i) => expect(Math.abs(res.deltaArea[i] - d)).toBeLessThanOrEqual(0.02))
    })
    if (name === 'separated')
      it('clusters for k = 2..5: ARI ≥ 0.95 against CCP', () => {
        for (const x of res.perK) expect(adjustedRandIndex(x.clusters, r.k[String(x.k)].clusters)).toBeGreaterThanOrEqual(0.95)
      })
    else
      it('clusters for k = 2..3 (stable there): ARI ≥ 0.95 against CCP', () => {
        for (const x of res.perK.slice(0, 2)) expect(adjustedRandIndex(x.clusters, r.k[String(x.k)].clusters)).toBeGreaterThanOrEqual(0.95)
      })
  })
}

describe('reproducibility and worker split', () => {
  const { matrix } = readMatrix('consensus_moderate.csv')
  const o: ConsensusOptions = { maxK: 4, reps: 120, pItem: 0.8, pFeature: 1, distance: 'pearson', innerLinkage: 'average', finalLinkage: 'average', seed: 99 }
  it('counts split over blocks of reps (any pool size) equal the single-thread counts', () => {
    const whole = consensusCounts(matrix, o)
    const d = distanceMatrix(matrix, 'pearson')
    const parts = [consensusCounts(matrix, o, 70, 120, undefined, d), consensusCounts(matrix, o, 0, 33, undefined, d), consensusCounts(matrix, o, 33, 70, undefined, d)]
    const merged = mergeCounts(parts)
    expect(merged.reps).toBe(120)
    expect(Array.from(merged.missed)).toEqual(Array.from(whole.missed))
    expect(Array.from(merged.bothMissed)).toEqual(Array.from(whole.bothMissed))
    for (let k = 2; k <= 4; k++) expect(Array.from(togetherCounts(merged, k))).toEqual(Array.from(togetherCounts(whole, k)))
    const a = summariseConsensus(merged, o), b = summariseConsensus(whole, o)
    expect(a.perK.map((x) => Array.from(x.clusters))).toEqual(b.perK.map((x) => Array.from(x.clusters)))
    expect(a.deltaArea).toEqual(b.deltaArea)
  })
  it('counts equal a direct tally of co-sampling and co-clustering (CCP connectivityMatrix)', () => {
    const n = matrix.nItems, reps = 25
    const c = consensusCounts(matrix, { ...o, reps })
    const co = new Int32Array(n * n)
    const tog = [2, 3, 4].map(() => new Int32Array(n * n))
    const d = distanceMatrix(matrix, 'pearson')
    for (let r = 0; r < reps; r++) {
      const { items } = drawSubsample(n, matrix.nFeatures, o, r)
      const sub = new Float64Array(items.length * items.length)
      items.forEach((i, a) => items.forEach((j, b) => (sub[a * items.length + b] = d[i * n + j])))
      const tree = hclust(sub, items.length, 'average')
      for (const k of [2, 3, 4]) {
        const lab = cutree(tree, k)
        for (let a = 0; a < items.length; a++)
          for (let b = a + 1; b < items.length; b++) if (lab[a] === lab[b]) tog[k - 2][items[a] * n + items[b]]++
      }
      for (let a = 0; a < items.length; a++) for (let b = a + 1; b < items.length; b++) co[items[a] * n + items[b]]++
    }
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(cosampledCount(c, i, j)).toBe(co[i * n + j])
    for (const k of [2, 3, 4]) expect(Array.from(togetherCounts(c, k))).toEqual(Array.from(tog[k - 2]))
  })
  it('memory does not grow with reps: n × n counts', () => {
    const c = consensusCounts(matrix, { ...o, reps: 5 })
    expect(c.bothMissed.length).toBe(60 * 60)
    expect(c.lastTogether.length).toBe(3)
    expect(c.lastTogether.every((x) => x.length === 60 * 60)).toBe(true)
  })
  it('the same seed gives the same result, another seed other subsamples', () => {
    const a = consensusCounts(matrix, { ...o, reps: 10 })
    const b = consensusCounts(matrix, { ...o, reps: 10 })
    const c = consensusCounts(matrix, { ...o, reps: 10, seed: 100 })
    expect(Array.from(togetherCounts(a, 2))).toEqual(Array.from(togetherCounts(b, 2)))
    expect(Array.from(a.bothMissed)).not.toEqual(Array.from(c.bothMissed))
  })
  it('feature subsampling (pFeature < 1) runs and is reproducible', () => {
    const a = consensusCluster(matrix, { ...o, reps: 20, pFeature: 0.5 })
    const b = consensusCluster(matrix, { ...o, reps: 20, pFeature: 0.5 })
    expect(a.perK[0].clusters).toEqual(b.perK[0].clusters)
    expect(a.suggestedK).toBeGreaterThanOrEqual(2)
    expect(a.suggestedReason).toMatch(/PAC/)
  })
  it('rejects impossible options', () => {
    expect(() => consensusCluster(matrix, { ...o, pItem: 0 })).toThrow(/p-item/)
    expect(() => consensusCluster(matrix, { ...o, maxK: 1 })).toThrow(/max-k/)
  })
})
