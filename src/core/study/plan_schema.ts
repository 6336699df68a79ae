// The analysis plan's schema: one descriptor per setting of AnalysisPlan (plan.ts) with its
// kind, bounds, label, help text and group, in the paper's order (Crombé, Lucchesi et al.,
// NPJ Precis Oncol 2024, Methods). It is the ONE place the plan's bounds live: the CLI
// (`study --config`, `preprocess-cohort --config`) and the study worker enforce them with
// `validatePlan`, the Study page's form renders from PLAN_GROUPS and lists `planProblems`,
// so the CLI never accepts a plan the UI refuses and vice versa. Defaults are the values of
// `defaultPlan()` (`fieldDefault`).
//
// Adding a setting: add it to AnalysisPlan and defaultPlan() (plan.ts) and one field here
// (plan_schema.test.ts checks that every setting of the plan has a field or is listed in
// STRUCTURED_SETTINGS with the module that validates it).
import { InputError } from '../errors.ts'
import { PRESET_NAMES } from '../radiomics/presets.ts'
import { defaultPlan, type AnalysisPlan } from './plan.ts'

/**
 * int / num: a number (whole for int) within [min, max]; bool; select: one of options;
 * text: a non-empty string; vec: `length` numbers each within [min, max]; multi: a non-empty
 * subset of options; kauto: "auto" or one of the whole numbers in options.
 */
export type FieldKind = 'int' | 'num' | 'bool' | 'select' | 'text' | 'vec' | 'multi' | 'kauto'

export interface PlanField {
  /** dotted path into AnalysisPlan, e.g. "consensus.reps" */
  path: string
  label: string
  kind: FieldKind
  options?: string[]
  /** inclusive bounds (int, num, vec elements) */
  min?: number
  max?: number
  /** the form's input step */
  step?: number
  /** vector length (kind 'vec') */
  length?: number
  /** help text (the form shows it as the field's tooltip) */
  help?: string
}

export interface PlanGroup {
  title: string
  fields: PlanField[]
  note?: string
}

export const PLAN_GROUPS: PlanGroup[] = [
  { title: 'Run', fields: [{ path: 'seed', label: 'seed', kind: 'int', min: 0, max: 4294967295, help: 'every stochastic step derives its stream from it' }] },
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
      { path: 'preprocess.rescale', label: 'rescale to [min, max]', kind: 'vec', length: 2, help: 'min must be below max' },
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
      { path: 'icc.enabled', label: 'keep features with ICC ≥ threshold (whenever second segmentations are given)', kind: 'bool' },
      { path: 'icc.threshold', label: 'ICC threshold', kind: 'num', min: 0, max: 1, step: 0.01 },
      { path: 'icc.model', label: 'ICC model', kind: 'select', options: ['2,1', '3,1'] },
    ],
  },
  {
    title: 'Consensus clustering (h-RF; the RNA groups use the same resamplings, pItem, pFeature, distance and linkage)',
    fields: [
      { path: 'consensus.reps', label: 'resamplings', kind: 'int', min: 1, max: 100000 },
      { path: 'consensus.pItem', label: 'pItem (fraction of patients)', kind: 'num', min: 0.05, max: 1, step: 0.05 },
      { path: 'consensus.pFeature', label: 'pFeature (fraction of features)', kind: 'num', min: 0.05, max: 1, step: 0.05 },
      { path: 'consensus.distance', label: 'distance', kind: 'select', options: ['pearson', 'spearman', 'euclidean', 'manhattan'] },
      { path: 'consensus.linkage', label: 'linkage', kind: 'select', options: ['average', 'complete', 'single', 'ward.D2'] },
      { path: 'consensus.maxK', label: 'largest k', kind: 'int', min: 2, max: 12 },
      { path: 'consensus.k', label: 'k', kind: 'kauto', options: ['auto', '2', '3', '4', '5', '6', '7', '8'], help: '"auto" (chosen from the data by the criterion below; the report gives PAC, delta area and CDF area per k) or a number of groups ≤ the largest k' },
      { path: 'consensus.kCriterion', label: 'k from the data by', kind: 'select', options: ['delta-area', 'pac'], help: 'delta-area: the largest k whose consensus CDF area still grows by ≥ 20 % over k − 1 (the CDF / delta-area reading); pac: the lowest proportion of ambiguous clustering' },
      { path: 'consensus.population', label: 'clustered patients', kind: 'select', options: ['all', 'train'], help: 'all: training and testing patients together, as the paper; train: testing patients by nearest centroid' },
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
      { path: 'deep.crop', label: 'input window', kind: 'select', options: ['fov', 'fill'], help: 'fov: a fixed field of view around the tumour, so tumour size is kept in the input; fill: the tumour stretched to fill the frame (size discarded)' },
      { path: 'deep.fovMm', label: 'field of view (mm, crop fov)', kind: 'num', min: 10, max: 1000, step: 10 },
      { path: 'deep.cv', label: 'cross-validation protocol', kind: 'select', options: ['warm-start', 'independent'], help: 'warm-start: one model trained through the leave-10%-out repeats, latents from the final model; independent: a fresh model per repeat, latents averaged over repeats (the paper does not say which)' },
      { path: 'deep.aggregate', label: 'latents averaged over (independent)', kind: 'select', options: ['train-mean', 'held-out'], help: "the repeats where a training patient was in the training 90 % (train-mean) or held out (held-out); testing patients: all repeats" },
      { path: 'deep.lrSchedule', label: 'learning-rate schedule', kind: 'select', options: ['constant', 'plateau'], help: 'plateau: halve the learning rate after an epoch without held-out improvement, down to 1/8 (early stopping either way)' },
      { path: 'deep.sensitivity', label: 'λ sensitivity table', kind: 'bool', help: 'also train the HSCAE with each λ below and report its groups and HRs (each λ other than the one above is one more HSCAE training)' },
      { path: 'deep.sensitivityLambdas', label: 'λ values of the sensitivity table', kind: 'vec', length: 3, min: 0, step: 0.005 },
    ],
  },
  {
    title: 'Transcriptomics',
    fields: [
      { path: 'rna.combat', label: 'batch correction', kind: 'bool' },
      { path: 'rna.batchMethod', label: 'batch correction order', kind: 'select', options: ['combat-seq', 'combat'], help: 'combat-seq: ComBat-seq on the counts, then TMM + voom (the paper: ComBat, then voom); combat: voom, then ComBat on the log-CPM' },
      { path: 'rna.filter', label: 'gene filter', kind: 'select', options: ['none', 'zero', 'expr'] },
      { path: 'rna.topGenes', label: 'most variable genes', kind: 'int', min: 10, max: 60000 },
      { path: 'rna.k', label: 'groups (k)', kind: 'int', min: 2, max: 8 },
    ],
  },
  {
    title: 'SARCULATOR groups',
    fields: [{ path: 'sarculator.thresholds', label: 'predicted 10-year OS thresholds (%)', kind: 'vec', length: 2, min: 0, max: 100, help: 'the first must be below the second' }],
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
      { path: 'enrichment.perm', label: 'GSEA permutations', kind: 'int', min: 1, max: 100000, help: 'pre-ranked GSEA on the t statistics of the worst group vs the others, beside over-representation' },
      { path: 'pam.folds', label: 'PAM CV folds', kind: 'int', min: 2, max: 20 },
      { path: 'profile.grouping', label: 'profiled imaging grouping (empty = the one stepwise retains)', kind: 'select', options: ['', 'hrf', 'cae', 'hscae'], help: 'the worst RNA × imaging combination of this grouping is profiled (DGE, enrichment, PAM); empty: the grouping the backward stepwise AIC selection retains, as the paper' },
    ],
  },
]

/** Settings that are not form fields: structured values validated by their own module. */
export const STRUCTURED_SETTINGS: Record<string, string> = {
  'survival.groupReference': 'group_reference.ts (a group name per grouping; "" = the best MFS)',
  coding: 'coding.ts (compileCoding, when the clinical table is coded)',
}

export const PLAN_FIELDS: PlanField[] = PLAN_GROUPS.flatMap((g) => g.fields)

export function planField(path: string): PlanField | undefined {
  return PLAN_FIELDS.find((f) => f.path === path)
}

export function getSetting(plan: AnalysisPlan, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], plan)
}

export function setSetting(plan: AnalysisPlan, path: string, value: unknown): void {
  const keys = path.split('.')
  const last = keys.pop()!
  const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, plan as unknown as Record<string, unknown>)
  parent[last] = value
}

/** The paper's value of a setting (defaultPlan()). */
export function fieldDefault(f: PlanField): unknown {
  return getSetting(defaultPlan(), f.path)
}

export interface PlanProblem {
  path: string
  label: string
  /** what is wrong and what is allowed, e.g. "must be a whole number from 1 to 100000, got 0" */
  message: string
}

function range(f: PlanField): string {
  if (f.min !== undefined && f.max !== undefined) return ` from ${f.min} to ${f.max}`
  if (f.min !== undefined) return ` ≥ ${f.min}`
  if (f.max !== undefined) return ` ≤ ${f.max}`
  return ''
}

function numberProblem(f: PlanField, v: unknown): string | null {
  const what = `must be ${f.kind === 'int' ? 'a whole number' : 'a number'}${range(f)}`
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${what}, got ${JSON.stringify(v)}`
  if (f.kind === 'int' && !Number.isInteger(v)) return `${what}, got ${v}`
  if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) return `${what}, got ${v}`
  return null
}

function fieldProblem(f: PlanField, v: unknown): string | null {
  switch (f.kind) {
    case 'int':
    case 'num':
      return numberProblem(f, v)
    case 'bool':
      return typeof v === 'boolean' ? null : `must be true or false, got ${JSON.stringify(v)}`
    case 'select':
      return typeof v === 'string' && f.options!.includes(v) ? null : `must be one of ${f.options!.join(', ')}, got ${JSON.stringify(v)}`
    case 'text':
      return typeof v === 'string' && v.trim() ? null : 'must not be empty'
    case 'kauto':
      return v === 'auto' || (typeof v === 'number' && f.options!.includes(String(v))) ? null : `must be one of ${f.options!.join(', ')}, got ${JSON.stringify(v)}`
    case 'multi': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !f.options!.includes(x))) return `must be a list of ${f.options!.join(', ')}, got ${JSON.stringify(v)}`
      if (new Set(v).size !== v.length) return `lists a value twice: ${JSON.stringify(v)}`
      return v.length ? null : 'choose at least one'
    }
    case 'vec': {
      if (!Array.isArray(v) || v.length !== f.length) return `must be a list of ${f.length} numbers, got ${JSON.stringify(v)}`
      for (const [i, x] of v.entries()) {
        const p = numberProblem({ ...f, kind: 'num' }, x)
        if (p) return `element ${i + 1} ${p}`
      }
      return null
    }
  }
}

/** Every setting outside its bounds (the form lists them; validatePlan throws the first). */
export function planProblems(plan: AnalysisPlan): PlanProblem[] {
  const out: PlanProblem[] = []
  for (const f of PLAN_FIELDS) {
    const message = fieldProblem(f, getSetting(plan, f.path))
    if (message) out.push({ path: f.path, label: f.label, message })
  }
  const bad = new Set(out.map((p) => p.path))
  const cross = (path: string, message: string) => {
    if (!bad.has(path)) out.push({ path, label: planField(path)!.label, message })
  }
  const k = plan.consensus.k
  if (!bad.has('consensus.maxK') && typeof k === 'number' && k > plan.consensus.maxK) cross('consensus.k', `must be ≤ the largest k (consensus.maxK = ${plan.consensus.maxK}), got ${k}`)
  if (plan.sarculator.thresholds[0] >= plan.sarculator.thresholds[1]) cross('sarculator.thresholds', 'the first must be below the second')
  if (plan.preprocess.rescale[0] >= plan.preprocess.rescale[1]) cross('preprocess.rescale', 'min must be below max')
  return out
}

/** Throw an InputError naming the first setting outside its bounds (file = the plan file, if any). */
export function validatePlan(plan: AnalysisPlan, file = 'plan'): AnalysisPlan {
  const [p] = planProblems(plan)
  if (p) throw new InputError(`${p.message} (${p.label}); fix it in the plan or see the defaults with "npm run cli -- study --print-plan"`, file, `setting "${p.path}"`)
  return plan
}
