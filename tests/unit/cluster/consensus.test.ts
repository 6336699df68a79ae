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
  type ConsensusOptions,
  type ConsensusResult,
} from '../../../src/core/cluster/consensus.ts'
import { adjustedRandIndex } from '../../../src/core/cluster/ari.ts'
import { distanceMatrix } from '../../../src/core/cluster/distance.ts'
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
    expect(Array.from(merged.cosampled)).toEqual(Array.from(whole.cosampled))
    for (let k = 0; k < 3; k++) expect(Array.from(merged.together[k])).toEqual(Array.from(whole.together[k]))
    const a = summariseConsensus(merged, o), b = summariseConsensus(whole, o)
    expect(a.perK.map((x) => Array.from(x.clusters))).toEqual(b.perK.map((x) => Array.from(x.clusters)))
    expect(a.deltaArea).toEqual(b.deltaArea)
  })
  it('memory does not grow with reps: n × n counts', () => {
    const c = consensusCounts(matrix, { ...o, reps: 5 })
    expect(c.cosampled.length).toBe(60 * 60)
    expect(c.together.length).toBe(3)
  })
  it('the same seed gives the same result, another seed other subsamples', () => {
    const a = consensusCounts(matrix, { ...o, reps: 10 })
    const b = consensusCounts(matrix, { ...o, reps: 10 })
    const c = consensusCounts(matrix, { ...o, reps: 10, seed: 100 })
    expect(Array.from(a.together[0])).toEqual(Array.from(b.together[0]))
    expect(Array.from(a.cosampled)).not.toEqual(Array.from(c.cosampled))
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
