// CLI commands of the deep engine: `deep train` (CAE / HSCAE on the mid-tumour CE-T1
// slices of a manifest's patients) and `deep embed` (latent vectors from a saved model).
// Training runs either in Node on tfjs' CPU backend (--runner node) or in headless
// Chromium through playwright-core (--runner chromium, the default when /usr/bin/chromium
// exists), where the same training code picks the fastest of WebGPU, WebGL and CPU.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { readInputText } from '../input_files.ts'
import { writeFileAtomic } from '../output.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import type { Args } from '../args.ts'
import { readVolume } from '../image_io.ts'
import { readMask } from '../mask_io.ts'
import { readManifestFile } from '../manifest_io.ts'
import { InputError } from '../../core/errors.ts'
import { parseTable, columnIndex, isMissing, parseNumber, toCsv, type Table } from '../../core/table/table.ts'
import { DEFAULT_FIELD_OF_VIEW_MM, cohortFieldOfViewMm, cutTumourSlice, tumourPlane, type CropMode, type TumourPlane } from '../../core/deep/slice.ts'
import { defaultArchitecture, type DeepModelKind } from '../../core/deep/defaults.ts'
import type { DeepSample, TrainOptions, TrainResult } from '../../core/deep/train.ts'
import { DEFAULT_CROP, DEFAULT_LAMBDA, DEFAULT_VIEWS } from '../../core/deep/defaults.ts'
import { deepOutputs, latentTable } from '../../core/study/deep_outputs.ts'
import { modelJson, parseModelFiles, weightsBytes } from '../../core/deep/model_files.ts'
import type { Mask } from '../../core/image/volume.ts'
import type { DeepRunRequest, DeepRunResponse } from '../../core/deep/run.ts'
import { pack, unpack } from '../../core/deep/wire.ts'
import { execFileSync } from 'node:child_process'
import { PROJECT_ROOT } from '../root.ts'
import { sha256, shardFlag, shardRange, writeShardInfo, type Shard } from '../shard.ts'

// ---- headless Chromium runner -------------------------------------------------------
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ROOT = PROJECT_ROOT
// One bundle per checkout: node_modules may be shared between checkouts (a symlink), and a
// bundle built from another checkout's sources must not be taken for this one's.
const BUNDLE_DIR = path.join(ROOT, 'node_modules/.cache/deep-runner', sha256(fs.realpathSync(ROOT)).slice(0, 12))
const BUNDLE = path.join(BUNDLE_DIR, 'deep-runner.js')
// the flags of playwright.config.ts (WebGL through SwiftShader where there is no GPU)
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader']

function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM)
}

function newestMtime(dir: string): number {
  let t = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return t
}

/** Build the runner bundle (vite.deep.config.ts) when missing or older than its sources. */
function ensureBundle(progress: (f: number, m?: string) => void): void {
  // the runner's sources: src/core/deep, the few shared core modules it imports, its entry
  const shared = ['src/core/random.ts', 'src/core/job.ts', 'src/core/errors.ts'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs)
  const sources = Math.max(...shared, newestMtime(path.join(ROOT, 'src/core/deep')), fs.statSync(path.join(ROOT, 'workers/deep_runner.ts')).mtimeMs, fs.statSync(path.join(ROOT, 'vite.deep.config.ts')).mtimeMs)
  if (fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs >= sources) return
  progress(0, 'building the Chromium runner (vite.deep.config.ts)')
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.deep.config.ts', '--outDir', BUNDLE_DIR, '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
}

/** Run a request in headless Chromium (playwright-core, system Chromium) on its fastest tfjs backend. */
export async function runInChromium(req: DeepRunRequest, progress: (f: number, m?: string) => void, backend?: string, webgpu = false): Promise<DeepRunResponse> {
  ensureBundle(progress)
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])] })
  try {
    const page = await browser.newPage()
    // a secure-context origin served from memory (nothing listens on it)
    const origin = 'http://127.0.0.1:9/'
    await page.route(origin + '**', (route) => {
      const url = route.request().url()
      if (url.endsWith('/deep-runner.js')) return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(BUNDLE, 'utf8') })
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>deep runner</title><script src="deep-runner.js"></script>' })
    })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.exposeFunction('deepProgress', (f: number, m?: string) => progress(f, m))
    await page.goto(origin + 'index.html')
    await page.waitForFunction(() => typeof (window as unknown as { DeepRunner?: unknown }).DeepRunner === 'object')
    const packed = await page.evaluate(
      ([r, b]) => (window as unknown as { DeepRunner: { run(r: unknown, b?: string): Promise<unknown> } }).DeepRunner.run(r, b ?? undefined),
      [pack(req), backend ?? null] as const,
    )
    const res = unpack(packed) as DeepRunResponse & { backendErrors?: Record<string, string> }
    if (res.backendTimings) progress(1, `backend ${res.backend} (warm-up s/step: ${JSON.stringify(res.backendTimings)})`)
    return res
  } finally {
    await browser.close()
  }
}

function readText(file: string): string {
  return readInputText(file)
}

interface ManifestRow { id: string; cohort: 'train' | 'test'; ceT1: string; mask: string }

function readManifest(file: string): ManifestRow[] {
  return readManifestFile(file, { require: ['ce_t1', 'mask'], requireWhy: 'the deep models use the CE-T1 slice inside the tumour mask' }).map((r) => ({ id: r.id, cohort: r.cohort, ceT1: r.files.ce_t1!, mask: r.files.mask! }))
}

/** MFS per patient from the clinical table (columns mfs_time, mfs_event unless renamed). */
function readClinical(file: string, timeCol: string, eventCol: string): Map<string, { time: number; event: number }> {
  const t: Table = parseTable(readText(file), file)
  const idCol = ['patient_id', 'patient', 'id'].find((c) => t.columns.includes(c))
  if (!idCol) throw new InputError('has no patient_id column', file, 'header')
  const idI = columnIndex(t, idCol), tI = columnIndex(t, timeCol), eI = columnIndex(t, eventCol)
  const out = new Map<string, { time: number; event: number }>()
  t.rows.forEach((r, i) => {
    const time = parseNumber(r[tI] ?? ''), event = parseNumber(r[eI] ?? '')
    if (time !== undefined && !(time >= 0)) throw new InputError(`time ${r[tI]} is negative`, file, `row ${i + 2}, column ${timeCol}`)
    if (event !== undefined && event !== 0 && event !== 1) throw new InputError(`event must be 0 or 1, got ${r[eI]}`, file, `row ${i + 2}, column ${eventCol}`)
    out.set(r[idI], { time: time ?? NaN, event: event ?? NaN })
  })
  return out
}

/**
 * Mid-tumour CE-T1 slices of the manifest's patients (with MFS when a clinical table is found).
 * With `--fov-mm auto` the planes are read first and the field of view is sized from the
 * training patients' tumours (cohortFieldOfViewMm); `crop.fieldOfViewMm` then holds the mm used.
 */
async function loadSamples(args: Args, size: number, needClinical: boolean, shard: Shard | null = null, crop: CropOptions = cropFlags(args)): Promise<DeepSample[]> {
  const manifest = args.string('manifest')
  const all = readManifest(manifest)
  const rows = all.slice(...shardRange(all.length, shard))
  const clinicalFile = args.optionalString('clinical') ?? path.join(path.dirname(manifest), 'clinical.csv')
  let clinical: Map<string, { time: number; event: number }> | null = null
  if (fs.existsSync(clinicalFile)) clinical = readClinical(clinicalFile, args.string('time-column', 'mfs_time'), args.string('event-column', 'mfs_event'))
  else if (needClinical) throw new InputError('not found; HSCAE needs metastasis-free survival: pass --clinical FILE with mfs_time, mfs_event', clinicalFile)
  const planes: TumourPlane[] = []
  for (const r of rows) {
    const image = await readVolume(r.ceT1)
    const maskV = await readMask(r.mask, image)
    const mask: Mask = { ...maskV, data: Uint8Array.from(maskV.data as ArrayLike<number>, (v) => (v > 0 ? 1 : 0)) }
    planes.push(tumourPlane(image, mask, r.ceT1))
    const mfs = clinical?.get(r.id)
    if (needClinical && r.cohort === 'train' && !mfs) throw new InputError(`patient ${r.id} is not in the clinical table; HSCAE needs its MFS`, clinicalFile)
  }
  if (crop.auto) {
    crop.fieldOfViewMm = cohortFieldOfViewMm(planes.filter((_, i) => rows[i].cohort === 'train').map((p) => p.extentMm))
    process.stderr.write(`field of view ${crop.fieldOfViewMm.toFixed(1)} mm: the largest training tumour (${(crop.fieldOfViewMm / 1.2).toFixed(1)} mm) × 1.2\n`)
  }
  return rows.map((r, i) => {
    const s = cutTumourSlice(planes[i], { size, crop: crop.crop, fieldOfViewMm: crop.fieldOfViewMm }, r.ceT1)
    if (s.truncated) process.stderr.write(`warning: ${r.id}: the tumour is wider than the ${crop.fieldOfViewMm} mm field of view; its slice is cut at the edge (raise --fov-mm)\n`)
    const mfs = clinical?.get(r.id)
    return { id: r.id, cohort: r.cohort, slice: { size, image: s.image, mask: s.mask }, time: mfs?.time, event: mfs?.event }
  })
}

/** The crop; `auto`: fieldOfViewMm is sized from the cohort by loadSamples (deep train only). */
interface CropOptions { crop: CropMode; fieldOfViewMm: number; auto?: boolean }

/**
 * --crop fill|fov and --fov-mm (the model input's window around the tumour, src/core/deep/slice.ts).
 * `deep train`: default DEFAULT_CROP; --fov-mm auto sizes the window from the training cohort;
 * `deep embed`: as the model was trained (`saved`; a model.json from before the crop was
 * recorded was trained with 'fill').
 */
function cropFlags(args: Args, saved?: Partial<CropOptions>): CropOptions {
  const crop = args.choice('crop', ['fill', 'fov'] as const, saved ? saved.crop ?? 'fill' : DEFAULT_CROP)
  if (!saved && args.has('fov-mm') && args.string('fov-mm') === 'auto') return { crop, fieldOfViewMm: NaN, auto: true }
  const fieldOfViewMm = args.number('fov-mm', saved?.fieldOfViewMm ?? DEFAULT_FIELD_OF_VIEW_MM)
  if (!(Number.isFinite(fieldOfViewMm) && fieldOfViewMm >= 10 && fieldOfViewMm <= 1000)) throw new InputError(`--fov-mm must be between 10 and 1000 (mm), got ${fieldOfViewMm}`)
  return { crop, fieldOfViewMm }
}

function writeCsv(file: string, columns: string[], rows: (string | number)[][]): void {
  writeFileAtomic(file, toCsv(columns, rows))
}

const CLINICAL_FLAGS = { clinical: flag.input(), 'time-column': flag.string(), 'event-column': flag.string() }
const RUNNER_FLAGS = { runner: flag.choice(['chromium', 'node']), backend: flag.choice(['webgpu', 'webgl', 'cpu']), webgpu: flag.bool() }

function parseKind(v: string): DeepModelKind {
  if (v !== 'cae' && v !== 'hscae') throw new InputError(`--model must be cae or hscae, got "${v}"`)
  return v
}

async function execute(req: DeepRunRequest, args: Args): Promise<DeepRunResponse> {
  const runner = args.string('runner', chromiumAvailable() ? 'chromium' : 'node')
  const progress = (f: number, m?: string) => { if (!args.flag('quiet')) process.stderr.write(`[${Math.round(f * 100)}%] ${m ?? ''}\n`) }
  if (runner === 'chromium') return runInChromium(req, progress, args.optionalString('backend'), args.flag('webgpu'))
  if (runner !== 'node') throw new InputError(`--runner must be chromium or node, got "${runner}"`)
  // tfjs loads only here, so the other commands start without it
  const tf = await import('@tensorflow/tfjs')
  await tf.setBackend('cpu')
  const { runDeep } = await import('../../core/deep/run.ts')
  return runDeep(req, { progress })
}

const train: Command = {
  name: 'deep train',
  summary: 'train a CAE or HSCAE on mid-tumour CE-T1 slices; write latent vectors, groups, metrics and the model',
  usage: [
    'deep train --manifest FILE --model cae|hscae [--size 64] [--epochs 20] [--repeats 100] [--seed 1] --out DIR',
    '  [--clinical FILE (default clinical.csv beside the manifest)] [--time-column mfs_time] [--event-column mfs_event]',
    '  [--lambda 0.005] [--latent 1024] [--filters 8,16,32 (size < 64; 16,32,64,128 from 64)] [--batch 8] [--lr 0.003] [--patience 3] [--views 12] [--no-augment] [--groups 2] [--components 3]',
    `  [--cv warm-start|independent] [--aggregate train-mean|held-out (independent)] [--lr-schedule constant|plateau] [--crop fov|fill (default ${DEFAULT_CROP})] [--fov-mm 200|auto (crop fov; auto: the largest training tumour × 1.2)]`,
    '  [--runner chromium|node] [--backend webgpu|webgl|cpu (chromium: default = fastest by warm-up)] [--webgpu (Chromium flags for SwiftShader WebGPU)] [--json]',
    'Writes DIR/latent.csv, DIR/groups.csv, DIR/metrics.json, DIR/risk.csv (HSCAE head or CAE PC-Cox score), DIR/history.json, DIR/model.json + DIR/weights.bin.',
  ].join('\n'),
  flags: { manifest: flag.input(), model: flag.choice(['cae', 'hscae']), size: flag.int(16, 512), epochs: flag.int(1, 10000), repeats: flag.int(1, 10000), seed: flag.int(0, 4294967295), out: flag.output(), ...CLINICAL_FLAGS, lambda: flag.number(0, 1000), latent: flag.int(1, 65536), filters: flag.numbers(1, 1024, { integers: true }), batch: flag.int(1, 4096), lr: flag.number(0, 10, { exclusiveMin: true }), patience: flag.int(0, 1000), views: flag.int(1, 1000), 'no-augment': flag.bool(), groups: flag.int(2, 20), components: flag.int(1, 100), ...RUNNER_FLAGS , cv: flag.choice(['warm-start', 'independent']), aggregate: flag.choice(['train-mean', 'held-out']), 'lr-schedule': flag.choice(['constant', 'plateau']), crop: flag.choice(['fill', 'fov']), 'fov-mm': flag.string() },
  async run(args) {
    const t0 = performance.now()
    const kind = parseKind(args.string('model'))
    const out = args.string('out')
    const size = args.number('size', 64)
    const architecture = defaultArchitecture({
      model: kind, size, seed: args.number('seed', 1),
      latentSize: args.number('latent', 1024), lambda: args.number('lambda', DEFAULT_LAMBDA),
      learningRate: args.number('lr', 3e-3), batchSize: args.number('batch', 8),
      ...(args.has('filters') ? { filters: args.numberList('filters') } : {}),
    })
    const epochs = args.number('epochs', 20), repeats = args.number('repeats', 100)
    if (!(Number.isInteger(epochs) && epochs >= 1)) throw new InputError('--epochs must be a positive integer')
    if (!(Number.isInteger(repeats) && repeats >= 1)) throw new InputError('--repeats must be a positive integer')
    const crop = cropFlags(args)
    const samples = await loadSamples(args, size, kind === 'hscae', null, crop)
    const cv = args.choice('cv', ['warm-start', 'independent'] as const, 'warm-start')
    const options: TrainOptions = {
      architecture, epochs, repeats, patience: args.number('patience', 3), augment: !args.flag('no-augment'), views: args.number('views', DEFAULT_VIEWS),
      cv, lrSchedule: args.choice('lr-schedule', ['constant', 'plateau'] as const, 'constant'),
      ...(cv === 'independent' ? { aggregate: args.choice('aggregate', ['train-mean', 'held-out'] as const, 'train-mean') } : {}),
    }
    const res = await execute({ kind: 'train', samples, options }, args)
    const result = res.result as TrainResult
    const time = samples.map((s) => s.time ?? NaN), event = samples.map((s) => s.event ?? NaN)
    const o = deepOutputs(result, time, event, { backend: res.backend, groups: args.number('groups', 2), components: args.number('components', 3), seconds: (performance.now() - t0) / 1000 })
    fs.mkdirSync(out, { recursive: true })
    const lt = latentTable(result.ids, result.latents, result.latentSize)
    writeCsv(path.join(out, 'latent.csv'), lt.columns, lt.rows)
    writeCsv(path.join(out, 'groups.csv'), ['patient_id', 'cohort', 'group'], o.groups.map((g) => [g.patient_id, g.cohort, g.group]))
    writeFileAtomic(path.join(out, 'metrics.json'), JSON.stringify(o.metrics, null, 1) + '\n')
    writeCsv(path.join(out, 'risk.csv'), ['patient_id', 'cohort', 'risk'], o.groups.map((g, i) => [g.patient_id, g.cohort, o.risk[i]]))
    writeFileAtomic(path.join(out, 'history.json'), JSON.stringify({ cindexSource: o.cindexSource, history: result.history }, null, 1) + '\n')
    writeFileAtomic(path.join(out, 'model.json'), JSON.stringify(modelJson(result.architecture, result.weights, {
      backend: res.backend, savedAt: new Date().toISOString(),
      training: {
        epochs, repeats, patience: options.patience, heldOutFraction: 0.1, augment: options.augment, views: options.views,
        crop: crop.crop, fieldOfViewMm: crop.fieldOfViewMm, ...(crop.auto ? { fieldOfViewRule: 'largest training tumour × 1.2' } : {}), cv: result.cv,
        protocol: cv === 'independent'
          ? `a fresh model per repeat; each repeat a new held-out 10% with early stopping; latents averaged over the repeats where the patient was ${options.aggregate === 'held-out' ? 'held out' : 'in training'}`
          : 'one model through the repeats; each repeat a new held-out 10% with early stopping; latents from the final model',
        heldOutRelativeMsePercent: result.heldOutRelativeMsePercent,
        metrics: o.metrics, backendTimings: res.backendTimings,
      },
    }), null, 1) + '\n')
    writeFileAtomic(path.join(out, 'weights.bin'), weightsBytes(result.weights))
    emit(args, { ...o.metrics, cindexSource: o.cindexSource, out }, () =>
      [`${kind.toUpperCase()} on ${res.backend}: ${result.ids.length} patients, ${result.latentSize} latent features, ${o.metrics.seconds.toFixed(1)} s`,
        `relative MSE %: train ${o.metrics.relativeMsePercent.train.toFixed(3)}, validation ${o.metrics.relativeMsePercent.validation.toFixed(3)}, test ${o.metrics.relativeMsePercent.test.toFixed(3)}`,
        ...(o.metrics.tumourRelativeMsePercent ? [`relative MSE % inside the tumour: train ${o.metrics.tumourRelativeMsePercent.train.toFixed(3)}, test ${o.metrics.tumourRelativeMsePercent.test.toFixed(3)}`] : []),
        `C-index (${o.cindexSource}): train ${o.metrics.cindex.train.toFixed(3)}, test ${o.metrics.cindex.test.toFixed(3)}`,
        `wrote ${out}/latent.csv, groups.csv, metrics.json, risk.csv, history.json, model.json, weights.bin`].join('\n'))
  },
}

const embedCmd: Command = {
  name: 'deep embed',
  summary: 'latent vectors of a manifest\'s patients from a model saved by "deep train"',
  usage: 'deep embed --model DIR --manifest FILE --out FILE [--clinical FILE] [--time-column mfs_time] [--event-column mfs_event] [--runner chromium|node] [--backend webgpu|webgl|cpu] [--webgpu] [--shard i/n] [--crop fill|fov] [--fov-mm N (default: as trained)] [--json]\nWrites FILE: patient_id, latent_1 … latent_L.\n--shard i/n: only the i-th of n ranges of the manifest rows; "merge --out latents.csv PART..." joins the parts.',
  flags: { model: flag.input(), manifest: flag.input(), out: flag.output(), ...CLINICAL_FLAGS, ...RUNNER_FLAGS, shard: flag.string(), crop: flag.choice(['fill', 'fov']), 'fov-mm': flag.number(10, 1000) },
  async run(args) {
    const dir = args.string('model')
    const out = args.string('out')
    const jsonFile = path.join(dir, 'model.json')
    let bytes: Uint8Array
    try {
      bytes = fs.readFileSync(path.join(dir, 'weights.bin'))
    } catch {
      throw new InputError('not found; --model must be the folder written by "deep train"', path.join(dir, 'weights.bin'))
    }
    const { json, weights } = parseModelFiles(readText(jsonFile), bytes, jsonFile)
    const shard = shardFlag(args)
    const saved = (json as { training?: Partial<CropOptions> }).training
    const samples = await loadSamples(args, json.architecture.size, false, shard, cropFlags(args, saved))
    const res = await execute({ kind: 'embed', samples, architecture: json.architecture, weights }, args)
    const r = res.result as { latents: Float32Array }
    const lt = latentTable(samples.map((s) => s.id), r.latents, json.architecture.latentSize)
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    writeCsv(out, lt.columns, lt.rows)
    if (shard) {
      const total = readManifest(args.string('manifest')).length
      const [from, to] = shardRange(total, shard)
      writeShardInfo(out, { command: 'deep embed', ...shard, from, to, total, job: sha256(readText(args.string('manifest')), readText(jsonFile), bytes) })
    }
    emit(args, { patients: samples.length, latentSize: json.architecture.latentSize, backend: res.backend, out }, () => `wrote ${out}: ${samples.length} patients × ${json.architecture.latentSize} latent features (${res.backend})`)
  },
}

export const commands: Command[] = [train, embedCmd]
