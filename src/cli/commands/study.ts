// CLI command `study`: the whole analysis plan on a cohort given as files, writing the
// offline report, one CSV per table and analysis.json.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { readVolume } from '../image_io.ts'
import { readMask, readMaskFor } from '../mask_io.ts'
import { InputError } from '../../core/errors.ts'
import { parseTable, toCsv } from '../../core/table/table.ts'
import { planFromManifest, guessMapping, checkMapping } from '../../core/study/import.ts'
import { defaultPlan, fastPlan, mergePlan } from '../../core/study/plan.ts'
import { variablesFromMapping, type PatientImages, type StudyData } from '../../core/study/study_data.ts'
import { runStudyBundle } from '../../core/study/run.ts'
import { sha256Hex } from '../../core/math/hash.ts'
import { decodeText, parseCountMatrix, parseSampleSheet, sampleAnnotation } from '../../core/omics/counts.ts'
import { parseGmt } from '../../core/omics/gmt.ts'
import { diskStore } from '../disk_store.ts'
import { imagingPool } from '../imaging_pool.ts'
import { PROJECT_ROOT } from '../root.ts'
import { runInChromium } from './deep.ts'
import type { DeepSample, TrainOptions, TrainResult } from '../../core/deep/train.ts'
import type { JobContext } from '../../core/job.ts'
import { binaryMask } from '../../core/image/mask_check.ts'

function walk(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else out.push(p)
  }
  return out
}

function readText(file: string): { text: string; sha256: string } {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(fs.readFileSync(file))
  } catch {
    throw new InputError('file not found; check the path', file)
  }
  return { text: decodeText(bytes), sha256: sha256Hex(bytes) }
}


const DEFAULT_GMT = ['public/genesets/h.all.v7.5.1.symbols.gmt', '../shared/data/genesets/h.all.v7.5.1.symbols.gmt']

const study: Command = {
  name: 'study',
  summary: "the paper's whole analysis plan on a cohort → report.html, tables/*.csv, analysis.json",
  usage: 'study --manifest FILE --clinical FILE [--counts FILE --samples FILE [--batch-column batch]] [--gmt FILE] [--config FILE.json] [--fast] [--seed S] [--cache DIR] [--threads N] [--deep-runner chromium|node] --out DIR\n      study --print-plan [--fast]',
  async run(args) {
    let plan = args.flag('fast') ? fastPlan() : defaultPlan()
    if (args.has('config')) {
      const f = args.string('config')
      let json: unknown
      try {
        json = JSON.parse(readText(f).text)
      } catch (e) {
        throw new InputError(`is not valid JSON (${(e as Error).message}); fix the syntax`, f)
      }
      plan = mergePlan(plan, json, f)
    }
    if (args.has('seed')) plan.seed = args.number('seed')
    if (args.flag('print-plan')) {
      process.stdout.write(JSON.stringify(plan, null, 2) + '\n')
      return
    }
    const manifestFile = args.string('manifest')
    const clinicalFile = args.string('clinical')
    const out = args.string('out')
    const checksums: { file: string; sha256: string }[] = []
    const m = readText(manifestFile)
    checksums.push({ file: manifestFile, sha256: m.sha256 })
    const manifest = parseTable(m.text, manifestFile)
    const base = path.dirname(manifestFile)
    // paths relative to the manifest's folder, as the import step sees a picked folder
    const patients = planFromManifest(manifest, path.basename(manifestFile), walk(base).map((p) => path.relative(base, p).split(path.sep).join('/')))
    const c = readText(clinicalFile)
    checksums.push({ file: clinicalFile, sha256: c.sha256 })
    const clinical = parseTable(c.text, clinicalFile)
    const mapping = guessMapping(clinical.columns)
    checkMapping(clinical, mapping)
    const variables = variablesFromMapping(mapping, clinical.columns)
    let counts, batch: string[] | undefined
    if (args.has('counts')) {
      const cf = args.string('counts')
      const bytes = new Uint8Array(fs.readFileSync(cf))
      checksums.push({ file: cf, sha256: sha256Hex(bytes) })
      counts = parseCountMatrix(bytes, cf)
      if (args.has('samples')) {
        const sf = args.string('samples')
        const s = readText(sf)
        checksums.push({ file: sf, sha256: s.sha256 })
        batch = sampleAnnotation(parseSampleSheet(s.text, sf), args.string('batch-column', 'batch'), counts.samples, cf)
      }
    }
    const gmtFile = args.optionalString('gmt') ?? DEFAULT_GMT.find((f) => fs.existsSync(f))
    const geneSets = gmtFile ? parseGmt(readText(gmtFile).text, gmtFile) : []
    const missingImages = patients.filter((p) => !p.images.ce_t1 || !p.images.mask)
    if (missingImages.length) throw new InputError(`patient(s) ${missingImages.slice(0, 3).map((p) => p.id).join(', ')} lack a ce_t1 image or a mask; the study needs both`, manifestFile)
    const data: StudyData = {
      ids: patients.map((p) => p.id),
      cohort: patients.map((p) => p.cohort),
      clinical,
      variables,
      counts,
      batch,
      checksums,
      async loadImages(i): Promise<PatientImages> {
        const p = patients[i]
        const read = async (k: 't1' | 't2' | 'ce_t1' | 'mask') => {
          const ref = p.images[k] ?? p.images.ce_t1!
          return readVolume(path.join(base, ref.kind === 'file' ? ref.path : ref.dir))
        }
        const ce = await read('ce_t1')
        const mref = p.images.mask!
        const maskFile = path.join(base, mref.kind === 'file' ? mref.path : mref.dir)
        return { ce_t1: ce, t1: p.images.t1 ? await read('t1') : ce, t2: p.images.t2 ? await read('t2') : ce, mask: binaryMask(await readMask(maskFile, ce), maskFile) }
      },
    }
    const started = Date.now()
    let lastPrint = 0
    const store = args.has('cache') ? diskStore(args.string('cache')) : undefined
    const fileOf = (i: number, k: 't1' | 't2' | 'ce_t1' | 'mask') => {
      const ref = patients[i].images[k] ?? patients[i].images.ce_t1!
      return path.join(base, ref.kind === 'file' ? ref.path : ref.dir)
    }
    // optional second segmentation per patient (manifest column mask2) for the ICC filter
    const mask2Col = manifest.columns.indexOf('mask2')
    const mask2Of = (i: number): string | undefined => {
      if (mask2Col < 0) return undefined
      const row = manifest.rows.find((r) => r[manifest.columns.indexOf('patient_id')] === patients[i].id)
      return row && row[mask2Col] ? path.join(base, row[mask2Col]) : undefined
    }
    if (mask2Col >= 0) data.secondMaskFile = mask2Of
    if (mask2Col >= 0)
      data.loadSecondMask = async (i) => {
        const f = mask2Of(i)
        return f ? binaryMask(await readMaskFor(f, fileOf(i, 'ce_t1')), f) : null
      }
    const threads = args.number('threads', 0)
    const runner = threads === 1 ? undefined : imagingPool(plan, (i) => ({ t1: fileOf(i, 't1'), t2: fileOf(i, 't2'), ce_t1: fileOf(i, 'ce_t1'), mask: fileOf(i, 'mask'), mask2: mask2Of(i) }), data.ids, threads || undefined)
    // deep models: in headless Chromium (WebGL/WebGPU) when available, as `deep train` does
    const deepRunner = args.string('deep-runner', fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? 'chromium' : 'node')
    if (deepRunner !== 'chromium' && deepRunner !== 'node') throw new InputError(`--deep-runner must be chromium or node, got "${deepRunner}"`)
    const trainDeep =
      deepRunner === 'chromium'
        ? async (samples: DeepSample[], options: TrainOptions, ctx?: JobContext) => {
            const r = await runInChromium({ kind: 'train', samples, options }, (f, m) => ctx?.progress?.(f, m))
            process.stderr.write(`deep ${options.architecture.model}: trained on ${r.backend} in Chromium\n`)
            return r.result as TrainResult
          }
        : undefined
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> }
    const versions: Record<string, string> = { [pkg.name]: pkg.version, node: process.version, ...Object.fromEntries(Object.entries(pkg.dependencies).map(([k, v]) => [k, v])) }
    const progress = (f: number, msg?: string) => {
      const now = Date.now()
      if (now - lastPrint > 2000 || f >= 1) {
        lastPrint = now
        process.stderr.write(`[${((now - started) / 1000).toFixed(0)} s] ${(f * 100).toFixed(0)}% ${msg ?? ''}\n`)
      }
    }
    const { result, tables, analysisText, html } = await runStudyBundle(data, plan, { geneSets, store, runner, trainDeep }, { versions }, { progress })
    fs.mkdirSync(path.join(out, 'tables'), { recursive: true })
    for (const t of tables) fs.writeFileSync(path.join(out, 'tables', `${t.id}.csv`), toCsv(t.columns, t.rows))
    fs.writeFileSync(path.join(out, 'analysis.json'), analysisText)
    fs.writeFileSync(path.join(out, 'report.html'), html)
    const summary = { out, seconds: (Date.now() - started) / 1000, n: result.n, steps: result.steps, warnings: result.warnings.length }
    if (args.flag('json')) process.stdout.write(JSON.stringify(summary) + '\n')
    else process.stdout.write(`wrote ${out}/report.html, ${tables.length} tables, analysis.json in ${summary.seconds.toFixed(1)} s (${result.n.patients} patients)\n`)
  },
}

export const commands: Command[] = [study]
