// The project's results, typed: what each page computed (app.results, saved with the
// project), and the accessors through which the other pages read them — the feature tables
// the Clustering page can cluster (the Radiomics page's h-RF table, the Deep page's latents,
// the Transcriptomics page's most variable genes), the groupings the Survival page can group
// by or adjust for (h-RF, deep, RNA, the study's, user-defined), and the Radiomics page's
// features the Study can reuse. Keys are those the pages wrote before this module (saved
// projects read back unchanged).
import type { FeatureTable } from '../../core/cohort/features.ts'
import type { Cohort, ImageSource } from '../../core/cohort/cohort.ts'
import type { Table } from '../../core/table/table.ts'
import type { LabelledMatrix } from '../../core/cluster/index.ts'
import type { ConsensusOptions } from '../../core/cluster/consensus.ts'
import type { RadiomicsSettings } from '../../core/radiomics/settings.ts'
import type { IccFeatureRow, IccModel } from '../../core/radiomics/icc.ts'
import type { DeepOutputs } from '../../core/study/deep_outputs.ts'
import type { TrainResult } from '../../core/deep/train.ts'
import type { MolecularGroups, GroupCharacterisation } from '../../core/omics/workflow.ts'
import type { HeatmapData } from '../../core/omics/heatmap.ts'
import type { Groupings } from '../../core/study/study_table.ts'
import type { KmReport } from '../../core/stats/km_report.ts'
import type { CoxModel } from '../../core/stats/cox.ts'
import type { CindexReport } from '../../core/stats/cindex_cv.ts'
import type { StepReport } from '../../core/preprocess/pipeline.ts'
import type { IntensityHistogram } from '../../core/preprocess/histogram.ts'
import type { SeriesRules } from '../../core/image/dicom/series_rules.ts'
import type { Sequence } from '../../core/cohort/cohort.ts'
import type { CaseResult, PreprocessSettings } from '../../../workers/jobs/preprocess.ts'
import type { PatientScan } from '../../../workers/jobs/foundation.ts'
import type { KnownFeatures } from '../../core/study/reuse.ts'
import { groupingLabel } from '../../core/study/report/build.ts'
import { stableJson } from '../../core/math/hash.ts'

/** The Radiomics page's extraction. */
export interface RadiomicsResults {
  preset: string
  /** the settings the features were extracted with (null: a pyradiomics parameter file) */
  settings?: RadiomicsSettings | null
  /** the images they were extracted from (imagesKey of the cohort then) */
  imagesKey?: string
  table: FeatureTable
  warnings: string[]
  seconds: number
}

export interface IccResults { model: IccModel; threshold: number; kept: string[]; rows: IccFeatureRow[] }

/** The Deep page's last trained model: latents and groups per patient. */
export interface DeepResults {
  model: TrainResult['architecture']['model']
  backend: string
  ids: string[]
  cohorts: TrainResult['cohorts']
  latentSize: number
  latents: Float32Array
  risk: number[]
  groups: DeepOutputs['groups']
  metrics: DeepOutputs['metrics']
  cindexSource: string
}

/** The Clustering page's consensus: groups (A = most numerous) per k, by item id. */
export interface ConsensusGroups {
  ids: string[]
  suggestedK: number
  groups: Record<number, Record<string, string>>
  options: ConsensusOptions
  /** the feature source clustered (a FeatureSource key) */
  source?: string
}

/** The Transcriptomics page's molecular groups (samples in cluster order). */
export interface OmicsResults {
  groups: MolecularGroups
  samples: string[]
  characterisation?: GroupCharacterisation & { heatmap: HeatmapData }
  /** voom log-CPM of the genes the groups were computed on (samples × genes), for the Clustering page */
  features?: LabelledMatrix
}

/** A preprocessed case as the Preprocessing page keeps it (no voxels). */
export interface CaseSummary {
  id: string
  sequence: Sequence
  dims: number[]
  steps: StepReport[]
  before: IntensityHistogram
  after: IntensityHistogram
  planted: CaseResult['planted']
  seconds: number
  /** SHA-256 of the final image's bytes */
  outputSha?: string | null
}
export interface PreprocessStep { settings: PreprocessSettings; cases: CaseSummary[]; complete: boolean }

/** A grouping of patients made on a page: patient id → group name. */
export interface Grouping {
  label: string
  /** page or step that made it */
  source: string
  groups: Record<string, string>
}

export interface ProjectResults {
  'foundation.demoLoadSeconds'?: number
  'foundation.scan'?: Record<string, PatientScan>
  'dicom.rules'?: SeriesRules
  /** every export pseudonymised (src/ui/lib/pseudonyms.ts) */
  'export.pseudonymise'?: boolean
  preprocess?: PreprocessStep
  radiomics?: RadiomicsResults
  'radiomics.icc'?: IccResults
  deep?: DeepResults
  'cluster.consensus'?: ConsensusGroups
  omics?: OmicsResults
  'stats.km'?: KmReport
  'stats.cox'?: CoxModel
  'stats.cindex'?: CindexReport
  study?: { groups: Groupings; worstCombination: string | null }
  /** groupings saved by the pages that make them on request (the Clustering page's), by key */
  groupings?: Record<string, Grouping>
}

// ---------------------------------------------------------------- inputs of the Clustering page

export interface FeatureSource {
  key: string
  label: string
  table: LabelledMatrix
}

/** A table's columns without a missing value (consensus clustering needs complete rows). */
function completeColumns(t: FeatureTable): { table: LabelledMatrix; dropped: number } {
  const nc = t.columns.length
  const keep = t.columns.map((_, j) => t.ids.every((_, i) => Number.isFinite(t.values[i * nc + j])))
  const cols = t.columns.filter((_, j) => keep[j])
  const idx = keep.flatMap((k, j) => (k ? [j] : []))
  const data = new Float64Array(t.ids.length * cols.length)
  t.ids.forEach((_, i) => idx.forEach((j, c) => (data[i * cols.length + c] = t.values[i * nc + j])))
  return { table: { ids: t.ids, features: cols, matrix: { nItems: t.ids.length, nFeatures: cols.length, data } }, dropped: nc - cols.length }
}

/** The feature tables earlier pages produced, as the Clustering page's inputs. */
export function featureSources(r: ProjectResults): FeatureSource[] {
  const out: FeatureSource[] = []
  if (r.radiomics && r.radiomics.table.ids.length >= 3) {
    const { table, dropped } = completeColumns(r.radiomics.table)
    if (table.features.length) out.push({ key: 'radiomics', label: `Radiomics page: h-RF table (${r.radiomics.preset}), ${table.ids.length} patients × ${table.features.length} features${dropped ? ` (${dropped} with missing values left out)` : ''}`, table })
  }
  if (r.deep && r.deep.ids.length >= 3) {
    const d = r.deep
    const data = Float64Array.from(d.latents)
    out.push({ key: 'deep', label: `Deep page: ${d.model.toUpperCase()} latents, ${d.ids.length} patients × ${d.latentSize}`, table: { ids: d.ids, features: Array.from({ length: d.latentSize }, (_, j) => `latent_${j + 1}`), matrix: { nItems: d.ids.length, nFeatures: d.latentSize, data } } })
  }
  const f = r.omics?.features
  if (f && f.ids.length >= 3) out.push({ key: 'rna', label: `Transcriptomics page: log-CPM of the ${f.features.length} most variable genes, ${f.ids.length} samples`, table: f })
  return out
}

/** Samples × the given genes of an expression matrix (genes × samples), for the Clustering page. */
export function geneFeatures(x: { genes: string[]; samples: string[]; data: Float64Array }, genes: string[]): LabelledMatrix {
  const row = new Map(x.genes.map((g, i) => [g, i]))
  const use = genes.filter((g) => row.has(g))
  const n = x.samples.length
  const data = new Float64Array(n * use.length)
  use.forEach((g, j) => {
    const r = row.get(g)! * n
    for (let i = 0; i < n; i++) data[i * use.length + j] = x.data[r + i]
  })
  return { ids: x.samples, features: use, matrix: { nItems: n, nFeatures: use.length, data } }
}

/** Which grouping a clustering of a source makes (h-RF from radiomics, deep from latents, RNA from genes). */
export function groupingKeyOf(source: string): string {
  return source === 'radiomics' ? 'hrf' : source === 'deep' ? 'deep' : source === 'rna' ? 'rna' : 'user'
}

// ---------------------------------------------------------------- groupings for the Survival page

/** Every grouping of the project, by key: the Clustering page's, the Deep page's, the Transcriptomics page's, the study's. */
export function projectGroupings(r: ProjectResults): Record<string, Grouping> {
  const out: Record<string, Grouping> = {}
  if (r.deep) out.deep = { label: `${r.deep.model.toUpperCase()} groups (Deep page)`, source: 'deep', groups: Object.fromEntries(r.deep.groups.map((g) => [g.patient_id, g.group])) }
  if (r.omics) {
    const o = r.omics
    out.rna = { label: `RNA groups (Transcriptomics page, k = ${o.groups.k})`, source: 'omics', groups: Object.fromEntries(o.samples.map((s, i) => [s, `group ${o.groups.clusters[i]}`])) }
  }
  // the Clustering page's (h-RF on the radiomics table, or on latents / genes) replace the pages' own
  for (const [k, g] of Object.entries(r.groupings ?? {})) out[k] = g
  for (const [k, g] of Object.entries(r.study?.groups ?? {})) out[`study_${k}`] = { label: `study: ${groupingLabel(k)} groups`, source: 'study', groups: g }
  return out
}

/** Column name of a grouping in the Survival page's table. */
export const groupingColumn = (key: string): string => `${key}_group`

/** The clinical table with one column per grouping (empty where a patient has no group). */
export function withGroupings(clinical: Table, idColumn: string, groupings: Record<string, Grouping>): Table {
  const id = clinical.columns.indexOf(idColumn)
  const keys = Object.keys(groupings).filter((k) => !clinical.columns.includes(groupingColumn(k)))
  if (id < 0 || keys.length === 0) return clinical
  return {
    ...clinical,
    columns: [...clinical.columns, ...keys.map(groupingColumn)],
    rows: clinical.rows.map((row) => [...row, ...keys.map((k) => groupings[k].groups[String(row[id])] ?? '')]),
  }
}

// ---------------------------------------------------------------- what the Study can reuse

/** Identifies a cohort's images (sources, not bytes): features extracted from other images are not reused. */
export function imagesKey(c: Cohort): string {
  const src = (s: ImageSource | undefined): string =>
    !s ? '-' : s.kind === 'demo' ? `demo:${s.seed}:${s.patients}:${s.index}:${s.image}:${s.size ?? ''}` : s.kind === 'file' ? `file:${s.name}:${s.file?.size ?? ''}${s.roi ? `:roi=${s.roi}` : ''}` : `dicom:${s.name}:${s.files.length}`
  return c.patients.map((p) => `${p.id}[${Object.keys(p.images).sort().map((k) => `${k}=${src(p.images[k as keyof typeof p.images])}`).join(',')}]`).join(';')
}

/** The Radiomics page's features, when they were extracted from this cohort's images with known settings. */
export function reusableFeatures(r: ProjectResults, cohort: Cohort): KnownFeatures | undefined {
  const x = r.radiomics
  if (!x?.settings || x.imagesKey !== imagesKey(cohort)) return undefined
  // per-sequence masks: the page and the study read them by different rules (not shown equal), so the study extracts its own
  if (cohort.patients.some((p) => Object.keys(p.images).some((k) => /^mask_/.test(k)))) return undefined
  return { source: `Radiomics page (${x.preset})`, settingsKey: stableJson(x.settings), ids: x.table.ids, columns: x.table.columns, values: x.table.values }
}
