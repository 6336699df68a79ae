// Tables 1–4 and the gene-expression profile of the worst group, computed from the
// analysis table (study_table.ts) by the stats and omics engines. Plain records only;
// the report (report/build.ts), the CLI and the UI present them.

import type { JobContext } from '../job.ts'
import { subContext } from '../job.ts'
import { columnIndex, isMissing, parseNumber, type Table } from '../table/table.ts'
import { InputError } from '../errors.ts'
import { table1, type Table1 } from '../stats/table1.ts'
import { associationTable, type AssociationRow } from '../stats/association.ts'
import { kmReport, type KmReport } from '../stats/km_report.ts'
import { buildModelFrame } from '../stats/model_frame.ts'
import { coxph, type CoxTerm } from '../stats/cox.ts'
import { stepwiseBackward } from '../stats/stepwise_aic.ts'
import { cindexAssessment, type CindexReport } from '../stats/cindex_cv.ts'
import { adjustedRandIndex } from '../cluster/ari.ts'
import { characteriseGroup, type ExpressionMatrix, type GroupCharacterisation } from '../omics/workflow.ts'
import { gseaByCollection, type CollectionGseaRow, type GeneSetCollection } from '../omics/collections.ts'
import { rankGenes } from '../omics/gsea.ts'
import { DERIVED } from './study_table.ts'
import type { StudyVariables } from './study_data.ts'
import type { AnalysisPlan } from './plan.ts'
import { CODED_COLUMN, CODED_VARIABLES, defaultCoding, type StudyCoding } from './coding.ts'
import { groupReference } from './group_reference.ts'

/** Rows of `t` where every listed column is present. */
export function subsetRows(t: Table, columns: string[]): Table {
  const idx = columns.map((c) => columnIndex(t, c))
  return { ...t, rows: t.rows.filter((r) => idx.every((i) => !isMissing(r[i]))) }
}

export interface Table1Result {
  all: Table1
  rna: Table1 | null
}

export function buildTable1(t: Table, vars: StudyVariables, rnaColumn: string | null): Table1Result {
  const variables = [vars.age, vars.sex, vars.histotype, vars.grade, vars.size, vars.depth, vars.chemotherapy, vars.radiotherapy, vars.margins, vars.sarculator, DERIVED.sarculator, ...vars.semantic, ...vars.extra, vars.event, vars.time].filter((v, i, a) => a.indexOf(v) === i && t.columns.includes(v))
  return { all: table1(t, variables, DERIVED.cohort), rna: rnaColumn ? table1(subsetRows(t, [rnaColumn]), variables) : null }
}

export interface Table2Result {
  /** per grouping: association rows with each clinical variable and each other grouping */
  associations: Record<string, AssociationRow[]>
  /** per grouping: n (%) per level or mean ± SD of each variable in each group (stats/table1.ts), beside the tests */
  summaries?: Record<string, Table1>
  /** pairwise agreement between groupings (on the patients having both): ARI */
  agreement: { a: string; b: string; n: number; ari: number }[]
}

export function buildTable2(t: Table, vars: StudyVariables, groupings: string[]): Table2Result {
  const clinical = [vars.size, vars.histotype, vars.grade, DERIVED.sarculator, ...vars.semantic, DERIVED.highRisk].filter((v) => t.columns.includes(v))
  const associations: Record<string, AssociationRow[]> = {}
  const summaries: Record<string, Table1> = {}
  for (const g of groupings) {
    const s = subsetRows(t, [g])
    const variables = [...clinical, ...groupings.filter((h) => h !== g)]
    associations[g] = associationTable(s, g, variables)
    summaries[g] = table1(s, variables, g)
  }
  const agreement: Table2Result['agreement'] = []
  for (let i = 0; i < groupings.length; i++)
    for (let j = i + 1; j < groupings.length; j++) {
      const s = subsetRows(t, [groupings[i], groupings[j]])
      const a = s.rows.map((r) => r[columnIndex(t, groupings[i])])
      const b = s.rows.map((r) => r[columnIndex(t, groupings[j])])
      agreement.push({ a: groupings[i], b: groupings[j], n: a.length, ari: a.length > 1 ? adjustedRandIndex(a, b) : NaN })
    }
  return { associations, summaries, agreement }
}

export interface SurvivalResult {
  n: number
  events: number
  km: KmReport
  /** 5-year (plan horizon) MFS per group */
  logrankP: number | null
  /** the grouping's reference level in the Cox models: the plan's, else the best-MFS group (group_reference.ts) */
  reference: string | null
  univariable: CoxTerm[]
  multivariable: CoxTerm[]
  multivariableDeleted: number
  warnings: string[]
}

/** The multivariable covariates of the study (those present in the table). */
export function clinicalCovariates(t: Table, vars: StudyVariables): string[] {
  return [vars.age, DERIVED.histotype, DERIVED.grade3, vars.size, DERIVED.chemotherapy, DERIVED.radiotherapy, DERIVED.margins].filter((c) => t.columns.includes(c))
}

const FACTORS = (vars: StudyVariables) => [DERIVED.histotype, DERIVED.grade3, DERIVED.margins, DERIVED.chemotherapy, DERIVED.radiotherapy, DERIVED.sarculator, vars.sex, vars.depth]

/** The plan's reference level of each coded column (coding.ts). */
export function codingReferences(coding: StudyCoding): Record<string, string> {
  return Object.fromEntries(CODED_VARIABLES.map((v) => [CODED_COLUMN[v], coding[v].reference]))
}

/**
 * The wanted reference levels that can be used in a model of `covariates`: the column is a
 * covariate and the level occurs among its complete rows. Others are reported in `notes`
 * (the model then falls back to the alphabetically first level, as R's factor()).
 */
export function usableReferences(t: Table, vars: StudyVariables, covariates: string[], wanted: Record<string, string>, notes?: string[]): Record<string, string> {
  const idx = [vars.time, vars.event, ...covariates].map((c) => columnIndex(t, c))
  const rows = t.rows.filter((r) => idx.every((i) => !isMissing(r[i])))
  const out: Record<string, string> = {}
  for (const [col, level] of Object.entries(wanted)) {
    if (!covariates.includes(col)) continue
    const j = columnIndex(t, col)
    if (rows.some((r) => r[j] === level)) out[col] = level
    else notes?.push(`reference level "${level}" of ${col} does not occur among the ${rows.length} complete rows; the alphabetically first level is the reference`)
  }
  return out
}

export function survivalOf(t: Table, vars: StudyVariables, grouping: string, plan: AnalysisPlan): SurvivalResult {
  const s = subsetRows(t, [grouping])
  const km = kmReport(s, { time: vars.time, event: vars.event, group: grouping, at: [plan.survival.horizonMonths] })
  const notes: string[] = []
  const reference = groupReference(s, vars, grouping, plan.survival.groupReference?.[grouping] ?? '')
  const gRef: Record<string, string> = reference ? { [grouping]: reference } : {}
  const wanted = { ...codingReferences(plan.coding ?? defaultCoding()), ...gRef }
  const uni = coxph(buildModelFrame(s, { time: vars.time, event: vars.event, covariates: [grouping], factors: [grouping], ref: gRef }))
  const covs = [grouping, ...clinicalCovariates(s, vars)]
  const multi = coxph(buildModelFrame(s, { time: vars.time, event: vars.event, covariates: covs, factors: [grouping, ...FACTORS(vars)], ref: usableReferences(s, vars, covs, wanted, notes) }))
  return { n: uni.n, events: uni.events, km, logrankP: km.logrank?.p ?? null, reference, univariable: uni.terms, multivariable: multi.terms, multivariableDeleted: multi.deleted, warnings: [...uni.warnings, ...multi.warnings, ...notes] }
}

/** Reference level of each grouping: the plan's named one, else the best-MFS group. */
export function groupReferences(t: Table, vars: StudyVariables, groupings: string[], named: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const g of groupings) {
    const r = groupReference(t, vars, g, named[g] ?? '')
    if (r) out[g] = r
  }
  return out
}

export interface StepwiseSummary {
  start: string[]
  selected: string[]
  aic: number
  steps: { removed: string | null; aic: number }[]
  /** the imaging groupings among the selected terms (h-RF, CAE, HSCAE) */
  retained?: string[]
  /** patients in the model (those with every imaging grouping and covariate) */
  n?: number
}

/** The imaging groupings the stepwise selection considers, in the paper's order. */
export const IMAGING_GROUPINGS = ['hrf', 'cae', 'hscae'] as const

/** Backward AIC selection from the clinical covariates plus every imaging grouping (h-RF, CAE, HSCAE) present. */
export function imagingStepwise(t: Table, vars: StudyVariables, imagingGroupings: string[], coding: StudyCoding = defaultCoding(), named: Record<string, string> = {}): StepwiseSummary {
  const s = subsetRows(t, imagingGroupings)
  const start = [...imagingGroupings, ...clinicalCovariates(s, vars)]
  const frame = buildModelFrame(s, { time: vars.time, event: vars.event, covariates: start, factors: [...imagingGroupings, ...FACTORS(vars)], ref: usableReferences(s, vars, start, { ...codingReferences(coding), ...groupReferences(s, vars, imagingGroupings, named) }) })
  const r = stepwiseBackward(frame)
  return { start, selected: r.selected, aic: r.model.aic, steps: r.steps.map((x) => ({ removed: x.dropped, aic: x.aic })), retained: imagingGroupings.filter((g) => r.selected.includes(g)), n: frame.n }
}

/** @deprecated the stepwise over the deep groupings only; the study uses imagingStepwise. */
export function deepStepwise(t: Table, vars: StudyVariables, deepGroupings: string[], coding: StudyCoding = defaultCoding(), named: Record<string, string> = {}): StepwiseSummary {
  return imagingStepwise(t, vars, deepGroupings, coding, named)
}

/** Which imaging grouping the profile (DGE, enrichment, PAM) uses, and why. */
export interface ProfileGrouping {
  grouping: string
  reason: string
}

/**
 * The plan's grouping (plan.profile.grouping) when it names one, else the imaging grouping the
 * stepwise selection retains (the one with the smallest p in the selected model when several
 * are), else HSCAE (the paper's), else h-RF.
 */
export function profileGrouping(named: string, stepwise: StepwiseSummary | null, available: string[], pOf: (g: string) => number): ProfileGrouping {
  if (named) {
    if (!available.includes(named)) throw new InputError(`plan profile.grouping "${named}" is not a grouping of this run (${available.join(', ')})`)
    return { grouping: named, reason: `named by the plan (profile.grouping = ${named})` }
  }
  const kept = (stepwise?.retained ?? []).filter((g) => available.includes(g))
  if (kept.length === 1) return { grouping: kept[0], reason: `the imaging grouping retained by the backward stepwise AIC selection (selected: ${stepwise!.selected.join(', ')})` }
  if (kept.length > 1) {
    const best = [...kept].sort((a, b) => pOf(a) - pOf(b))[0]
    return { grouping: best, reason: `the stepwise selection retained ${kept.join(', ')}; ${best} has the smallest multivariable p` }
  }
  const fallback = available.includes('hscae') ? 'hscae' : available.includes('hrf') ? 'hrf' : available[0]
  return { grouping: fallback, reason: stepwise ? `the stepwise selection retained no imaging grouping (selected: ${stepwise.selected.join(', ') || 'none'}); ${fallback === 'hscae' ? "the paper's HSCAE grouping is profiled" : `no HSCAE grouping ran; the ${fallback === 'hrf' ? 'h-RF' : fallback} grouping is profiled`}` : `no stepwise selection ran; the ${fallback} grouping is profiled` }
}

/** The level of `combo` with the highest event rate per person-time among levels with at least MIN_GROUP patients. */
export function worstLevel(t: Table, vars: StudyVariables, combo: string): string {
  const s = subsetRows(t, [combo])
  const ci = columnIndex(s, combo), ti = columnIndex(s, vars.time), ei = columnIndex(s, vars.event)
  const rate = new Map<string, [number, number]>()
  const size = new Map<string, number>()
  for (const r of s.rows) {
    const [e, pt] = rate.get(r[ci]) ?? [0, 0]
    rate.set(r[ci], [e + (parseNumber(r[ei]) ?? 0), pt + (parseNumber(r[ti]) ?? 0)])
    size.set(r[ci], (size.get(r[ci]) ?? 0) + 1)
  }
  const eligible = [...rate.entries()].filter(([k]) => (size.get(k) ?? 0) >= MIN_GROUP)
  return (eligible.length ? eligible : [...rate.entries()]).sort((a, b) => b[1][0] / b[1][1] - a[1][0] / a[1][1])[0]?.[0] ?? ''
}

export interface ComplementarityResult {
  n: number
  events: number
  /** worst level of the RNA × imaging combination and the binary variable's column */
  worstCombination: string
  univariable: Record<string, CoxTerm[]>
  cindex: CindexReport
  models: Record<string, string[]>
  /** per model: patients, events and the reference level of each factor term (for analysis.json `models`) */
  fits?: Record<string, { n: number; events: number; references: Record<string, string> }>
  /** KM of the binary worst combination vs the others (Fig. 2) */
  worstKm?: KmReport
  /** KM of each imaging grouping inside the RNA sub-cohort (Fig. 2a–c) */
  subcohortKm?: Record<string, KmReport>
}

/** Smallest RNA × imaging combination that can be called the worst group. */
export const MIN_GROUP = 3

/** The paper's Table 4 models, by id, for the imaging grouping `imaging` of the RNA × imaging combination (HSCAE in the paper). */
export function paperModels(imaging: string): Record<string, string[]> {
  const combo = `rna_x_${imaging}`
  return {
    rna: ['rna'],
    hrf: ['hrf'],
    cae: ['cae'],
    hscae: ['hscae'],
    'rna+hrf': ['rna', 'hrf'],
    [`rna+${imaging}`]: ['rna', imaging],
    [`rna*${imaging}`]: [combo],
    worst: [WORST_COLUMN],
    sarculator: [DERIVED.sarculator],
    [`sarculator+${imaging}+rna`]: [DERIVED.sarculator, imaging, 'rna'],
  }
}

/** Column of the binary worst combination (worst vs others) in the RNA sub-cohort table. */
export const WORST_COLUMN = 'worst_combination'

/** Table 4 / Figure 2: models in the RNA subset, CV C-indices and bootstrap comparisons. */
export function complementarity(t: Table, vars: StudyVariables, plan: AnalysisPlan, imaging: string, ctx?: JobContext): ComplementarityResult {
  const combo = `rna_x_${imaging}`
  const s = subsetRows(t, ['rna', imaging, combo])
  const ci = columnIndex(s, combo)
  const worst = worstLevel(s, vars, combo)
  const worstCol = WORST_COLUMN
  const w: Table = { ...s, columns: [...s.columns, worstCol], rows: s.rows.map((r) => [...r, r[ci] === worst ? 'worst' : 'others']) }
  const models = paperModels(imaging)
  const used = [...new Set(Object.values(models).flat())].filter((c) => w.columns.includes(c))
  for (const [name, terms] of Object.entries(models)) if (!terms.every((c) => w.columns.includes(c))) delete models[name]
  const factors = [...used, worstCol]
  const gRefs = { ...groupReferences(w, vars, ['rna', ...IMAGING_GROUPINGS, combo].filter((c) => w.columns.includes(c)), plan.survival.groupReference ?? {}), [worstCol]: 'others' }
  const refFor = (terms: string[]) => usableReferences(w, vars, terms, gRefs)
  const frame = buildModelFrame(w, { time: vars.time, event: vars.event, covariates: used, factors: factors.filter((f) => used.includes(f)), ref: refFor(used) })
  const univariable: Record<string, CoxTerm[]> = {}
  const fits: NonNullable<ComplementarityResult['fits']> = {}
  for (const [name, terms] of Object.entries(models)) {
    const f = buildModelFrame(w, { time: vars.time, event: vars.event, covariates: terms, factors: factors.filter((x) => terms.includes(x)), ref: refFor(terms) })
    const fit = coxph(f)
    univariable[name] = fit.terms
    fits[name] = { n: fit.n, events: fit.events, references: Object.fromEntries(f.terms.filter((x) => x.kind === 'factor').map((x) => [x.name, x.levels![0]])) }
  }
  const names = Object.keys(models)
  const cindex = cindexAssessment(frame, names.map((n) => models[n]), { folds: plan.survival.cvFolds, repeats: plan.survival.cvRepeats, bootstrap: plan.survival.bootstrap, seed: plan.seed }, subContext(ctx, 0, 1))
  // name the CV/bootstrap rows with the model names
  cindex.cv.forEach((c, i) => (c.model = names[i]))
  if (cindex.bootstrap) {
    const byTerms = new Map(names.map((n) => [models[n].join('+') || '(null)', n]))
    cindex.bootstrap.models.forEach((m) => (m.model = byTerms.get(m.model) ?? m.model))
    cindex.bootstrap.pairs.forEach((p) => {
      p.a = byTerms.get(p.a) ?? p.a
      p.b = byTerms.get(p.b) ?? p.b
    })
  }
  const km = (g: string) => kmReport(subsetRows(w, [g]), { time: vars.time, event: vars.event, group: g, at: [plan.survival.horizonMonths] })
  const worstKm = km(worstCol)
  const subcohortKm = Object.fromEntries(IMAGING_GROUPINGS.filter((g) => w.columns.includes(g)).map((g) => [g, km(g)]))
  return { n: frame.n, events: Array.from(frame.status).reduce((a, b) => a + b, 0), worstCombination: worst, univariable, cindex, models, fits, worstKm, subcohortKm }
}

export interface ProfileResult {
  contrast: [string, string]
  n: { worst: number; others: number }
  characterisation: GroupCharacterisation
  /** pre-ranked GSEA on the per-gene t statistics (worst vs others), per gene-set collection */
  gsea: CollectionGseaRow[]
  /** expression of the PAM signature genes (at most 40, by |score|) in the samples of the contrast, for the heatmap */
  signature: { genes: string[]; samples: string[]; values: number[]; groups: string[]; levels: string[] }
}

/** DGE, enrichment and PAM of the worst RNA × imaging combination against the others. */
export function profileWorst(x: ExpressionMatrix, groups: Record<string, string>, worst: string, sets: GeneSetCollection[], plan: AnalysisPlan, ctx?: JobContext): ProfileResult {
  const labels = x.samples.map((s) => (groups[s] === undefined ? 'NA' : groups[s] === worst ? 'worst' : 'others'))
  const c = characteriseGroup(x, labels, 'worst', 'others', sets, { welch: plan.dge.welch, fcThreshold: plan.dge.foldChange, alpha: plan.dge.adjP, folds: plan.pam.folds, seed: plan.seed, pamGenes: 2000 }, ctx)
  const tested = c.tests.filter((t) => Number.isFinite(t.t))
  const gsea = gseaByCollection(rankGenes(tested.map((t) => t.gene), tested.map((t) => t.t)), sets, { permutations: plan.enrichment.perm, seed: plan.seed })
  const kept = [...c.pam.keptGenes].sort((a, b) => Math.abs(b.scores.worst ?? 0) - Math.abs(a.scores.worst ?? 0)).slice(0, 40).sort((a, b) => (b.scores.worst ?? 0) - (a.scores.worst ?? 0))
  const row = new Map(x.genes.map((g, i) => [g, i]))
  const cols = x.samples.map((_, j) => j).filter((j) => labels[j] !== 'NA')
  const values: number[] = []
  for (const g of kept) {
    const i = row.get(g.gene)!
    for (const j of cols) values.push(x.data[i * x.samples.length + j])
  }
  const signature = { genes: kept.map((g) => g.gene), samples: cols.map((j) => x.samples[j]), values, groups: cols.map((j) => labels[j]), levels: ['worst', 'others'] }
  return { contrast: ['worst', 'others'], n: { worst: labels.filter((l) => l === 'worst').length, others: labels.filter((l) => l === 'others').length }, characterisation: c, gsea, signature }
}
