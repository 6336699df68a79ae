// CLI command `study`: the whole analysis plan on a cohort given as files, writing the
// offline report, one CSV per table and analysis.json.
import { zipTexts } from '../../core/study/report/bundle.ts'
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { readInputBytes } from '../input_files.ts'
import { ensureOutputFolder, writeFileAtomic } from '../output.ts'
import { flag } from '../args.ts'
import { readVolume } from '../image_io.ts'
import { readMask, readMaskFor, readSequenceMasks } from '../mask_io.ts'
import type { ImageRole } from '../../core/cohort/cohort.ts'
import { requireSequencesAndFit } from '../../core/image/mask_coverage.ts'
import { InputError } from '../../core/errors.ts'
import { parseTable, toCsv } from '../../core/table/table.ts'
import { planFromManifest, guessMapping, checkMapping } from '../../core/study/import.ts'
import { clinicalExclusions } from '../../core/study/flow.ts'
import { applyClinicalMapping, parseMappingFile } from '../../core/study/clinical_mapping.ts'
import { countsByPatient } from '../../core/omics/sample_patients.ts'
import { newPseudonymKey, pseudonymise, replaceIds, type PseudonymKey } from '../../core/study/pseudonyms.ts'
import { defaultPlan, fastPlan, mergePlan } from '../../core/study/plan.ts'
import { validatePlan } from '../../core/study/plan_schema.ts'
import { variablesFromMapping, type PatientImages, type StudyData } from '../../core/study/study_data.ts'
import { runStudyBundle, type StudyBundle } from '../../core/study/run.ts'
import { sha256Hex } from '../../core/math/hash.ts'
import { decodeText, parseCountMatrix, parseSampleSheet, sampleAnnotation } from '../../core/omics/counts.ts'
import { readCollections } from '../../core/omics/collections.ts'
import { diskStore } from '../disk_store.ts'
import { imagingPool } from '../imaging_pool.ts'
import { PROJECT_ROOT } from '../root.ts'
import { runInChromium } from './deep.ts'
import type { DeepSample, TrainOptions, TrainResult } from '../../core/deep/train.ts'
import type { JobContext } from '../../core/job.ts'
import { binaryMask } from '../../core/image/mask_check.ts'
import { checkStudyIds, preflightCohortImages } from '../cohort_preflight.ts'

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
  const bytes = readInputBytes(file)
  return { text: decodeText(bytes, file), sha256: sha256Hex(bytes) }
}


const DEFAULT_GMT = ['public/genesets/h.all.v7.5.1.symbols.gmt', '../shared/data/genesets/h.all.v7.5.1.symbols.gmt']

const study: Command = {
  name: 'study',
  summary: "the paper's whole analysis plan on a cohort → report.html, tables/*.csv, analysis.json",
  usage: 'study --manifest FILE --clinical FILE [--mapping mapping.json] [--pseudonymise KEY.json] [--counts FILE --samples FILE [--batch-column batch]] [--gmt FILE [--gmt FILE2 …]] [--config FILE.json] [--fast] [--seed S] [--cache DIR | --no-cache] [--threads N] [--deep-runner chromium|node] --out DIR\n      study --print-plan [--fast]',
  flags: { manifest: flag.input(), clinical: flag.input(), counts: flag.input(), samples: flag.input(), 'batch-column': flag.string(), gmt: flag.inputs(), mapping: flag.input(), pseudonymise: flag.input(), config: flag.input(), fast: flag.bool(), seed: flag.int(0, 4294967295), cache: flag.string(), 'no-cache': flag.bool(), threads: flag.int(0, 256), 'deep-runner': flag.choice(['chromium', 'node']), out: flag.output(), 'print-plan': flag.bool() },
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
    validatePlan(plan, args.has('config') ? args.string('config') : 'plan')
    if (args.flag('print-plan')) {
      process.stdout.write(JSON.stringify(plan, null, 2) + '\n')
      return
    }
    const manifestFile = args.string('manifest')
    const clinicalFile = args.string('clinical')
    const out = args.string('out')
    // the output folder is checked before any input is read: an existing file or an unwritable path fails now, not after the imaging
    ensureOutputFolder(out)
    const checksums: { file: string; sha256: string }[] = []
    const m = readText(manifestFile)
    checksums.push({ file: manifestFile, sha256: m.sha256 })
    const manifest = parseTable(m.text, manifestFile)
    const base = path.dirname(manifestFile)
    // paths relative to the manifest's folder, as the import step sees a picked folder
    const listed = planFromManifest(manifest, path.basename(manifestFile), walk(base).map((p) => path.relative(base, p).split(path.sep).join('/')))
    const c = readText(clinicalFile)
    checksums.push({ file: clinicalFile, sha256: c.sha256 })
    let clinical = parseTable(c.text, clinicalFile)
    let mapping = guessMapping(clinical.columns)
    // a hospital table: columns, codes and dates named by a mapping file (the app's mapping step exports the same JSON)
    const mappingFile = args.optionalString('mapping')
    if (mappingFile) {
      const mf = readText(mappingFile)
      checksums.push({ file: mappingFile, sha256: mf.sha256 })
      let raw: unknown
      try {
        raw = JSON.parse(mf.text)
      } catch (e) {
        throw new InputError(`is not valid JSON (${(e as Error).message}); fix the syntax`, mappingFile)
      }
      ;({ table: clinical, mapping } = applyClinicalMapping(clinical, parseMappingFile(raw, mappingFile), mappingFile))
    }
    checkMapping(clinical, mapping)
    const variables = variablesFromMapping(mapping, clinical.columns)
    // a manifest patient without a clinical row leaves every analysis, named in the warnings and the flow chart
    const { keep, excluded } = clinicalExclusions(listed.map((p) => p.id), clinical, mapping.id)
    const patients = keep.map((i) => listed[i])
    let counts, batch: string[] | undefined
    if (args.has('counts')) {
      const cf = args.string('counts')
      const bytes = readInputBytes(cf)
      checksums.push({ file: cf, sha256: sha256Hex(bytes) })
      counts = parseCountMatrix(bytes, cf)
      let sheet = null
      if (args.has('samples')) {
        const sf = args.string('samples')
        const s = readText(sf)
        checksums.push({ file: sf, sha256: s.sha256 })
        sheet = parseSampleSheet(s.text, sf)
        batch = sampleAnnotation(sheet, args.string('batch-column', 'batch'), counts.samples, cf)
      }
      // samples → patients (sample sheet column patient_id); several samples of a patient are reported, not averaged
      // (counts already keyed by patient id are kept as they are; the call then only checks that some match)
      const byPatient = countsByPatient(counts, sheet, patients.map((p) => p.id), batch, cf)
      if (sheet?.columns.patient_id) {
        counts = byPatient.counts
        batch = byPatient.batch
        for (const w of byPatient.warnings) process.stderr.write(`warning: ${w}\n`)
      }
    }
    // several collections: --gmt repeated or a comma list, each tested on its own; default the shipped Hallmark
    const fallbackGmt = DEFAULT_GMT.find((f) => fs.existsSync(f))
    const gmtFiles = args.has('gmt') ? args.list('gmt') : fallbackGmt ? [fallbackGmt] : []
    // the inputs table lists every file read: the gene-set files and the plan too
    const gmts = gmtFiles.map((file) => ({ file, ...readText(file) }))
    for (const g of gmts) checksums.push({ file: g.file, sha256: g.sha256 })
    if (args.has('config')) checksums.push({ file: args.string('config'), sha256: readText(args.string('config')).sha256 })
    const collections = readCollections(gmts)
    const missingImages = patients.filter((p) => !p.images.ce_t1 || !p.images.mask)
    if (missingImages.length) throw new InputError(`patient(s) ${missingImages.slice(0, 3).map((p) => p.id).join(', ')} lack a ce_t1 image or a mask; the study needs both`, manifestFile)
    // every image of every patient checked now (seconds), not when its turn comes in the imaging; ids matched across the tables
    checkStudyIds(listed.map((p) => p.id), clinical, variables.id, manifestFile, clinicalFile)
    preflightCohortImages(patients.flatMap((p) => (['ce_t1', 't1', 't2', 'mask'] as const).flatMap((k) => { const r = p.images[k]; return r ? [{ patient: p.id, role: k, file: path.join(base, r.kind === 'file' ? r.path : r.dir) }] : [] })), { sameGrid: !plan.preprocess.enabled })
    const data: StudyData = {
      ids: patients.map((p) => p.id),
      cohort: patients.map((p) => p.cohort),
      screened: listed.map((p) => p.id),
      excluded,
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
        // a missing T1/T2 or a mask outside a sequence's field of view leaves the patient out of the imaging analyses (named in the warnings)
        const t1 = p.images.t1 ? await read('t1') : undefined, t2 = p.images.t2 ? await read('t2') : undefined
        const mask = binaryMask(await readMask(maskFile, ce), maskFile)
        // a sequence's own mask (manifest mask_t1, mask_t2, mask_ce_t1) is read on that sequence's grid
        const own = await readSequenceMasks(p.images, { t1, t2, ce_t1: ce }, base)
        requireSequencesAndFit(p.id, { t1, t2, ce_t1: ce }, mask, maskFile, own)
        return { ce_t1: ce, t1: t1!, t2: t2!, mask, masks: Object.fromEntries(Object.entries(own).map(([k, v]) => [k, v.mask])) }
      },
    }
    const started = Date.now()
    let lastPrint = 0
    // the step cache is on by default, beside --out, so a rerun after a fix resumes (--no-cache: off)
    if (args.flag('no-cache') && args.has('cache')) throw new InputError('give --cache DIR or --no-cache, not both')
    const store = args.flag('no-cache') ? undefined : diskStore(args.string('cache', path.resolve(out) + '.cache'))
    const fileOf = (i: number, k: ImageRole) => {
      const ref = patients[i].images[k]
      return ref ? path.join(base, ref.kind === 'file' ? ref.path : ref.dir) : ''
    }
    // optional second segmentation per patient (manifest column mask2) for the ICC filter
    const mask2Col = manifest.columns.indexOf('mask2')
    const mask2Of = (i: number): string | undefined => (patients[i].images.mask2 ? fileOf(i, 'mask2') : undefined)
    if (mask2Col >= 0) data.secondMaskFile = mask2Of
    if (mask2Col >= 0)
      data.loadSecondMask = async (i) => {
        const f = mask2Of(i)
        return f ? binaryMask(await readMaskFor(f, fileOf(i, 'ce_t1')), f) : null
      }
    const threads = args.number('threads', 0)
    const masksOf = (i: number) => Object.fromEntries((['t1', 't2', 'ce_t1'] as const).filter((s) => patients[i].images[`mask_${s}`]).map((s) => [s, fileOf(i, `mask_${s}`)]))
    const runner = threads === 1 ? undefined : imagingPool(plan, (i) => ({ t1: fileOf(i, 't1'), t2: fileOf(i, 't2'), ce_t1: fileOf(i, 'ce_t1'), mask: fileOf(i, 'mask'), mask2: mask2Of(i), masks: masksOf(i) }), data.ids, threads || undefined)
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
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> }
    const versions: Record<string, string> = { [pkg.name]: pkg.version, node: process.version, ...Object.fromEntries(Object.entries(pkg.dependencies).map(([k, v]) => [k, v])) }
    const progress = (f: number, msg?: string) => {
      const now = Date.now()
      if (now - lastPrint > 2000 || f >= 1) {
        lastPrint = now
        process.stderr.write(`[${((now - started) / 1000).toFixed(0)} s] ${(f * 100).toFixed(0)}% ${msg ?? ''}\n`)
      }
    }
    const cohortLabel = (n: StudyBundle['result']['n']) => `${path.basename(path.dirname(path.resolve(manifestFile)))}: ${n.patients} patients (${n.train} training, ${n.test} testing, ${n.rna} with RNA-seq)`
    const { result, tables, figures, analysisText, html } = await runStudyBundle(data, plan, { collections, store, runner, trainDeep }, { versions, cohort: cohortLabel }, { progress })
    fs.mkdirSync(path.join(out, 'tables'), { recursive: true })
    for (const t of tables) writeFileAtomic(path.join(out, 'tables', `${t.id}.csv`), toCsv(t.columns, t.rows))
    writeFileAtomic(path.join(out, 'analysis.json'), analysisText)
    fs.mkdirSync(path.join(out, 'figures'), { recursive: true })
    for (const f of figures) writeFileAtomic(path.join(out, 'figures', `${f.id}.svg`), f.svg)
    writeFileAtomic(path.join(out, 'report.html'), html)
    const keyFile = args.optionalString('pseudonymise')
    if (keyFile) await pseudonymiseOutputs(out, keyFile, listed.map((p) => p.id))
    // the zip holds the files as written (pseudonymised when asked): report, JSON, tables, figures
    const files: Record<string, string> = {}
    for (const f of ['report.html', 'analysis.json']) files[f] = fs.readFileSync(path.join(out, f), 'utf8')
    for (const dir of ['tables', 'figures']) for (const f of fs.readdirSync(path.join(out, dir))) files[`${dir}/${f}`] = fs.readFileSync(path.join(out, dir, f), 'utf8')
    writeFileAtomic(path.join(out, 'study.zip'), zipTexts(files))
    const summary = { out, seconds: (Date.now() - started) / 1000, n: result.n, steps: result.steps, warnings: result.warnings.length }
    if (args.flag('json')) process.stdout.write(JSON.stringify(summary) + '\n')
    else process.stdout.write(`wrote ${out}/report.html, ${tables.length} tables, ${figures.length} figures, analysis.json, study.zip in ${summary.seconds.toFixed(1)} s (${result.n.patients} patients)\n`)
  },
}

/**
 * Replace the patient ids in the study's outputs (tables, analysis.json, report.html) by
 * stable pseudonyms; the key (secret and id → pseudonym table) goes to `keyFile`, kept apart
 * from the results (reused when it exists, so pseudonyms stay the same across runs).
 */
export async function pseudonymiseOutputs(out: string, keyFile: string, ids: string[]): Promise<void> {
  if (path.resolve(keyFile).startsWith(path.resolve(out) + path.sep)) throw new InputError('the pseudonym key must not be written into the results folder; keep it apart', keyFile)
  let key: PseudonymKey
  if (fs.existsSync(keyFile)) {
    try {
      key = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as PseudonymKey
      if (typeof key.secret !== 'string' || !/^[0-9a-f]{32,}$/i.test(key.secret)) throw new Error('no hex "secret"')
      key.pseudonyms ??= {}
    } catch (e) {
      throw new InputError(`is not a pseudonym key (${(e as Error).message}); give a new file name to create one`, keyFile)
    }
  } else key = newPseudonymKey()
  const map = await pseudonymise(key, ids)
  const files = [path.join(out, 'analysis.json'), path.join(out, 'report.html'), ...['tables', 'figures'].flatMap((d) => (fs.existsSync(path.join(out, d)) ? fs.readdirSync(path.join(out, d)).map((f) => path.join(out, d, f)) : []))]
  for (const f of files) fs.writeFileSync(f, replaceIds(fs.readFileSync(f, 'utf8'), map))
  fs.mkdirSync(path.dirname(path.resolve(keyFile)), { recursive: true })
  fs.writeFileSync(keyFile, JSON.stringify(key, null, 1) + '\n', { mode: 0o600 })
}

export const commands: Command[] = [study]
