// The one study pipeline: a cohort's StudyData + the analysis plan → the study result and
// its report bundle (analysis.json as a record and as the text the CLI writes, the report's
// tables and SVG figures, the methods paragraph and the self-contained HTML report).
// The CLI (`study`, files on disk, worker threads for imaging) and the browser worker
// ('study.run', IndexedDB cache) differ only in how they build StudyData and StudyOptions
// and in what they do with the bundle.
import type { JobContext } from '../job.ts'
import { jsonReplacer } from '../json.ts'
import type { AnalysisPlan } from './plan.ts'
import { validatePlan } from './plan_schema.ts'
import type { StudyData } from './study_data.ts'
import { runStudy, type StudyOptions, type StudyResult } from './run_study.ts'
import { analysisJson } from './analysis_json.ts'
import { reportFigures, reportTables } from './report/build.ts'
import { reportHtml, type ReportFigure, type ReportTable } from './report/html.ts'
import { methodsParagraph } from './report/methods.ts'
import { notEstimableTable } from './estimable.ts'
import { clinicalCovariates } from './analyses.ts'
import { DERIVED } from './study_table.ts'

export const REPORT_TITLE = 'Radiomics and transcriptomics of soft-tissue sarcomas: study report'

export interface StudyBundle {
  result: StudyResult
  analysis: ReturnType<typeof analysisJson>
  /** analysis.json as written (typed arrays as arrays, non-finite numbers as null, one-space indent) */
  analysisText: string
  tables: ReportTable[]
  figures: ReportFigure[]
  methods: string
  html: string
  created: string
  versions: Record<string, string>
}

export interface StudyRunMeta {
  /** software versions recorded in analysis.json and the report */
  versions: Record<string, string>
  /** ISO time stamp (default: now) */
  created?: string
  /** the cohort in words for the report's title page, from the patient counts */
  cohort?: (n: StudyResult['n']) => string
}

/** Run the plan on the cohort and build its report bundle. */
export async function runStudyBundle(data: StudyData, plan: AnalysisPlan, opts: StudyOptions, meta: StudyRunMeta, ctx?: JobContext): Promise<StudyBundle> {
  validatePlan(plan)
  const result = await runStudy(data, plan, opts, ctx)
  const created = meta.created ?? new Date().toISOString()
  const { versions } = meta
  const analysis = analysisJson(result, { versions, checksums: data.checksums, created })
  const ne = notEstimableTable(result.notEstimable)
  const tables = [...reportTables(result), ...(ne ? [ne] : [])]
  const figures = reportFigures(result)
  const icc = result.imaging.icc
  const ran = { icc: icc ? { kept: icc.filter((x) => x.keep).length, total: icc.length, patients: Math.max(0, ...icc.map((x) => x.n)) } : null, hrfK: result.hrfK, stepwise: result.stepwise, profile: result.profile ? (result.profileGrouping ?? null) : null, features: result.imaging.columns.length,
    referencePatient: !!result.imaging.referencePatient, coding: result.coding, highRisk: result.table.columns.includes(DERIVED.highRisk), covariates: clinicalCovariates(result.table, data.variables), models: Object.keys(result.complementarity?.models ?? {}) }
  const methods = methodsParagraph(plan, result.n, { deep: plan.deep.enabled, rna: !!data.counts, preprocess: plan.preprocess.enabled, rnaSteps: result.rna?.steps, collections: result.geneSetCollections }, ran)
  const html = reportHtml({ title: REPORT_TITLE, cohort: meta.cohort?.(result.n), created, seed: plan.seed, settings: plan, versions, checksums: data.checksums, methods, tables, figures, warnings: result.warnings })
  return { result, analysis, analysisText: JSON.stringify(analysis, jsonReplacer, 1), tables, figures, methods, html, created, versions }
}
