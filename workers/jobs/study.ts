// Worker jobs of the study engine: thin adapters over src/core/study.
// 'study.run': the whole analysis plan on the app's cohort in ONE job — the per-patient imaging
// fanned out over the pool's other workers ('study.patientImaging' sub-jobs, each resolving its
// patient's images: itk-wasm / demo generator, workers/image_io.ts), Hallmark gene sets fetched
// from the app's own origin, steps cached in IndexedDB (a change re-runs only what it
// invalidates), tfjs backend chosen by warm-up (src/core/deep/backend.ts), then the
// report (tables, SVG figures, self-contained HTML, analysis.json) and the example cases'
// pixels and Grad-CAM maps (kept per patient by the deep groupings), so the page only
// displays.
import * as tf from '@tensorflow/tfjs'
import type { JobTable, WorkerJobContext } from './types.ts'
import { subContext, throwIfCancelled } from '../../src/core/job.ts'
import type { Cohort, Patient, Sequence } from '../../src/core/cohort/cohort.ts'
import type { AnalysisPlan } from '../../src/core/study/plan.ts'
import { validatePlan } from '../../src/core/study/plan_schema.ts'
import type { StudyOptions, StudyResult } from '../../src/core/study/run_study.ts'
import { runStudyBundle, type StudyBundle } from '../../src/core/study/run.ts'
import { memoryStore, type CacheStore } from '../../src/core/study/step_cache.ts'
import { readCollections } from '../../src/core/omics/collections.ts'
import { sha256Hex } from '../../src/core/math/hash.ts'
import { maskedInput, tumourSlice } from '../../src/core/deep/slice.ts'
import { deepSliceOptions } from '../../src/core/study/imaging.ts'
import { chooseBackend, TRAINING_BACKENDS, type BackendChoice, type BackendName } from '../../src/core/deep/backend.ts'
import { defaultArchitecture } from '../../src/core/deep/model.ts'
import type { CamMap, CamTarget } from '../../src/core/deep/gradcam.ts'
import { camInputOf, camMapOf } from '../../src/core/study/deep_cams.ts'
import { resampleMaskNearest } from '../../src/core/image/resample_mask.ts'
import { sameGrid, type Mask, type Volume } from '../../src/core/image/volume.ts'
import { InputError } from '../../src/core/errors.ts'
import { lowerOrderStatistic } from '../../src/core/math/quantiles.ts'
import { appRoot } from '../assets.ts'
import { patientStudyData, pickExamples, studyDataFromCohort, type ExampleCase, type ExamplePick } from '../../src/core/study/cohort_data.ts'
import { concurrentRunner, imagingOfPatient, type PatientImaging, type PatientRunner } from '../../src/core/study/imaging.ts'
import { loadImageSource } from '../image_io.ts'
import { idbStore } from '../idb.ts'
import pkg from '../../package.json'
import { kmReport, type KmReport } from '../../src/core/stats/km_report.ts'
import { riskTimes } from '../../src/core/stats/risk_times.ts'

export interface StudyRunArgs {
  cohort: Cohort
  plan: AnalysisPlan
  /** the user's GMT files: further gene-set collections, each tested on its own */
  gmt?: { name: string; text: string }[]
  /** also test the shipped collection named by plan.enrichment.gmt (default true) */
  shippedGmt?: boolean
  /** tfjs backend for the deep models: 'auto' = fastest by warm-up */
  backend?: 'auto' | BackendName
  /** reuse cached step results (IndexedDB) */
  cache?: boolean
  /** results computed on the app's pages that the study takes when its plan matches (src/core/study/reuse.ts) */
  reuse?: StudyOptions['reuse']
}

/** RGBA pixels for a canvas. */
export interface Pixels { width: number; height: number; rgba: Uint8ClampedArray; aspect: number }

/** Grad-CAM of one deep model on one example patient. */
export interface ExampleCam {
  model: 'cae' | 'hscae'
  target: CamTarget
  /** the activation the map is computed on, in words */
  layer: string
  /** the model input the map explains, size × size in [0, 1] */
  input: Float32Array
  map: CamMap
}

export interface ExampleView extends ExampleCase {
  /** axial CE-T1 slice through the tumour's centre, tumour outline in red */
  axial: Pixels
  /** the deep models' input: mid-tumour slice, background removed */
  input: Pixels
  /** `input` is the slice the deep models were given ('model', kept with the Grad-CAM) or recomputed from the unprocessed CE-T1 */
  inputSource: 'model' | 'recomputed'
  /** the study preprocessed the images (the models' input comes from the preprocessed CE-T1) */
  preprocessed: boolean
  sliceIndex: number
  /** the Grad-CAM of the example grouping's deep model (HSCAE for h-RF/RNA groupings); null without deep models */
  cam: ExampleCam | null
}

export interface StudyRunOutput {
  /** the study result without the per-patient Grad-CAM maps, and the report bundle (src/core/study/run.ts) */
  result: StudyResult
  analysis: StudyBundle['analysis']
  analysisText: string
  tables: StudyBundle['tables']
  figures: StudyBundle['figures']
  html: string
  methods: string
  examples: (Omit<ExamplePick, 'cases'> & { cases: ExampleView[] }) | null
  /** KM curves per grouping with numbers at risk at round times, for the interactive plots */
  km: Record<string, { report: KmReport; at: number[] }>
  backend: BackendChoice | null
  versions: Record<string, string>
  seconds: number
  created: string
}

/** Step results kept in IndexedDB (survive reloads and cancelled workers); memory when unavailable. */
function stepStore(): CacheStore {
  if (typeof indexedDB === 'undefined') return memoryStore()
  const db = idbStore('sarcoma-study-cache', 'steps')
  return {
    get: (k) => db.get(k).catch(() => undefined),
    // a value the browser cannot store (quota) only costs a recomputation later
    set: (k, v) => db.put(v, k).catch(() => undefined),
  }
}

async function clearCache(): Promise<void> {
  if (typeof indexedDB !== 'undefined') await idbStore('sarcoma-study-cache', 'steps').clear()
}

/** the shipped collection (unless turned off) and the user's GMT files, one collection each, with their SHA-256 */
async function geneSets(plan: AnalysisPlan, gmt: { name: string; text: string }[] = [], shipped = true) {
  const files: { file: string; text: string; sha256: string }[] = []
  if (shipped) {
    const url = new URL(`genesets/${encodeURIComponent(plan.enrichment.gmt)}`, appRoot())
    const res = await fetch(url)
    if (!res.ok) throw new InputError(`could not be loaded from the app (${res.status}); choose a shipped collection or upload a GMT file`, plan.enrichment.gmt)
    const text = await res.text()
    files.push({ file: plan.enrichment.gmt, text, sha256: sha256Hex(text) })
  }
  for (const g of gmt) files.push({ file: g.name, text: g.text, sha256: sha256Hex(g.text) })
  return readCollections(files)
}

/** Axial slice k of a volume in grey (1st–99.5th percentile window) with the mask's outline in red. */
function axialPixels(v: Volume, mask: Uint8Array, k: number): Pixels {
  const [nx, ny] = v.dims
  const off = k * nx * ny
  const vals: number[] = []
  for (let i = 0; i < nx * ny; i++) if (Number.isFinite(v.data[off + i])) vals.push(v.data[off + i])
  vals.sort((a, b) => a - b)
  const lo = lowerOrderStatistic(vals, 0.01), hi = Math.max(lowerOrderStatistic(vals, 0.995), lo + 1e-9)
  const rgba = new Uint8ClampedArray(nx * ny * 4)
  const inMask = (x: number, y: number) => x >= 0 && y >= 0 && x < nx && y < ny && mask[off + y * nx + x] > 0
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) {
      const i = y * nx + x
      const g = Math.round((255 * (v.data[off + i] - lo)) / (hi - lo))
      const edge = inMask(x, y) && !(inMask(x - 1, y) && inMask(x + 1, y) && inMask(x, y - 1) && inMask(x, y + 1))
      rgba.set(edge ? [230, 30, 30, 255] : [g, g, g, 255], i * 4)
    }
  return { width: nx, height: ny, rgba, aspect: (ny * v.spacing[1]) / (nx * v.spacing[0]) }
}

/** The deep model whose Grad-CAM illustrates a grouping: its own for CAE/HSCAE, else HSCAE (CAE without it). */
function camModelFor(grouping: string, r: StudyResult): 'cae' | 'hscae' | null {
  if ((grouping === 'cae' || grouping === 'hscae') && r.deep[grouping]?.cam) return grouping
  return r.deep.hscae?.cam ? 'hscae' : r.deep.cae?.cam ? 'cae' : null
}

function exampleCam(id: string, r: StudyResult, grouping: string): ExampleCam | null {
  const model = camModelFor(grouping, r)
  const c = model ? r.deep[model]?.cam : undefined
  const map = c ? camMapOf(c, id) : null
  const input = c ? camInputOf(c, id) : null
  if (!model || !c || !map || !input) return null
  return { model, target: c.target, layer: c.layer, input, map: { size: c.size, map, target: c.values[id] } }
}

function greyPixels(x: Float32Array, size: number): Pixels {
  const rgba = new Uint8ClampedArray(size * size * 4)
  for (let i = 0; i < size * size; i++) {
    const g = Math.round(255 * x[i])
    rgba.set([g, g, g, 255], i * 4)
  }
  return { width: size, height: size, rgba, aspect: 1 }
}

/** Pixels of one example patient: the raw CE-T1 slice through the tumour, the deep models' input and its Grad-CAM. */
async function exampleView(c: ExampleCase, cohort: Cohort, size: number, r: StudyResult, grouping: string): Promise<ExampleView> {
  const p = cohort.patients.find((x) => x.id === c.id)!
  const ce = await loadImageSource(p.images.ce_t1!)
  const rawMask = await loadImageSource(p.images.mask!, ce)
  const m: Mask = { ...rawMask, data: Uint8Array.from(rawMask.data as ArrayLike<number>, (x) => (x > 0 ? 1 : 0)) }
  const mask = sameGrid(m, ce) ? m : resampleMaskNearest(m, ce)
  const s = tumourSlice(ce, mask, { ...deepSliceOptions(r.plan), size }, c.id)
  const cam = exampleCam(c.id, r, grouping)
  const preprocessed = r.plan.preprocess.enabled
  // the exact model input when the Grad-CAM kept it, else the same slicing of the unprocessed CE-T1
  const input = cam ? greyPixels(cam.input, cam.map.size) : greyPixels(maskedInput(s), s.size)
  return { ...c, axial: axialPixels(ce, mask.data, s.sliceIndex), input, inputSource: cam ? 'model' : 'recomputed', preprocessed, sliceIndex: s.sliceIndex, cam }
}

/** The result without the per-patient Grad-CAM maps (only the example cases' travel to the page). */
function withoutCams(r: StudyResult): StudyResult {
  const deep: StudyResult['deep'] = {}
  for (const m of ['cae', 'hscae'] as const) {
    const d = r.deep[m]
    if (!d) continue
    const { cam: _c, ...rest } = d
    void _c
    deep[m] = rest
  }
  return { ...r, deep }
}

export interface PatientImagingArgs {
  patient: Patient
  plan: AnalysisPlan
  /** the histogram-matching reference (the first training patient's intensities), when matching */
  reference: Partial<Record<Sequence, Float32Array>> | null
  /** the patient's features computed elsewhere in the project (reuse.ts), taken instead of extracted */
  known?: Float64Array
}

/** One patient's imaging step of the study (its images loaded in this worker): a sub-job of 'study.run'. */
function patientImagingJob(a: PatientImagingArgs): Promise<PatientImaging> {
  return imagingOfPatient(patientStudyData(a.patient, loadImageSource), a.plan, 0, a.reference, a.known)
}

/**
 * The study's per-patient imaging over the app's worker pool (the pool's other workers, as the
 * pages' jobs run), or undefined (this worker, one patient at a time) when the pool has none spare.
 */
function poolRunner(cohort: Cohort, ids: string[], plan: AnalysisPlan, ctx: WorkerJobContext): PatientRunner | undefined {
  const sub = ctx.subJob
  if (!sub) return undefined
  const byId = new Map(cohort.patients.map((p) => [p.id, p]))
  return concurrentRunner((i, reference, known) => sub.run('study.patientImaging', { patient: byId.get(ids[i])!, plan, reference, known } satisfies PatientImagingArgs) as Promise<PatientImaging>, sub.parallel)
}

async function runStudyJob(a: StudyRunArgs, ctx: WorkerJobContext): Promise<StudyRunOutput> {
  const started = performance.now()
  const { cohort, plan } = a
  validatePlan(plan) // before any work; runStudyBundle checks it again
  ctx.progress?.(0, 'reading the cohort')
  const data = await studyDataFromCohort(cohort, loadImageSource)
  // gene sets only matter for the profile of the worst group, which needs RNA-seq
  const collections = data.counts ? await geneSets(plan, a.gmt, a.shippedGmt ?? true) : []
  throwIfCancelled(ctx)
  let backend: BackendChoice | null = null
  if (plan.deep.enabled) {
    ctx.progress?.(0.01, 'choosing the tfjs backend')
    // warm-up on the model the study trains (HSCAE at the plan's size)
    const architecture = defaultArchitecture({ model: 'hscae', size: plan.deep.size, latentSize: plan.deep.latent, lambda: plan.deep.lambda, seed: plan.seed })
    backend = await chooseBackend(!a.backend || a.backend === 'auto' ? TRAINING_BACKENDS : [a.backend], architecture)
  }
  const store = a.cache === false ? memoryStore() : stepStore()
  const versions: Record<string, string> = {
    [pkg.name]: pkg.version,
    browser: typeof navigator !== 'undefined' ? navigator.userAgent : 'unknown',
    ...(backend ? { 'tfjs backend': `${backend.backend} (tfjs ${tf.version.tfjs})` } : {}),
    ...(pkg.dependencies as Record<string, string>),
  }
  const cohortLabel = (n: StudyResult['n']) => `${cohort.name}: ${n.patients} patients (${n.train} training, ${n.test} testing, ${n.rna} with RNA-seq)`
  const runner = poolRunner(cohort, data.ids, plan, ctx)
  const bundle = await runStudyBundle(data, plan, { store, collections, reuse: a.reuse, runner }, { versions, cohort: cohortLabel }, subContext(ctx, 0.02, 0.97))
  const { result, analysis, analysisText, tables, figures, html, methods, created } = bundle
  ctx.progress?.(0.97, 'writing the report')
  // the same curves as the report's (same table, same rows), with risk counts at round times
  const km: StudyRunOutput['km'] = {}
  for (const [g, sv] of Object.entries(result.survival)) {
    const at = riskTimes(Math.max(0, ...sv.km.groups.flatMap((k) => k.curve.time)))
    km[g] = { report: kmReport(result.table, { time: data.variables.time, event: data.variables.event, group: g, at }), at }
  }
  ctx.progress?.(0.98, 'example cases')
  const pick = pickExamples(result, data.clinical, data.variables.id, data.variables.time, data.variables.event)
  // one patient at a time: the demo generator keeps only the last patient's volumes
  const views: ExampleView[] = []
  if (pick) for (const c of pick.cases) views.push(await exampleView(c, cohort, plan.deep.size, result, pick.grouping))
  const examples = pick ? { ...pick, cases: views } : null
  ctx.progress?.(1, 'done')
  return { result: withoutCams(result), analysis, analysisText, tables, figures, html, methods, examples, km, backend, versions, seconds: (performance.now() - started) / 1000, created }
}

export const jobs = {
  'study.run': (a: StudyRunArgs, ctx) => runStudyJob(a, ctx),
  'study.patientImaging': (a: PatientImagingArgs) => patientImagingJob(a),
  'study.clearCache': () => clearCache(),
} satisfies JobTable
