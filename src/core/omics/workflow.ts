// The study's transcriptomic workflow (Crombé, Lucchesi et al. 2024), composed from the
// engine's modules: counts → filterByExpr → (ComBat-seq on the counts, the paper's order) → TMM →
// voom log-CPM (→ ComBat on the log-CPM, the alternative order) →
// consensus clustering (src/core/cluster) of the samples on the most variable genes →
// characterisation of one group against the other: per-gene t-tests (|FC| ≥ 2, BH),
// over-representation of gene sets among up- and down-regulated genes (per collection), and a PAM signature.

import type { CountMatrix } from '../cohort/cohort.ts'
import type { JobContext } from '../job.ts'
import { subContext, throwIfCancelled } from '../job.ts'
import { consensusCluster, type ConsensusOptions } from '../cluster/index.ts'
import { subsetGenes } from './counts.ts'
import { filterGenes, type FilterMethod } from './filter.ts'
import { calcNormFactors, effectiveLibSizes } from './tmm.ts'
import { voom } from './voom.ts'
import { combat } from './combat.ts'
import { combatSeq } from './combat_seq.ts'
import { interceptDesign } from './design.ts'
import { mostVariableGenes, samplesByGenes } from './variable_genes.ts'
import { geneTTests, type GeneTestRow } from './ttest_genes.ts'
import { oraByCollection, type CollectionEnrichmentRow, type GeneSetCollection } from './collections.ts'
import { pamTrainCV, type PamResult } from './pam.ts'

export interface ExpressionOptions {
  filter?: FilterMethod
  /** batch label per sample (batch correction when given and it has ≥ 2 levels) */
  batch?: string[]
  /**
   * where the batch correction runs: 'combat-seq' = ComBat-seq on the filtered counts, then TMM
   * and voom (Zhang et al. 2020; the paper's "ComBat, then voom"); 'combat' = voom first, then
   * ComBat on the log-CPM (Johnson et al. 2007). Default 'combat'.
   */
  batchMethod?: BatchMethod
  /** parametric ComBat priors ('combat' only) */
  parametric?: boolean
}

export type BatchMethod = 'combat-seq' | 'combat'

export interface ExpressionMatrix {
  genes: string[]
  samples: string[]
  /** genes × samples, voom log-CPM (batch-corrected when a batch was given) */
  data: Float64Array
  corrected: boolean
  /** the steps that ran, in order, for the methods text (e.g. "filterByExpr", "ComBat-seq on counts", "TMM", "voom") */
  steps: string[]
  /** batch-correction notes (genes left unadjusted, mean-only ComBat, …) */
  warnings: string[]
}

/** Filtered, TMM-normalised voom log-CPM, batch-corrected by ComBat-seq (before voom) or ComBat (after). */
export function normalisedExpression(counts: CountMatrix, opts: ExpressionOptions = {}, ctx?: JobContext): ExpressionMatrix {
  const method = opts.filter ?? 'expr'
  const keep = filterGenes(counts, method)
  let f = subsetGenes(counts, keep)
  const steps = method === 'none' ? [] : [method === 'expr' ? 'filterByExpr' : 'genes with a zero count removed']
  const warnings: string[] = []
  const correct = !!opts.batch && new Set(opts.batch).size >= 2
  const seq = correct && opts.batchMethod === 'combat-seq'
  if (seq) {
    const cs = combatSeq(f.data, f.genes.length, opts.batch!, {}, subContext(ctx, 0, 0.4))
    f = { genes: f.genes, samples: f.samples, data: cs.counts }
    steps.push('ComBat-seq on counts')
    warnings.push(...cs.warnings)
  }
  const tmm = calcNormFactors(f)
  const v = voom(f, interceptDesign(f.samples.length), effectiveLibSizes(tmm))
  steps.push('TMM', 'voom')
  ctx?.progress?.(seq ? 0.9 : 0.4, 'voom')
  throwIfCancelled(ctx)
  if (correct && !seq) {
    const cb = combat(v.E, v.genes.length, opts.batch!, { parametric: opts.parametric ?? true }, subContext(ctx, 0.4, 1))
    steps.push(`ComBat on log-CPM (${opts.parametric ?? true ? 'parametric' : 'non-parametric'})`)
    warnings.push(...cb.warnings)
    return { genes: v.genes, samples: v.samples, data: cb.data, corrected: true, steps, warnings }
  }
  return { genes: v.genes, samples: v.samples, data: v.E, corrected: seq, steps, warnings }
}

export interface MolecularGroupsOptions {
  topGenes?: number
  k?: number
  reps?: number
  /** consensus settings (default 0.8, 1, Pearson, average) */
  pItem?: number
  pFeature?: number
  distance?: ConsensusOptions['distance']
  linkage?: ConsensusOptions['innerLinkage']
  seed?: number
}

export interface MolecularGroups {
  /** cluster label 1..k per sample */
  clusters: number[]
  genesUsed: string[]
  k: number
  pac: number
}

/** Consensus clustering (hierarchical, Pearson, average linkage) on the most variable genes. */
export function molecularGroups(x: ExpressionMatrix, opts: MolecularGroupsOptions = {}, ctx?: JobContext): MolecularGroups {
  const n = x.samples.length
  const top = mostVariableGenes(x.data, x.genes.length, n, opts.topGenes ?? 1000)
  const fm = samplesByGenes(x.data, n, top)
  const k = opts.k ?? 2
  const res = consensusCluster(fm, { maxK: Math.max(k, 2), reps: opts.reps ?? 200, pItem: opts.pItem ?? 0.8, pFeature: opts.pFeature ?? 1, distance: opts.distance ?? 'pearson', innerLinkage: opts.linkage ?? 'average', finalLinkage: opts.linkage ?? 'average', seed: opts.seed ?? 1 }, ctx)
  const kk = res.perK.find((p) => p.k === k)!
  return { clusters: Array.from(kk.clusters), genesUsed: top.map((g) => x.genes[g]), k, pac: kk.pac }
}

export interface GroupCharacterisation {
  contrast: [string, string]
  tests: GeneTestRow[]
  /** ORA of the up- / down-regulated genes, per collection (BH within each) */
  up: CollectionEnrichmentRow[]
  down: CollectionEnrichmentRow[]
  pam: PamResult
}

/** Characterise `target` against `reference`: t-tests, ORA of up/down genes per gene-set collection, PAM signature. */
export function characteriseGroup(
  x: ExpressionMatrix, group: string[], target: string, reference: string, collections: GeneSetCollection[],
  opts: { welch?: boolean; fcThreshold?: number; alpha?: number; folds?: number; seed?: number; pamGenes?: number } = {}, ctx?: JobContext,
): GroupCharacterisation {
  const tests = geneTTests(x.data, x.genes, group, reference, target, opts)
  ctx?.progress?.(0.2, 't-tests')
  const universe = x.genes
  const up = oraByCollection(tests.filter((t) => t.direction === 'up').map((t) => t.gene), universe, collections)
  const down = oraByCollection(tests.filter((t) => t.direction === 'down').map((t) => t.gene), universe, collections)
  throwIfCancelled(ctx)
  // PAM on the samples of the two groups, over the most variable genes (as many as asked)
  const idx = group.flatMap((g, i) => (g === target || g === reference ? [i] : []))
  const n = x.samples.length
  const top = mostVariableGenes(x.data, x.genes.length, n, opts.pamGenes ?? x.genes.length)
  const data = new Float64Array(top.length * idx.length)
  top.forEach((g, r) => idx.forEach((i, j) => (data[r * idx.length + j] = x.data[g * n + i])))
  const pam = pamTrainCV(data, top.map((g) => x.genes[g]), idx.map((i) => group[i]), { folds: opts.folds ?? 10, seed: opts.seed ?? 1 }, subContext(ctx, 0.3, 1))
  return { contrast: [target, reference], tests, up, down, pam }
}
