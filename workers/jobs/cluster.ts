// Worker jobs of the cluster engine: thin adapters over src/core/cluster.
// Consensus clustering is split by the UI into blocks of resamplings
// ('cluster.consensusCounts'), whose counts are summed and summarised
// ('cluster.consensusSummarise'); the result equals the single-thread one.
import type { JobTable } from './types.ts'
import type { JobContext } from '../../src/core/job.ts'
import { scaleColumns, distanceMatrix, type DistanceName, type FeatureMatrix } from '../../src/core/cluster/distance.ts'
import { consensusCounts, summariseConsensus, type ConsensusCounts, type ConsensusOptions } from '../../src/core/cluster/consensus.ts'
import { hclust, type Linkage } from '../../src/core/cluster/hclust.ts'
import { cutreeMany } from '../../src/core/cluster/cutree.ts'
import { demoRadiomicFeatures } from '../../src/core/demo/radiomic_features.ts'

const prepared = (m: FeatureMatrix, scale?: boolean): FeatureMatrix => (scale ? scaleColumns(m) : m)

export const jobs = {
  'cluster.demoFeatures': (a: { seed: number; patients: number; ids?: string[]; nFeatures?: number }) => {
    const all = demoRadiomicFeatures(a.seed, a.patients, a.nFeatures ?? 152)
    if (!a.ids) return all
    const keep = new Set(a.ids)
    const rows = all.ids.map((id, i) => (keep.has(id) ? i : -1)).filter((i) => i >= 0)
    return demoRadiomicFeatures(a.seed, a.patients, a.nFeatures ?? 152, rows)
  },
  'cluster.consensusCounts': (a: { matrix: FeatureMatrix; scale?: boolean; options: ConsensusOptions; from: number; to: number }, ctx: JobContext): ConsensusCounts => {
    const m = prepared(a.matrix, a.scale)
    const dist = a.options.pFeature < 1 ? undefined : distanceMatrix(m, a.options.distance)
    return consensusCounts(m, a.options, a.from, a.to, ctx, dist)
  },
  'cluster.consensusSummarise': (a: { counts: ConsensusCounts; options: ConsensusOptions }) => summariseConsensus(a.counts, a.options),
  'cluster.hclust': (a: { matrix: FeatureMatrix; scale?: boolean; distance: DistanceName; linkage: Linkage; ks?: number[] }) => {
    const m = prepared(a.matrix, a.scale)
    const tree = hclust(distanceMatrix(m, a.distance), m.nItems, a.linkage)
    return { tree, cuts: Object.fromEntries(cutreeMany(tree, a.ks ?? [])) }
  },
} satisfies JobTable
