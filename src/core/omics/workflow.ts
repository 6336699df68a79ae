// The study's transcriptomic workflow (Crombé, Lucchesi et al. 2024), composed from the
// engine's modules: counts → filterByExpr → TMM → voom log-CPM → ComBat on batch →
// consensus clustering (src/core/cluster) of the samples on the most variable genes →
// characterisation of one group against the other: per-gene t-tests (|FC| ≥ 2, BH),
// over-representation of gene sets among up- and down-regulated genes, and a PAM signature.

import type { CountMatrix } from '../cohort/cohort.ts'
import type { JobContext } from '../job.ts'
import { subContext, throwIfCancelled } from '../job.ts'
import { consensusCluster, type ConsensusOptions } from '../cluster/index.ts'
import { subsetGenes } from './counts.ts'
import { filterGenes, type FilterMethod } from './filter.ts'
import { calcNormFactors, effectiveLibSizes } from './tmm.ts'
import { voom } from './voom.ts'
import { combat } from './combat.ts'
import { interceptDesign } from './design.ts'
import { mostVariableGenes, samplesByGenes } from './variable_genes.ts'
import { geneTTests, type GeneTestRow } from './ttest_genes.ts'
import { overRepresentation, type EnrichmentRow } from './enrichment.ts'
import type { GeneSet } from './gmt.ts'
import { pamTrainCV, type PamResult } from './pam.ts'

export interface ExpressionOptions {
  filter?: FilterMethod
  /** batch label per sample (ComBat when given and it has ≥ 2 levels) */
  batch?: string[]
  parametric?: boolean
}

export interface ExpressionMatrix {
  genes: string[]
  samples: string[]
  /** genes × samples, voom log-CPM (batch-corrected when a batch was given) */
  data: Float64Array
  corrected: boolean
}

/** Filtered, TMM-normalised voom log-CPM, ComBat-corrected on batch. */
export function normalisedExpression(counts: CountMatrix, opts: ExpressionOptions = {}, ctx?: JobContext): ExpressionMatrix {
  const keep = filterGenes(counts, opts.filter ?? 'expr')
  const f = subsetGenes(counts, keep)
  const tmm = calcNormFactors(f)
  const v = voom(f, interceptDesign(f.samples.length), effectiveLibSizes(tmm))
  ctx?.progress?.(0.4, 'voom')
  throwIfCancelled(ctx)
  const batches = new Set(opts.batch ?? [])
  if (opts.batch && batches.size >= 2) {
    const cb = combat(v.E, v.genes.length, opts.batch, { parametric: opts.parametric ?? true }, subContext(ctx, 0.4, 1))
    return { genes: v.genes, samples: v.samples, data: cb.data, corrected: true }
  }
  return { genes: v.genes, samples: v.samples, data: v.E, corrected: false }
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
  up: EnrichmentRow[]
  down: EnrichmentRow[]
  pam: PamResult
}

/** Characterise `target` against `reference`: t-tests, ORA of up/down genes, PAM signature. */
export function characteriseGroup(
  x: ExpressionMatrix, group: string[], target: string, reference: string, sets: GeneSet[],
  opts: { welch?: boolean; fcThreshold?: number; alpha?: number; folds?: number; seed?: number; pamGenes?: number } = {}, ctx?: JobContext,
): GroupCharacterisation {
  const tests = geneTTests(x.data, x.genes, group, reference, target, opts)
  ctx?.progress?.(0.2, 't-tests')
  const universe = x.genes
  const up = overRepresentation(tests.filter((t) => t.direction === 'up').map((t) => t.gene), universe, sets)
  const down = overRepresentation(tests.filter((t) => t.direction === 'down').map((t) => t.gene), universe, sets)
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
