// The study's four groupings, each from its engine:
// - hrf: consensus clustering (ConsensusClusterPlus semantics, src/core/cluster) of the
//   centre-scaled handcrafted features of all patients (the paper; or of the training cohort,
//   testing patients then by nearest centroid), k from the data (delta area of the consensus
//   CDF, or PAC) or fixed by the plan;
// - cae / hscae: latent vectors of the deep models (src/core/deep) clustered
//   hierarchically (Pearson, average, centre-scaled), testing patients by nearest centroid,
//   with each patient's Grad-CAM map of the trained model (deep_cams.ts);
// - rna: consensus clustering (the plan's resamplings, item fraction, distance and linkage)
//   of the most variable genes after ComBat-seq + voom (or voom + ComBat; src/core/omics).
// Groups are named A = most numerous, then B, C….

import type { JobContext } from '../job.ts'
import { subContext } from '../job.ts'
import { assignNearestCentroid, columnStats, consensusCluster, nameGroups, scaleColumns, type ConsensusResult, type FeatureMatrix } from '../cluster/index.ts'
import { latentGroups, latentCIndex } from './deep_latents.ts'
// the deep models (tfjs) are loaded when one is trained, not with this module (CLI startup)
import type { DeepSample, TrainOptions, TrainResult } from '../deep/train.ts'
import { deepCams, type DeepCams } from './deep_cams.ts'

/** Trains a deep model (default: tfjs on the current backend, in this thread). */
export type DeepTrainer = (samples: DeepSample[], options: TrainOptions, ctx?: JobContext) => Promise<TrainResult>
import { molecularGroups, normalisedExpression, type ExpressionMatrix } from '../omics/workflow.ts'
import type { CountMatrix } from '../cohort/cohort.ts'
import type { AnalysisPlan } from './plan.ts'

export interface HrfGroups {
  groups: Record<string, string>
  k: number
  suggestedK: number
  suggestedReason: string
  /** PAC and delta area per k, for the report */
  pac: Record<string, number>
  deltaArea: Record<string, number>
  /** clustered items' consensus CDF per k (x = 0.01…1) */
  cdf: Record<string, number[]>
  droppedFeatures: string[]
  /** which patients were clustered: all (the paper) or the training cohort (testing patients then by nearest centroid) */
  population?: 'all' | 'train'
  /** patients and features that entered the consensus clustering */
  clustered?: { patients: number; features: number }
}

/** Smallest relative gain in consensus-CDF area that still counts as a gain when k is chosen by delta area. */
export const DELTA_AREA_GAIN = 0.2

/**
 * k from the data. 'delta-area' (the consensus CDF's reading in Monti et al. 2003 and
 * ConsensusClusterPlus): the largest k whose CDF area still grows by at least DELTA_AREA_GAIN
 * (20 %) over k − 1 — past it the CDF stops changing shape — and k = 2 when no k ≥ 3 does.
 * 'pac' (Șenbabaoğlu et al. 2014): the engine's lowest proportion of ambiguous clustering.
 */
export function chooseK(res: Pick<ConsensusResult, 'perK' | 'deltaArea' | 'suggestedK' | 'suggestedReason'>, criterion: 'delta-area' | 'pac'): { k: number; reason: string } {
  if (criterion === 'pac') return { k: res.suggestedK, reason: res.suggestedReason }
  let k = 2
  for (const x of res.perK) if (x.k >= 3 && res.deltaArea[x.k - 2] >= DELTA_AREA_GAIN) k = x.k
  const list = res.perK.filter((x) => x.k >= 3).map((x) => `${x.k}: ${res.deltaArea[x.k - 2].toFixed(3)}`).join(', ')
  return { k, reason: `k = ${k}: ${k === 2 ? 'no k ≥ 3 grows' : `the largest k whose consensus CDF area grows`} by at least ${100 * DELTA_AREA_GAIN} % over k − 1 (delta area per k: ${list}); PAC per k: ${res.perK.map((x) => `${x.k}: ${x.pac.toFixed(3)}`).join(', ')}` }
}

/** analysis.json `hrfK`: the chosen k, by which criterion, and the per-k values it was chosen from. */
export interface HrfK {
  k: number
  /** 'delta-area' or 'PAC' (from the data, plan.consensus.kCriterion; chooseK) or 'plan' (consensus.k fixed) */
  criterion: 'delta-area' | 'PAC' | 'plan'
  suggestedK: number
  reason: string
  population: 'all' | 'train'
  patients: number
  features: number
  perK: { k: number; pac: number; deltaArea: number; cdfArea: number; sizes: number[] }[]
}

export function hrfKSummary(h: Omit<HrfGroups, 'groups'> & { groups?: Record<string, string> }, plan: AnalysisPlan): HrfK {
  const ks = Object.keys(h.pac).map(Number).sort((a, b) => a - b)
  const area = (k: number) => {
    // CDF area as CCP's histogram sum: the CDF at the 100 bin ends, times the bin width
    const c = h.cdf[k] ?? []
    return c.reduce((s, v) => s + v, 0) / Math.max(1, c.length)
  }
  const sizes = (k: number) => (k === h.k && h.groups ? [...new Set(Object.values(h.groups))].sort().map((g) => Object.values(h.groups!).filter((x) => x === g).length) : [])
  return {
    k: h.k,
    criterion: plan.consensus.k === 'auto' ? ((plan.consensus.kCriterion ?? 'delta-area') === 'pac' ? 'PAC' : 'delta-area') : 'plan',
    suggestedK: h.suggestedK,
    reason: plan.consensus.k === 'auto' ? h.suggestedReason : `k = ${plan.consensus.k} fixed by the plan (consensus.k); the data would suggest k = ${h.suggestedK}: ${h.suggestedReason}`,
    population: h.population ?? 'train',
    patients: h.clustered?.patients ?? NaN,
    features: h.clustered?.features ?? NaN,
    perK: ks.map((k) => ({ k, pac: h.pac[k], deltaArea: h.deltaArea[k], cdfArea: area(k), sizes: sizes(k) })),
  }
}

function rowsOf(m: Float64Array, p: number, idx: number[]): FeatureMatrix {
  const data = new Float64Array(idx.length * p)
  idx.forEach((r, i) => data.set(m.subarray(r * p, (r + 1) * p), i * p))
  return { nItems: idx.length, nFeatures: p, data }
}

/** Drop features that are constant or non-finite in the training rows (they cannot be scaled). */
function usableColumns(m: FeatureMatrix): number[] {
  const keep: number[] = []
  for (let j = 0; j < m.nFeatures; j++) {
    let min = Infinity, max = -Infinity, finite = true
    for (let i = 0; i < m.nItems; i++) {
      const v = m.data[i * m.nFeatures + j]
      if (!Number.isFinite(v)) finite = false
      if (v < min) min = v
      if (v > max) max = v
    }
    if (finite && max > min) keep.push(j)
  }
  return keep
}

function selectColumns(m: FeatureMatrix, cols: number[]): FeatureMatrix {
  const data = new Float64Array(m.nItems * cols.length)
  for (let i = 0; i < m.nItems; i++) for (let c = 0; c < cols.length; c++) data[i * cols.length + c] = m.data[i * m.nFeatures + cols[c]]
  return { nItems: m.nItems, nFeatures: cols.length, data }
}

/**
 * h-RF consensus groups. As the paper, every patient (training and testing) is clustered
 * (plan.consensus.population 'all'); with 'train' only the training cohort is, and testing
 * patients take the nearest centroid. k is chosen from the data (chooseK) unless the plan fixes it.
 */
export function hrfGroups(ids: string[], cohort: ('train' | 'test')[], columns: string[], features: Float64Array, plan: AnalysisPlan, ctx?: JobContext, keepColumn?: (name: string) => boolean): HrfGroups {
  const p = columns.length
  const population = plan.consensus.population ?? 'all'
  const all = ids.map((_, i) => i)
  const train = population === 'all' ? all : all.filter((i) => cohort[i] === 'train')
  const test = population === 'all' ? [] : all.filter((i) => cohort[i] === 'test')
  const trainAll = rowsOf(features, p, train)
  const cols = usableColumns(trainAll).filter((j) => !keepColumn || keepColumn(columns[j]))
  const trainM = selectColumns(trainAll, cols)
  const stats = columnStats(trainM)
  const scaled = scaleColumns(trainM, { center: true, scale: true }, stats)
  const c = plan.consensus
  const res: ConsensusResult = consensusCluster(scaled, { maxK: c.maxK, reps: c.reps, pItem: c.pItem, pFeature: c.pFeature, distance: c.distance, innerLinkage: c.linkage, finalLinkage: c.linkage, seed: plan.seed }, ctx)
  const auto = chooseK(res, c.kCriterion ?? 'delta-area')
  const k = c.k === 'auto' ? auto.k : c.k
  const perK = res.perK.find((x) => x.k === k)!
  const naming = nameGroups(perK.clusters)
  const groups: Record<string, string> = {}
  train.forEach((r, i) => (groups[ids[r]] = naming.names[i]))
  if (test.length) {
    const testM = scaleColumns(selectColumns(rowsOf(features, p, test), cols), { center: true, scale: true }, stats)
    const a = assignNearestCentroid(scaled, perK.clusters, testM, c.distance)
    test.forEach((r, i) => (groups[ids[r]] = naming.byLabel.get(a.assigned[i])!))
  }
  const pac: Record<string, number> = {}, deltaArea: Record<string, number> = {}, cdf: Record<string, number[]> = {}
  for (const x of res.perK) {
    pac[x.k] = x.pac
    cdf[x.k] = Array.from(x.cdf)
    deltaArea[x.k] = res.deltaArea[x.k - 2]
  }
  return { groups, k, suggestedK: auto.k, suggestedReason: auto.reason, pac, deltaArea, cdf, droppedFeatures: columns.filter((_, j) => !cols.includes(j)), population, clustered: { patients: train.length, features: cols.length } }
}

export interface DeepGroups {
  model: 'cae' | 'hscae'
  groups: Record<string, string>
  backend?: string
  /** heldOutRelativeMsePercent: each repeat's held-out reconstruction error (the paper's ST1 per repeat; absent from older results) */
  metrics: { relativeMsePercent: TrainResult['relativeMsePercent']; mse: TrainResult['mse']; cindex: { train: number; test: number; source: string }; seconds: number; latentSize: number; heldOutRelativeMsePercent?: number[] }
  /** how the repeats were combined (absent from older results: warm-start, constant learning rate) */
  cv?: TrainResult['cv']
  /** HSCAE risk or CAE-PC Cox linear predictor per patient */
  risk: Record<string, number>
  history: { repeat: number; epoch: number; loss: number; validationMse: number }[]
  /** Grad-CAM of the trained model per patient (absent in results cached before it was kept) */
  cam?: DeepCams
}

/** Train one deep model on the mid-tumour slices and group its latent vectors. */
export async function deepGroups(model: 'cae' | 'hscae', ids: string[], cohort: ('train' | 'test')[], slices: DeepSample['slice'][], time: ArrayLike<number>, event: ArrayLike<number>, plan: AnalysisPlan, ctx?: JobContext, train: DeepTrainer = async (s, o, c) => (await import('../deep/train.ts')).trainDeepModel(s, o, c), opts: { cams?: boolean } = {}): Promise<DeepGroups> {
  const samples: DeepSample[] = ids.map((id, i) => ({ id, cohort: cohort[i], slice: slices[i], time: time[i], event: event[i] }))
  const d = plan.deep
  const { defaultArchitecture } = await import('../deep/model.ts')
  const architecture = defaultArchitecture({ model, size: d.size, latentSize: d.latent, lambda: d.lambda, seed: plan.seed, batchSize: d.batch, learningRate: d.learningRate })
  const cv = d.cv ?? 'warm-start'
  const r = await train(samples, { architecture, epochs: d.epochs, repeats: d.repeats, views: d.views, cv, ...(cv === 'independent' ? { aggregate: d.aggregate ?? 'train-mean' } : {}), lrSchedule: d.lrSchedule ?? 'constant' }, subContext(ctx, 0, 0.95))
  const cam = opts.cams === false ? undefined : await deepCams(r, samples, subContext(ctx, 0.95, 1))
  const g = latentGroups(r.latents, r.latentSize, r.cohorts, d.k)
  const c = latentCIndex(r.latents, r.latentSize, r.cohorts, time, event, r.risk)
  const groups: Record<string, string> = {}
  const risk: Record<string, number> = {}
  let tr = 0, te = 0
  r.ids.forEach((id, i) => {
    groups[id] = r.cohorts[i] === 'train' ? g.train[tr++] : g.test[te++]
    risk[id] = c.risk[i]
  })
  return {
    model,
    groups,
    metrics: { relativeMsePercent: r.relativeMsePercent, mse: r.mse, cindex: { train: c.train, test: c.test, source: c.source }, seconds: r.seconds, latentSize: r.latentSize, heldOutRelativeMsePercent: r.heldOutRelativeMsePercent },
    cv: r.cv,
    risk,
    history: r.history.map((h) => ({ repeat: h.repeat, epoch: h.epoch, loss: h.loss, validationMse: h.validationMse })),
    cam,
  }
}

export interface RnaGroups {
  groups: Record<string, string>
  pac: number
  genesUsed: number
  corrected: boolean
  /** the normalisation steps that ran, in order (ExpressionMatrix.steps) */
  steps: string[]
}

/** voom log-CPM of the counts, batch-corrected when the plan says so: ComBat-seq on the counts before voom (default) or ComBat after. */
export function rnaExpression(counts: CountMatrix, batch: string[] | undefined, plan: AnalysisPlan, ctx?: JobContext): ExpressionMatrix {
  return normalisedExpression(counts, { filter: plan.rna.filter, batch: plan.rna.combat ? batch : undefined, batchMethod: plan.rna.batchMethod ?? 'combat-seq' }, ctx)
}

/** Transcriptomic consensus groups of the samples with RNA-seq (on rnaExpression's matrix). */
export function rnaGroups(x: ExpressionMatrix, plan: AnalysisPlan, ctx?: JobContext): RnaGroups {
  const c = plan.consensus
  const m = molecularGroups(x, { topGenes: plan.rna.topGenes, k: plan.rna.k, reps: c.reps, pItem: c.pItem, pFeature: c.pFeature, distance: c.distance, linkage: c.linkage, seed: plan.seed }, ctx)
  const naming = nameGroups(m.clusters)
  const groups: Record<string, string> = {}
  x.samples.forEach((s, i) => (groups[s] = naming.names[i]))
  return { groups, pac: m.pac, genesUsed: m.genesUsed.length, corrected: x.corrected, steps: x.steps ?? [] }
}
