// The study orchestrator: composes the steps in the paper's order, each cached by a
// content key (step_cache.ts) so that a change re-runs only what it invalidates:
// imaging (preprocess → h-RFs → CE-T1 slices) → h-RF consensus groups → CAE and HSCAE
// groups → RNA groups → Tables 1–4 → profile of the worst RNA × imaging group.
// It only wires engines together; every computation lives in its engine.

import type { JobContext } from '../job.ts'
import { subContext, throwIfCancelled } from '../job.ts'
import { numericColumn } from '../table/table.ts'
import { studySplit } from './split.ts'
import type { GeneSet } from '../omics/gmt.ts'
import { singleCollection, type GeneSetCollection } from '../omics/collections.ts'
import { cachedStep, memoryStore, type CacheStore } from './step_cache.ts'
import { knownRow, reuseProblem, type KnownFeatures } from './reuse.ts'
import type { AnalysisPlan } from './plan.ts'
import type { StudyData } from './study_data.ts'
import { deepSliceKey, imagingFeatures, imagingSettings, type ImagingResult, type PatientRunner } from './imaging.ts'
import { paperColumns, paperOutputOf } from '../radiomics/paper.ts'
import { deepGroups, hrfGroups, hrfKSummary, rnaExpression, rnaGroups, type DeepGroups, type DeepTrainer, type HrfGroups, type HrfK, type RnaGroups } from './groupings.ts'
import { codedStudyTable, combineGroupings, type Groupings } from './study_table.ts'
import { defaultCoding, type AppliedCoding } from './coding.ts'
import { buildTable1, buildTable2, complementarity, IMAGING_GROUPINGS, imagingStepwise, profileGrouping, profileWorst, survivalOf, worstLevel, type ComplementarityResult, type ProfileGrouping, type ProfileResult, type StepwiseSummary, type SurvivalResult, type Table1Result, type Table2Result } from './analyses.ts'
import { mfsSummary, type MfsSummary } from './mfs.ts'
import { st2Table, upsSubgroup, type SubgroupResult, type UnivariableRow } from './supplementary.ts'
import type { Table } from '../table/table.ts'
import { IMAGING_ANALYSES, studyFlow, type Exclusion, type StudyFlow } from './flow.ts'
import { lambdaSensitivity, sensitivityLambdas, type LambdaRun, type LambdaSensitivity } from './lambda_sensitivity.ts'
import { Estimability, type NotEstimable } from './estimable.ts'

/**
 * Version of what the deep steps compute beyond the plan's settings: bump it when the
 * training code or the stored result changes, so cached results are recomputed.
 * 2: Grad-CAM maps per patient (DeepGroups.cam).
 * 3: the CV protocol and held-out error per repeat (DeepGroups.cv, metrics.heldOutRelativeMsePercent).
 */
const DEEP_STEP_VERSION = 3

/** The deep steps' settings: the plan's deep settings except those of the λ sensitivity table (which do not change a model). */
function deepStepSettings(plan: AnalysisPlan): unknown {
  const { sensitivity: _s, sensitivityLambdas: _l, ...deep } = plan.deep
  void _s
  void _l
  return { deep, seed: plan.seed, version: DEEP_STEP_VERSION }
}

export interface StudyResult {
  plan: AnalysisPlan
  n: { patients: number; train: number; test: number; rna: number }
  imaging: Pick<ImagingResult, 'columns' | 'warnings' | 'failed' | 'referencePatient' | 'icc'> & { featureMatrix: { ids: string[]; data: number[] } }
  groups: Groupings
  hrf: Omit<HrfGroups, 'groups'>
  deep: Partial<Record<'cae' | 'hscae', Omit<DeepGroups, 'groups'>>>
  rna: Omit<RnaGroups, 'groups'> | null
  table: Table
  /** the coding of the clinical variables applied to the analysis table (plan.coding) */
  coding: AppliedCoding[]
  table1: Table1Result
  table2: Table2Result
  survival: Record<string, SurvivalResult>
  stepwise: StepwiseSummary | null
  complementarity: ComplementarityResult | null
  profile: ProfileResult | null
  /** the grouping profiled (DGE, enrichment, PAM), why, and its worst RNA × imaging combination */
  profileGrouping?: ProfileGrouping & { worstCombination: string | null }
  /** the chosen h-RF k, the criterion and the per-k values */
  hrfK?: HrfK
  /** 2- and 5-year MFS overall and per group */
  mfs?: MfsSummary
  /** ST2: univariable Cox model of each covariate */
  st2?: UnivariableRow[]
  /** the UPS subgroup analysis */
  ups?: SubgroupResult | null
  /** the HSCAE trained with each λ of plan.deep.sensitivityLambdas: groups and HRs (lambda_sensitivity.ts; absent when off or from older runs) */
  lambdaSensitivity?: LambdaSensitivity
  /** the gene-set collections given (one per GMT file), for the methods text and the tables */
  geneSetCollections: { name: string; file: string; sha256?: string; sets: number }[]
  /** `reused`: what the step took from results computed elsewhere in the project (e.g. the Radiomics page's features) */
  steps: { step: string; seconds: number; cached: boolean; reused?: string }[]
  warnings: string[]
  /** sub-analyses refused on degenerate data (no events, singular design, one group …), with the reason (estimable.ts) */
  notEstimable?: NotEstimable[]
  /** patients left out of an analysis, with the reason (missing sequence, mask outside a field of view …), for the flow chart */
  exclusions: Exclusion[]
  /** screened → included → excluded by reason (Fig. 1; absent from results of older runs) */
  flow?: StudyFlow
}

export interface StudyOptions {
  store?: CacheStore
  geneSets?: GeneSet[]
  /** several gene-set collections (GMT files), each tested on its own; takes precedence over geneSets */
  collections?: GeneSetCollection[]
  /** key of the input files (their checksums), so cached results follow the data */
  inputKey?: string
  /** runs the per-patient imaging (e.g. over a worker pool); default one by one */
  runner?: PatientRunner
  /** trains the deep models (e.g. in headless Chromium on WebGL/WebGPU); default tfjs here */
  trainDeep?: DeepTrainer
  /** results computed elsewhere in the project that the study may take instead of recomputing (src/core/study/reuse.ts) */
  reuse?: { features?: KnownFeatures }
}

/** The known features the imaging step can take (per patient index), with the step log's note; a mismatch is a warning. */
function reusedFeatures(data: StudyData, plan: AnalysisPlan, known: KnownFeatures | undefined, warnings: string[]): { row: (i: number) => Float64Array | undefined; note: string } | null {
  if (!known) return null
  const problem = reuseProblem(known, plan, imagingSettings(plan))
  if (problem) {
    warnings.push(`features from the ${known.source} not reused: ${problem}`)
    return null
  }
  const columns = paperColumns(paperOutputOf(imagingSettings(plan)))
  const rows = data.ids.map((id) => knownRow(known, id, columns))
  const n = rows.filter(Boolean).length
  if (n === 0) return null
  return { row: (i) => rows[i], note: `reused the features of ${n} of ${data.ids.length} patients from the ${known.source}` }
}

/**
 * The settings the RNA groups depend on (their step's cache key): the plan's RNA section, the
 * consensus settings rnaGroups reads (resamplings, item and feature fractions, distance,
 * linkage) and the seed; a change to any of them reruns the step.
 */
export function rnaGroupsSettings(plan: AnalysisPlan): unknown {
  const c = plan.consensus
  return { rna: plan.rna, consensus: { reps: c.reps, pItem: c.pItem, pFeature: c.pFeature, distance: c.distance, linkage: c.linkage }, seed: plan.seed }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

export async function runStudy(data: StudyData, plan: AnalysisPlan, opts: StudyOptions = {}, ctx?: JobContext): Promise<StudyResult> {
  const store = opts.store ?? memoryStore()
  const collections = opts.collections ?? singleCollection(opts.geneSets ?? [])
  const inputKey = opts.inputKey ?? data.checksums.map((c) => c.sha256).join(',')
  const steps: StudyResult['steps'] = []
  const warnings: string[] = []
  const est = new Estimability()
  async function step<T>(name: string, settings: unknown, inputs: string[], from: number, to: number, f: (c?: JobContext) => Promise<T> | T): Promise<{ key: string; value: T }> {
    throwIfCancelled(ctx)
    ctx?.progress?.(from, name)
    const t = now()
    const r = await cachedStep(store, name, settings, inputs, () => f(subContext(ctx, from, to)))
    steps.push({ step: name, seconds: (now() - t) / 1000, cached: r.cached })
    return r
  }

  const split = studySplit(data.cohort, plan)
  if (split.drawn) {
    data = { ...data, cohort: split.cohort }
    warnings.push(`no testing cohort in the input: ${split.drawn} patients drawn at random (seed ${plan.seed}) as the testing cohort`)
  }
  const reuse = reusedFeatures(data, plan, opts.reuse?.features, warnings)
  const imaging = await step('imaging', { preprocess: plan.preprocess, radiomics: plan.radiomics, size: plan.deep.size, ...deepSliceKey(plan), split: data.cohort, icc: plan.icc }, [inputKey], 0, 0.45, (c) => imagingFeatures(data, plan, c, opts.runner, reuse?.row))
  if (reuse && !steps[steps.length - 1].cached) steps[steps.length - 1].reused = reuse.note
  const img = imaging.value
  // patients left out before the imaging (no clinical row), then those the imaging could not use
  const exclusions: Exclusion[] = [...(data.excluded ?? []), ...img.failed.map((f) => ({ patient: f.id, analysis: IMAGING_ANALYSES, reason: f.reason }))]
  warnings.push(...(data.excluded ?? []).map((e) => `${e.patient} skipped: ${e.reason}`))
  warnings.push(...img.failed.map((f) => `${f.id} skipped: ${f.reason}`))
  // what the ICC filter did (kept / dropped features, unusable second segmentations); absent from older cached steps
  warnings.push(...(img.iccNotes ?? []))
  const cohortOf = new Map(data.ids.map((id, i) => [id, data.cohort[i]]))
  const iccKept = img.icc ? new Set(img.icc.filter((r) => r.keep).map((r) => r.feature)) : null
  const iccKeep = iccKept ? (c: string) => iccKept.has(c) : undefined
  const cohort = img.ids.map((id) => cohortOf.get(id)!)
  const hrf = await step('hrf-groups', { consensus: plan.consensus, seed: plan.seed, icc: plan.icc }, [imaging.key], 0.45, 0.55, (c) => hrfGroups(img.ids, cohort, img.columns, img.features, plan, c, iccKeep))

  // survival outcome of the imaged patients (for HSCAE)
  const idCol = data.clinical.columns.indexOf(data.variables.id)
  const rowOf = new Map(data.clinical.rows.map((r, i) => [r[idCol], i]))
  const timeAll = numericColumn(data.clinical, data.variables.time)
  const eventAll = numericColumn(data.clinical, data.variables.event)
  const time = img.ids.map((id) => timeAll[rowOf.get(id) ?? -1] ?? NaN)
  const event = img.ids.map((id) => eventAll[rowOf.get(id) ?? -1] ?? NaN)
  const deep: Partial<Record<'cae' | 'hscae', DeepGroups>> = {}
  // λ sensitivity (lambda_sensitivity.ts): the HSCAE once more per λ of the plan other than plan.deep.lambda
  const lambdas = sensitivityLambdas(plan)
  const lambdaRuns: LambdaRun[] = []
  if (plan.deep.enabled) {
    const extra = lambdas.filter((l) => l !== plan.deep.lambda).length
    const hscaeTo = extra ? 0.73 : 0.79
    for (const [m, from, to] of [['cae', 0.55, 0.67], ['hscae', 0.67, hscaeTo]] as const) {
      deep[m] = (await step(`deep-${m}`, deepStepSettings(plan), [imaging.key], from, to, (c) => deepGroups(m, img.ids, cohort, img.slices, time, event, plan, c, opts.trainDeep))).value
    }
    let done = 0
    for (const lambda of lambdas) {
      if (lambda === plan.deep.lambda) { lambdaRuns.push({ lambda, groups: deep.hscae!.groups, metrics: deep.hscae!.metrics }); continue }
      const p = { ...plan, deep: { ...plan.deep, lambda } }
      const from = hscaeTo + (0.79 - hscaeTo) * (done / extra), to = hscaeTo + (0.79 - hscaeTo) * (++done / extra)
      // without Grad-CAM maps (the report explains the study's models only)
      const r = await step(`deep-hscae-lambda-${lambda}`, deepStepSettings(p), [imaging.key], from, to, (c) => deepGroups('hscae', img.ids, cohort, img.slices, time, event, p, c, opts.trainDeep, { cams: false }))
      lambdaRuns.push({ lambda, groups: r.value.groups, metrics: r.value.metrics })
    }
  }
  let rna: RnaGroups | null = null
  let expression: ReturnType<typeof rnaExpression> | null = null
  if (data.counts) {
    const counts = data.counts
    const ex = await est.runAsync('RNA-seq normalisation', () => step('rna-expression', { rna: plan.rna }, [inputKey], 0.79, 0.84, (c) => rnaExpression(counts, data.batch, plan, c)))
    if (ex) {
      rna = (await est.runAsync('RNA groups (consensus clustering)', () => step('rna-groups', rnaGroupsSettings(plan), [ex.key], 0.84, 0.88, (c) => rnaGroups(ex.value, plan, c))))?.value ?? null
      if (rna) expression = ex.value
    }
  }

  const groups: Groupings = { hrf: hrf.value.groups }
  if (deep.cae) groups.cae = deep.cae.groups
  if (deep.hscae) groups.hscae = deep.hscae.groups
  if (rna) {
    groups.rna = rna.groups
    groups.rna_x_hrf = combineGroupings(rna.groups, hrf.value.groups)
    if (deep.cae) groups.rna_x_cae = combineGroupings(rna.groups, deep.cae.groups)
    if (deep.hscae) groups.rna_x_hscae = combineGroupings(rna.groups, deep.hscae.groups)
  }
  ctx?.progress?.(0.88, 'tables')
  const t0 = now()
  const coding = plan.coding ?? defaultCoding()
  const coded = codedStudyTable(data.clinical, data.variables, img.ids, cohort, groups, plan.sarculator.thresholds, coding)
  const table = coded.table
  const main = ['hrf', 'cae', 'hscae', 'rna'].filter((g) => groups[g])
  const table1 = buildTable1(table, data.variables, groups.rna ? 'rna' : null)
  const table2 = est.run('Table 2 (groupings against clinical variables)', () => buildTable2(table, data.variables, main)) ?? { associations: {}, agreement: [] }
  const survival: Record<string, SurvivalResult> = {}
  for (const g of [...main, ...(groups.rna_x_hscae ? ['rna_x_hscae'] : [])]) {
    const s = est.run(`survival by ${g} group`, () => survivalOf(table, data.variables, g, plan))
    if (s) survival[g] = s
  }
  for (const [g, s] of Object.entries(survival)) warnings.push(...s.warnings.map((w) => `${g}: ${w}`))
  // stepwise backward AIC over every imaging grouping (h-RF, CAE, HSCAE) with the clinical covariates
  const imagingPresent = IMAGING_GROUPINGS.filter((g) => groups[g])
  const stepwise = imagingPresent.length ? est.run(`stepwise AIC selection (${imagingPresent.join(', ')} and clinical covariates)`, () => imagingStepwise(table, data.variables, [...imagingPresent], coding, plan.survival.groupReference ?? {})) : null
  const mfs = est.run('MFS at 2 and 5 years', () => mfsSummary(table, data.variables, Object.keys(groups))) ?? undefined
  const st2 = est.run('univariable Cox model of each covariate (ST2)', () => st2Table(table, data.variables, plan)) ?? undefined
  const ups = est.run('UPS subgroup', () => upsSubgroup(table, data.variables, main, plan)) ?? null
  const lambdaTable = lambdaRuns.length ? est.run('λ sensitivity of the HSCAE groups', () => lambdaSensitivity(table, data.variables, lambdaRuns, plan)) : null
  steps.push({ step: 'tables', seconds: (now() - t0) / 1000, cached: false })
  let comp: ComplementarityResult | null = null
  let profile: ProfileResult | null = null
  let profiled: StudyResult['profileGrouping']
  if (rna && expression) {
    // Table 4 as the paper: the RNA × HSCAE combination (h-RF when no deep model ran)
    const imagingGroup = groups.hscae ? 'hscae' : 'hrf'
    const t1 = now()
    const compName = `complementarity in the RNA subset (Table 4, RNA × ${imagingGroup})`
    comp = est.run(compName, () => complementarity(table, data.variables, plan, imagingGroup, subContext(ctx, 0.88, 0.97)))
    steps.push({ step: 'complementarity', seconds: (now() - t1) / 1000, cached: false })
    if (!comp) est.skip('profile of the worst combination (DGE, enrichment, GSEA, PAM)', compName)
    // the profile: the plan's grouping, else the one stepwise retains
    const minP = (g: string) => Math.min(...(survival[g]?.multivariable ?? []).filter((t) => t.term.startsWith(`${g}=`)).map((t) => t.p), 1)
    const pg = comp ? profileGrouping(plan.profile?.grouping ?? '', stepwise, imagingPresent.filter((g) => groups[`rna_x_${g}`]), minP) : null
    const comboName = `rna_x_${pg?.grouping ?? imagingGroup}`
    const combo = groups[comboName]
    const worstOfProfile = !comp || !pg ? null : pg.grouping === imagingGroup ? comp.worstCombination : worstLevel(table, data.variables, comboName)
    if (pg) profiled = { ...pg, worstCombination: worstOfProfile }
    const inExpr = expression.samples.filter((x) => combo[x] !== undefined)
    const nWorst = inExpr.filter((x) => combo[x] === worstOfProfile).length
    if (!comp || worstOfProfile === null) { /* recorded as not estimable above */ } else if (nWorst < 3 || inExpr.length - nWorst < 3) warnings.push(`the worst combination ${worstOfProfile} has ${nWorst} sample(s) with RNA-seq against ${inExpr.length - nWorst}; at least 3 in each are needed: differential expression, enrichment and PAM skipped`)
    else if (collections.length) {
      const t2 = now()
      const [x, worst] = [expression, worstOfProfile]
      profile = est.run('profile of the worst combination (DGE, enrichment, GSEA, PAM)', () => profileWorst(x, combo, worst, collections, plan, subContext(ctx, 0.97, 1)))
      steps.push({ step: 'profile', seconds: (now() - t2) / 1000, cached: false })
    } else warnings.push('no gene sets given: enrichment and PAM skipped')
  }
  warnings.push(...est.warnings())
  ctx?.progress?.(1, 'done')
  const strip = <T extends { groups: unknown }>(x: T): Omit<T, 'groups'> => {
    const { groups: _g, ...rest } = x
    void _g
    return rest
  }
  return {
    plan,
    n: { patients: img.ids.length, train: cohort.filter((c) => c === 'train').length, test: cohort.filter((c) => c === 'test').length, rna: rna ? Object.keys(rna.groups).filter((id) => cohortOf.has(id)).length : 0 },
    exclusions,
    flow: studyFlow(data.screened ?? [...(data.excluded ?? []).map((e) => e.patient), ...data.ids], exclusions, rna ? Object.keys(rna.groups) : undefined),
    imaging: { columns: img.columns, warnings: img.warnings, failed: img.failed, referencePatient: img.referencePatient, icc: img.icc, featureMatrix: { ids: img.ids, data: Array.from(img.features) } },
    groups,
    hrf: strip(hrf.value),
    deep: { ...(deep.cae ? { cae: strip(deep.cae) } : {}), ...(deep.hscae ? { hscae: strip(deep.hscae) } : {}) },
    rna: rna ? strip(rna) : null,
    table,
    coding: coded.coding,
    table1,
    table2,
    survival,
    stepwise,
    complementarity: comp,
    profile,
    profileGrouping: profiled,
    hrfK: hrfKSummary(hrf.value, plan),
    mfs,
    st2,
    ups,
    ...(lambdaTable ? { lambdaSensitivity: lambdaTable } : {}),
    geneSetCollections: collections.map((c) => ({ name: c.name, file: c.file, ...(c.sha256 ? { sha256: c.sha256 } : {}), sets: c.sets.length })),
    steps,
    warnings,
    notEstimable: est.list,
  }
}
