// Benchmarks of the cluster engine (see bench/run.ts).
// consensus: reps = 1000, k = 2..6, pItem 0.8, Pearson/average on a 225 × 152
// centre-scaled matrix; Node single thread vs R ConsensusClusterPlus timed in the same
// run (tests/fixtures/cluster/bench_reference.R, when Rscript is available); then
// reps = 10,000 in Node single-thread and split in blocks as the worker pool does.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRng } from '../src/core/random.ts'
import { scaleColumns, distanceMatrix, type FeatureMatrix } from '../src/core/cluster/distance.ts'
import { consensusCluster, consensusCounts, mergeCounts, summariseConsensus, type ConsensusOptions } from '../src/core/cluster/consensus.ts'
import { adjustedRandIndex } from '../src/core/cluster/ari.ts'
import { hclust } from '../src/core/cluster/hclust.ts'

/** 225 patients × 152 features with 4 latent groups (a radiomics-like table), centre-scaled. */
export function benchMatrix(n = 225, p = 152, seed = 2024): { ids: string[]; matrix: FeatureMatrix } {
  const rng = createRng(seed)
  const groups = 4
  const centres = Array.from({ length: groups }, () => Float64Array.from({ length: p }, () => rng.normal()))
  const data = new Float64Array(n * p)
  for (let i = 0; i < n; i++) {
    const g = i % groups
    for (let j = 0; j < p; j++) data[i * p + j] = 0.8 * centres[g][j] + rng.normal() * 1.5 + 3
  }
  const ids = Array.from({ length: n }, (_, i) => `P${String(i + 1).padStart(3, '0')}`)
  return { ids, matrix: scaleColumns({ nItems: n, nFeatures: p, data }) }
}

function writeCsv(file: string, ids: string[], m: FeatureMatrix): void {
  const lines = ['id,' + Array.from({ length: m.nFeatures }, (_, j) => `f${j + 1}`).join(',')]
  for (let i = 0; i < m.nItems; i++) lines.push(ids[i] + ',' + Array.from(m.data.subarray(i * m.nFeatures, (i + 1) * m.nFeatures), (x) => x.toPrecision(17)).join(','))
  fs.writeFileSync(file, lines.join('\n') + '\n')
}

function rAvailable(): boolean {
  try {
    execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(ConsensusClusterPlus))'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const options: ConsensusOptions = { maxK: 6, reps: 1000, pItem: 0.8, pFeature: 1, distance: 'pearson', innerLinkage: 'average', finalLinkage: 'average', seed: 1 }

export const benchmarks: Record<string, () => Promise<object>> = {
  async consensus() {
    const { ids, matrix } = benchMatrix()
    consensusCluster(matrix, { ...options, reps: 20 }) // warm up the JIT
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const ours = consensusCluster(matrix, options)
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(c0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    let reference: { seconds: number; cpuSeconds: number; pac: Record<string, number>; clusters: Record<string, number[]> } | null = null
    if (rAvailable()) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ccp-')), 'bench.csv')
      writeCsv(file, ids, matrix)
      const out = execFileSync('Rscript', ['tests/fixtures/cluster/bench_reference.R', file, '1000', '6', '0.8'], { encoding: 'utf8', maxBuffer: 1 << 26 })
      reference = JSON.parse(out.trim().split('\n').pop()!)
    }
    return {
      task: 'consensus reps=1000 k=2..6 pItem=0.8 pearson/average, 225x152 centre-scaled',
      seconds,
      cpuSeconds,
      referenceSeconds: reference?.seconds ?? null,
      referenceCpuSeconds: reference?.cpuSeconds ?? null,
      reference: reference ? 'R ConsensusClusterPlus (Rscript, same machine, same run)' : 'Rscript/ConsensusClusterPlus not available',
      speedup: reference ? reference.seconds / seconds : null,
      speedupCpu: reference ? reference.cpuSeconds / cpuSeconds : null,
      goal: '>= 10x',
      pac: Object.fromEntries(ours.perK.map((r) => [r.k, r.pac])),
      referencePac: reference?.pac ?? null,
      ariVsReference: reference ? Object.fromEntries(ours.perK.map((r) => [r.k, adjustedRandIndex(r.clusters, reference!.clusters[String(r.k)])])) : null,
      load: os.loadavg(),
    }
  },
  async consensus10k() {
    const { matrix } = benchMatrix()
    const o = { ...options, reps: 10_000 }
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const single = consensusCluster(matrix, o)
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(c0)
    // the worker pool's split: blocks of reps, counts merged (here run one after another)
    const blocks = 8
    const d = distanceMatrix(matrix, o.distance)
    const t1 = performance.now()
    const times: number[] = []
    const parts = Array.from({ length: blocks }, (_, b) => {
      const s = performance.now()
      const c = consensusCounts(matrix, o, Math.floor((b * o.reps) / blocks), Math.floor(((b + 1) * o.reps) / blocks), undefined, d)
      times.push((performance.now() - s) / 1000)
      return c
    })
    const merged = summariseConsensus(mergeCounts(parts), o)
    const splitSeconds = (performance.now() - t1) / 1000
    const identical = merged.perK.every((r, i) => r.clusters.every((c, j) => c === single.perK[i].clusters[j])) && merged.deltaArea.every((x, i) => x === single.deltaArea[i])
    return {
      task: 'consensus reps=10000 k=2..6, 225x152',
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      splitSecondsSequential: splitSeconds,
      blockSeconds: times,
      estimatedPoolSeconds: { workers: blocks, seconds: Math.max(...times) + (splitSeconds - times.reduce((a, b) => a + b, 0)) },
      identicalToSingleThread: identical,
      memoryNote: 'counts are (maxK) n x n Int32 arrays whatever reps',
      load: os.loadavg(),
    }
  },
  async hclust() {
    const { matrix } = benchMatrix(1000, 64)
    const d = distanceMatrix(matrix, 'pearson')
    const t0 = performance.now()
    hclust(d, matrix.nItems, 'average')
    return { task: 'hclust average, 1000 items', seconds: (performance.now() - t0) / 1000 }
  },
}
