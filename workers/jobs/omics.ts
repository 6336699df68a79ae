// Worker jobs of the omics engine: thin adapters over src/core/omics.
import type { JobTable } from './types.ts'
import type { JobContext } from '../../src/core/job.ts'
import type { CountMatrix } from '../../src/core/cohort/cohort.ts'
import { generateDemoCohort } from '../../src/core/demo/index.ts'
import { parseCountMatrix, parseSampleSheet } from '../../src/core/omics/counts.ts'
import { characteriseGroup, molecularGroups, normalisedExpression, type ExpressionMatrix } from '../../src/core/omics/workflow.ts'
import { gseaByCollection, readCollections, type GeneSetCollection } from '../../src/core/omics/collections.ts'
import type { BatchMethod } from '../../src/core/omics/workflow.ts'
import { signatureHeatmap } from '../../src/core/omics/heatmap.ts'
import { rankGenes } from '../../src/core/omics/gsea.ts'
import type { FilterMethod } from '../../src/core/omics/filter.ts'

/** one collection per GMT file, results labelled by it */
const gmtSets = (texts: { name: string; text: string }[]): GeneSetCollection[] => readCollections(texts.map((t) => ({ file: t.name, text: t.text })))

export const jobs = {
  'omics.demoCounts': (a: { seed: number; patients: number }) => {
    const d = generateDemoCohort({ seed: a.seed, patients: a.patients })
    return { counts: d.counts, samples: d.samples, truthGroup: d.counts.samples.map((s) => d.truth.rnaGroup[s]), pathways: d.truth.pathways }
  },
  'omics.parseCounts': (a: { bytes: Uint8Array; name: string }) => parseCountMatrix(a.bytes, a.name),
  'omics.parseSamples': (a: { bytes: Uint8Array; name: string }) => parseSampleSheet(a.bytes, a.name),
  'omics.normalise': (a: { counts: CountMatrix; batch?: string[]; filter?: FilterMethod; parametric?: boolean; batchMethod?: BatchMethod }, ctx: JobContext) =>
    normalisedExpression(a.counts, { batch: a.batch, filter: a.filter, parametric: a.parametric, batchMethod: a.batchMethod }, ctx),
  'omics.groups': (a: { expr: ExpressionMatrix; topGenes: number; k: number; reps: number; seed: number }, ctx: JobContext) => molecularGroups(a.expr, a, ctx),
  'omics.characterise': (
    a: { expr: ExpressionMatrix; group: string[]; target: string; reference: string; gmt: { name: string; text: string }[]; welch?: boolean; fcThreshold?: number; alpha?: number; folds?: number; seed?: number; pamGenes?: number },
    ctx: JobContext,
  ) => {
    const r = characteriseGroup(a.expr, a.group, a.target, a.reference, gmtSets(a.gmt), a, ctx)
    const heatmap = signatureHeatmap(a.expr, a.group, r.pam.keptGenes.slice(0, 200).map((k) => k.gene), [a.reference, a.target])
    return { ...r, heatmap }
  },
  'omics.gsea': (a: { genes: string[]; scores: number[]; gmt: { name: string; text: string }[]; permutations: number; seed: number }, ctx: JobContext) =>
    gseaByCollection(rankGenes(a.genes, a.scores), gmtSets(a.gmt), { permutations: a.permutations, seed: a.seed }, ctx),
} satisfies JobTable
