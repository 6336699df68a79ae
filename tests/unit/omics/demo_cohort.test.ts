// On the demo cohort (src/core/demo), the planted molecular groups are recovered by
// consensus clustering of the most variable genes after voom + ComBat, and after ComBat-seq + voom
// (the paper's order) (ARI ≥ 0.8), and the
// planted Hallmark pathways come out enriched in the right direction.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { generateDemoCohort } from '../../../src/core/demo/index.ts'
import { adjustedRandIndex } from '../../../src/core/cluster/index.ts'
import { characteriseGroup, molecularGroups, normalisedExpression } from '../../../src/core/omics/workflow.ts'
import { singleCollection } from '../../../src/core/omics/collections.ts'
import { parseGmt } from '../../../src/core/omics/gmt.ts'
import { HALLMARK_GMT, haveData } from '../shared_data.ts'

describe('demo cohort: transcriptomic groups and pathways', () => {
  const demo = generateDemoCohort({ seed: 7, patients: 225 })
  const batch = demo.counts.samples.map((s) => demo.samples.find((x) => x.sample === s)!.batch)
  const truth = demo.counts.samples.map((s) => demo.truth.rnaGroup[s])
  const x = normalisedExpression(demo.counts, { filter: 'expr', batch })
  const groups = molecularGroups(x, { topGenes: 1000, k: 2, reps: 100, seed: 11 })

  it('recovers the planted groups (ARI ≥ 0.8)', () => {
    expect(x.corrected).toBe(true)
    const ari = adjustedRandIndex(groups.clusters, truth)
    expect(ari).toBeGreaterThanOrEqual(0.8)
  })

  it('in the paper\'s order too: ComBat-seq on the counts, then TMM + voom (ARI ≥ 0.8)', () => {
    const t0 = performance.now()
    const xs = normalisedExpression(demo.counts, { filter: 'expr', batch, batchMethod: 'combat-seq' })
    const seconds = (performance.now() - t0) / 1000
    expect(xs.steps).toEqual(['filterByExpr', 'ComBat-seq on counts', 'TMM', 'voom'])
    expect(x.steps).toEqual(['filterByExpr', 'TMM', 'voom', 'ComBat on log-CPM (parametric)'])
    const g = molecularGroups(xs, { topGenes: 1000, k: 2, reps: 100, seed: 11 })
    expect(adjustedRandIndex(g.clusters, truth)).toBeGreaterThanOrEqual(0.8)
    expect(seconds).toBeLessThan(60)
  })

  it.skipIf(!haveData('planted Hallmark pathways', HALLMARK_GMT))('finds the planted Hallmark pathways enriched with their direction', () => {
    // name each cluster by its majority planted group
    const label = groups.clusters.map((c) => {
      const members = truth.filter((_, i) => groups.clusters[i] === c)
      return members.filter((g) => g === 'G2').length > members.length / 2 ? 'G2' : 'G1'
    })
    const sets = parseGmt(readFileSync(HALLMARK_GMT, 'utf8'))
    const r = characteriseGroup(x, label, 'G2', 'G1', singleCollection(sets, 'hallmark'), { pamGenes: 500, folds: 5 })
    const upSig = new Set(r.up.filter((e) => e.adjP < 0.05).map((e) => e.set))
    const downSig = new Set(r.down.filter((e) => e.adjP < 0.05).map((e) => e.set))
    for (const s of demo.truth.pathways.up) expect(upSig.has(s), `${s} up`).toBe(true)
    for (const s of demo.truth.pathways.down) expect(downSig.has(s), `${s} down`).toBe(true)
    expect(r.pam.keptGenes.length).toBeGreaterThan(0)
    expect(Math.min(...r.pam.cvErrors)).toBeLessThan(0.1 * label.length)
  })
})
