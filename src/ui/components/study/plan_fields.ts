// The analysis plan as form fields: one descriptor per setting of AnalysisPlan
// (src/core/study/plan.ts), grouped in the paper's order, with bounds for validation.
// The form reads and writes the plan through `getSetting` / `setSetting` by path.

import type { AnalysisPlan } from '../../../core/study/plan.ts'
import { PRESET_NAMES } from '../../../core/radiomics/presets.ts'

export type FieldKind = 'int' | 'num' | 'bool' | 'select' | 'text' | 'vec' | 'multi' | 'kauto'

export interface PlanField {
  path: string
  label: string
  kind: FieldKind
  options?: string[]
  min?: number
  max?: number
  step?: number
  /** vector length (kind 'vec') */
  length?: number
  hint?: string
}

export interface PlanSection {
  title: string
  fields: PlanField[]
  note?: string
}

export const PLAN_SECTIONS: PlanSection[] = [
  { title: 'Run', fields: [{ path: 'seed', label: 'seed', kind: 'int', min: 0, hint: 'every stochastic step derives its stream from it' }] },
  {
    title: 'Cohort split',
    note: "The cohort's own train/test column is used; when it has no testing patient, a seeded random testing cohort of this proportion is drawn.",
    fields: [
      { path: 'split.train', label: 'training patients', kind: 'int', min: 0 },
      { path: 'split.test', label: 'testing patients', kind: 'int', min: 0 },
    ],
  },
  {
    title: 'Preprocessing',
    fields: [
      { path: 'preprocess.enabled', label: 'preprocess the images', kind: 'bool' },
      { path: 'preprocess.spacing', label: 'voxel spacing (mm)', kind: 'vec', length: 3, min: 0.01, step: 0.1 },
      { path: 'preprocess.n4', label: 'N4 bias-field correction', kind: 'bool' },
      { path: 'preprocess.n4Shrink', label: 'N4 shrink factor', kind: 'int', min: 1, max: 16 },
      { path: 'preprocess.n4Levels', label: 'N4 fitting levels', kind: 'int', min: 1, max: 8 },
      { path: 'preprocess.n4Iterations', label: 'N4 iterations per level', kind: 'int', min: 1, max: 1000 },
      { path: 'preprocess.matchHistogram', label: 'histogram matching to the reference patient', kind: 'bool' },
      { path: 'preprocess.rescale', label: 'rescale to [min, max]', kind: 'vec', length: 2 },
    ],
  },
  {
    title: 'Handcrafted radiomics',
    fields: [
      { path: 'radiomics.preset', label: 'preset', kind: 'select', options: PRESET_NAMES },
      { path: 'radiomics.greyLevels', label: 'grey levels (fixed bin number)', kind: 'int', min: 2, max: 4096 },
      { path: 'radiomics.sequences', label: 'sequences', kind: 'multi', options: ['t1', 't2', 'ce_t1'] },
    ],
  },
  {
    title: 'ICC filter (repeated segmentations)',
    note: 'Uses each patient’s second segmentation: manifest column mask2, or a mask2 / mask_2 / seg2 file in the patient’s folder (the Cohort page counts the patients with one). The ICC is computed on the patients that have one (at least 2); the run’s warnings say how many features were kept and dropped, and name any second mask left out (empty, other grid). The Radiomics page has the ICC panel for two feature tables.',
    fields: [
      { path: 'icc.enabled', label: 'keep features with ICC ≥ threshold', kind: 'bool' },
      { path: 'icc.threshold', label: 'ICC threshold', kind: 'num', min: 0, max: 1, step: 0.01 },
      { path: 'icc.model', label: 'ICC model', kind: 'select', options: ['2,1', '3,1'] },
    ],
  },
  {
    title: 'Consensus clustering (h-RF; resamplings also cap the RNA clustering at 1,000)',
    fields: [
      { path: 'consensus.reps', label: 'resamplings', kind: 'int', min: 1, max: 100000 },
      { path: 'consensus.pItem', label: 'pItem (fraction of patients)', kind: 'num', min: 0.05, max: 1, step: 0.05 },
      { path: 'consensus.pFeature', label: 'pFeature (fraction of features)', kind: 'num', min: 0.05, max: 1, step: 0.05 },
      { path: 'consensus.distance', label: 'distance', kind: 'select', options: ['pearson', 'spearman', 'euclidean', 'manhattan'] },
      { path: 'consensus.linkage', label: 'linkage', kind: 'select', options: ['average', 'complete', 'single', 'ward.D2'] },
      { path: 'consensus.maxK', label: 'largest k', kind: 'int', min: 2, max: 12 },
      { path: 'consensus.k', label: 'k', kind: 'kauto', options: ['auto', '2', '3', '4', '5', '6', '7', '8'] },
    ],
  },
  {
    title: 'Deep radiomics (CAE and HSCAE)',
    fields: [
      { path: 'deep.enabled', label: 'train CAE and HSCAE', kind: 'bool' },
      { path: 'deep.size', label: 'slice size (pixels)', kind: 'int', min: 16, max: 256, step: 16 },
      { path: 'deep.epochs', label: 'epochs', kind: 'int', min: 1, max: 1000 },
      { path: 'deep.repeats', label: 'cross-validation repeats', kind: 'int', min: 1, max: 1000 },
      { path: 'deep.latent', label: 'latent features', kind: 'int', min: 2, max: 4096 },
      { path: 'deep.lambda', label: 'HSCAE Cox weight λ', kind: 'num', min: 0, step: 0.1 },
      { path: 'deep.k', label: 'groups (k)', kind: 'int', min: 2, max: 8 },
      { path: 'deep.batch', label: 'batch size', kind: 'int', min: 1, max: 256 },
      { path: 'deep.learningRate', label: 'Adam learning rate', kind: 'num', min: 0, step: 0.0005 },
      { path: 'deep.views', label: 'views per patient per epoch (slice + augmentations)', kind: 'int', min: 1, max: 16 },
    ],
  },
  {
    title: 'Transcriptomics',
    fields: [
      { path: 'rna.combat', label: 'batch correction', kind: 'bool' },
      { path: 'rna.batchMethod', label: 'batch correction order', kind: 'select', options: ['combat-seq', 'combat'], hint: 'combat-seq: ComBat-seq on the counts, then TMM + voom (the paper: ComBat, then voom); combat: voom, then ComBat on the log-CPM' },
      { path: 'rna.filter', label: 'gene filter', kind: 'select', options: ['none', 'zero', 'expr'] },
      { path: 'rna.topGenes', label: 'most variable genes', kind: 'int', min: 10, max: 60000 },
      { path: 'rna.k', label: 'groups (k)', kind: 'int', min: 2, max: 8 },
    ],
  },
  {
    title: 'SARCULATOR groups',
    fields: [{ path: 'sarculator.thresholds', label: 'predicted 10-year OS thresholds (%)', kind: 'vec', length: 2, min: 0, max: 100 }],
  },
  {
    title: 'Survival and C-indices',
    fields: [
      { path: 'survival.cvFolds', label: 'CV folds', kind: 'int', min: 2, max: 20 },
      { path: 'survival.cvRepeats', label: 'CV repeats', kind: 'int', min: 1, max: 100 },
      { path: 'survival.bootstrap', label: 'bootstrap replicates', kind: 'int', min: 0, max: 100000 },
      { path: 'survival.horizonMonths', label: 'MFS horizon (months)', kind: 'num', min: 1 },
    ],
  },
  {
    title: 'Differential expression and enrichment',
    fields: [
      { path: 'dge.foldChange', label: '|fold change| ≥', kind: 'num', min: 1, step: 0.1 },
      { path: 'dge.adjP', label: 'BH-adjusted p <', kind: 'num', min: 0, max: 1, step: 0.01 },
      { path: 'dge.welch', label: 'Welch t-test', kind: 'bool' },
      { path: 'enrichment.gmt', label: 'gene-set collection (shipped file)', kind: 'text' },
      { path: 'enrichment.perm', label: 'GSEA permutations', kind: 'int', min: 1, max: 100000, hint: 'pre-ranked GSEA on the t statistics of the worst group vs the others, beside over-representation' },
      { path: 'pam.folds', label: 'PAM CV folds', kind: 'int', min: 2, max: 20 },
    ],
  },
]

export function getSetting(plan: AnalysisPlan, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], plan)
}

export function setSetting(plan: AnalysisPlan, path: string, value: unknown): void {
  const keys = path.split('.')
  const last = keys.pop()!
  const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, plan as unknown as Record<string, unknown>)
  parent[last] = value
}

/** Every setting outside its bounds, as "label: what is wrong". */
export function planProblems(plan: AnalysisPlan): string[] {
  const out: string[] = []
  const check = (f: PlanField, v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return out.push(`${f.label}: must be a number`)
    if (f.kind === 'int' && !Number.isInteger(v)) return out.push(`${f.label}: must be a whole number`)
    if (f.min !== undefined && v < f.min) return out.push(`${f.label}: must be ≥ ${f.min}`)
    if (f.max !== undefined && v > f.max) return out.push(`${f.label}: must be ≤ ${f.max}`)
  }
  for (const s of PLAN_SECTIONS)
    for (const f of s.fields) {
      const v = getSetting(plan, f.path)
      if (f.kind === 'int' || f.kind === 'num') check(f, v)
      else if (f.kind === 'vec') (v as number[]).forEach((x) => check(f, x))
      else if (f.kind === 'multi' && (v as string[]).length === 0) out.push(`${f.label}: choose at least one`)
      else if (f.kind === 'text' && !String(v).trim()) out.push(`${f.label}: must not be empty`)
    }
  if (plan.consensus.k !== 'auto' && plan.consensus.k > plan.consensus.maxK) out.push('k: must be ≤ the largest k')
  if (plan.sarculator.thresholds[0] >= plan.sarculator.thresholds[1]) out.push('SARCULATOR thresholds: the first must be below the second')
  if (plan.preprocess.rescale[0] >= plan.preprocess.rescale[1]) out.push('rescale: min must be below max')
  return out
}
