// CLI commands of the radiomics engine: `radiomics` (one image + mask), `radiomics-cohort`
// (a manifest of patients → feature CSV) and `icc` (reproducibility filter between two
// feature tables). Computation lives in src/core/radiomics; this file reads, calls, prints.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { readManifestFile } from '../manifest_io.ts'
import { sequenceMasks } from '../../core/cohort/manifest.ts'
import { readInputText } from '../input_files.ts'
import { writeFileAtomic } from '../output.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import type { Args } from '../args.ts'
import { readVolume } from '../image_io.ts'
import { readMask } from '../mask_io.ts'
import { InputError } from '../../core/errors.ts'
import { columnIndex, parseTable, toCsv } from '../../core/table/table.ts'
import { loadPreset } from '../../core/radiomics/presets.ts'
import { validateSettings, type RadiomicsSettings } from '../../core/radiomics/settings.ts'
import { extractFeatures } from '../../core/radiomics/extract.ts'
import { extractPaperFeatures, paperColumns } from '../../core/radiomics/paper.ts'
import { extractPatient, type PatientFeatures } from '../../core/radiomics/cohort.ts'
import { featureColumns, featureTable, featureTableText, parseFeatureCsv, type FeatureColumns } from '../../core/cohort/features.ts'
import { iccFilter, type IccModel } from '../../core/radiomics/icc.ts'
import { SEQUENCES, type Sequence } from '../../core/cohort/cohort.ts'
import type { Volume } from '../../core/image/volume.ts'
import { checkMask } from '../../core/image/mask_check.ts'
import { parsePyradiomicsParams, extractPyradiomics } from '../../core/radiomics/pyradiomics/index.ts'
import { sha256, shardFlag, shardRange, writeShardInfo } from '../shard.ts'

function settingsFrom(args: Args): RadiomicsSettings {
  const preset = args.optionalString('preset'), config = args.optionalString('config')
  if (!!preset === !!config) throw new InputError('give exactly one of --preset NAME or --config FILE.json')
  let s: RadiomicsSettings
  if (preset) s = loadPreset(preset)
  else {
    let raw: unknown
    try {
      raw = JSON.parse(readInputText(config!))
    } catch (e) {
      throw new InputError(`could not be read as JSON (${(e as Error).message}); check the path and the syntax`, config)
    }
    s = validateSettings(raw, config)
  }
  if (args.has('label')) s.label = args.integer('label')
  return s
}

const radiomics: Command = {
  name: 'radiomics',
  summary: 'IBSI-1 features of one image and mask (presets ibsi-digital-phantom, ibsi-config-a…e, paper, or a settings JSON)',
  usage: 'radiomics --image FILE --mask FILE|RTSTRUCT [--roi NAME|REGEX] [--label N] (--preset NAME | --config FILE.json | --params params.yaml) [--json]\n  paper preset: the image is used for every sequence (columns t1.*, t2.*, ce_t1.*)\n  --params: a pyradiomics parameter file; features under pyradiomics names plus diagnostics_* (docs/pyradiomics.md)',
  flags: { image: flag.input(), mask: flag.input(), label: flag.int(1, 2147483647), preset: flag.string(), config: flag.input(), roi: flag.string(), params: flag.input() },
  async run(args) {
    if (args.has('params')) return runPyradiomics(args)
    const settings = settingsFrom(args)
    const imageFile = args.string('image'), maskFile = args.string('mask')
    const image = await readVolume(imageFile)
    const mask = await readMask(maskFile, image, { roi: args.optionalString('roi') })
    checkMask(image, mask, { label: settings.label, maskFile, imageFile })
    let features: Record<string, number>
    let warnings: string[]
    if (settings.output === 'paper') {
      const r = extractPaperFeatures({ t1: image, t2: image, ce_t1: image }, mask, settings)
      features = Object.fromEntries(paperColumns().map((c) => [c, r.features[c]]))
      warnings = r.warnings
    } else {
      const r = extractFeatures(image, mask, settings)
      features = r.features
      warnings = r.warnings
    }
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
    emit(args, { features, settings }, () => {
      const width = Math.max(...Object.keys(features).map((k) => k.length))
      return Object.entries(features).map(([k, v]) => `${k.padEnd(width)}  ${Number.isFinite(v) ? v.toPrecision(6) : 'NA'}`).join('\n')
    })
  },
}

/** `radiomics --params params.yaml`: the pyradiomics-compatible mode (src/core/radiomics/pyradiomics). */
async function runPyradiomics(args: Args): Promise<void> {
  if (args.has('preset') || args.has('config')) throw new InputError('give --params alone, without --preset or --config')
  const file = args.string('params')
  const params = parsePyradiomicsParams(readText(file), file)
  if (args.has('label')) params.setting.label = args.integer('label')
  const imageFile = args.string('image'), maskFile = args.string('mask')
  const image = await readVolume(imageFile)
  const mask = await readMask(maskFile, image, { roi: args.optionalString('roi') })
  const r = extractPyradiomics(image, mask, params)
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`)
  emit(args, { features: r.features, diagnostics: r.diagnostics, warnings: r.warnings }, () => {
    const rows: [string, string][] = [...Object.entries(r.diagnostics), ...Object.entries(r.features).map(([k, v]): [string, string] => [k, Number.isFinite(v) ? v.toPrecision(6) : 'NA'])]
    const width = Math.max(...rows.map(([k]) => k.length))
    return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')
  })
}

/** A text file; one that cannot be read is bad input (exit 2). */
function readText(file: string): string {
  return readInputText(file)
}

/** Write `text` to `file`, creating its folder. */
function writeOut(file: string, text: string): void {
  writeFileAtomic(file, text)
}

/** Manifest rows (src/core/cohort/manifest.ts): id, mask, images (t1/t2/ce_t1 or image) and the per-sequence masks mask_t1/mask_t2/mask_ce_t1; absolute paths. */
export function readManifest(file: string): { id: string; mask: string; images: Partial<Record<Sequence, string>>; masks: Partial<Record<Sequence, string>> }[] {
  return readManifestFile(file, { require: ['mask'], imageColumn: true }).map((r) => ({
    id: r.id,
    mask: r.files.mask!,
    images: Object.fromEntries(SEQUENCES.filter((s) => r.files[s]).map((s) => [s, r.files[s]!])),
    masks: sequenceMasks(r.files),
  }))
}

const cohort: Command = {
  name: 'radiomics-cohort',
  summary: 'features of every patient of a manifest (patient_id, mask, image or t1/t2/ce_t1, optional mask_t1/mask_t2/mask_ce_t1) into one CSV',
  usage: 'radiomics-cohort --manifest FILE --preset paper --out features.csv [--label N] [--config FILE.json] [--roi NAME|REGEX] [--shard i/n] [--json]\n  manifest: patient_id,t1,t2,ce_t1,mask[,mask_t1,mask_t2,mask_ce_t1] (or image for all sequences); a sequence without an image, or whose field of view holds < 95 % of its mask, has empty (NA) columns and a warning\n  --shard i/n: only the i-th of n ranges of the manifest rows; "merge --out features.csv PART..." gives the unsharded table',
  flags: { manifest: flag.input(), preset: flag.string(), config: flag.input(), label: flag.int(1, 2147483647), out: flag.output(), shard: flag.string(), roi: flag.string() },
  async run(args) {
    const settings = settingsFrom(args)
    const manifest = readManifest(args.string('manifest'))
    const out = args.string('out')
    const rows: PatientFeatures[] = []
    const warnings: string[] = []
    const failed: { id: string; reason: string }[] = []
    const shard = shardFlag(args)
    const [from, to] = shardRange(manifest.length, shard)
    for (let i = from; i < to; i++) {
      const m = manifest[i]
      process.stderr.write(`[${i + 1}/${manifest.length}] ${m.id}\n`)
      // a failing patient is reported and skipped; the rest of the cohort goes on
      try {
        const images: Partial<Record<Sequence, Volume>> = {}
        const cache = new Map<string, Volume>()
        for (const s of SEQUENCES) {
          const p = m.images[s]
          if (!p) continue
          if (!cache.has(p)) cache.set(p, await readVolume(p))
          images[s] = cache.get(p)
        }
        // the mask is drawn on CE-T1 (else on the first sequence there is)
        const refSeq: Sequence | undefined = images.ce_t1 ? 'ce_t1' : SEQUENCES.find((s) => images[s])
        const first = refSeq ? images[refSeq] : undefined
        const mask = first ? await readMask(m.mask, first, { roi: args.optionalString('roi') }) : await readVolume(m.mask)
        if (first) checkMask(first, mask, { label: settings.label, maskFile: m.mask, imageFile: m.images[refSeq!]! })
        const masks: Partial<Record<Sequence, Volume>> = {}
        for (const s of SEQUENCES) if (m.masks[s] && images[s]) masks[s] = await readMask(m.masks[s]!, images[s]!, { roi: args.optionalString('roi') })
        const r = extractPatient(m.id, images, mask, settings, undefined, masks)
        for (const w of r.warnings) warnings.push(`${m.id}: ${w}`)
        rows.push(r)
      } catch (e) {
        if (!(e instanceof InputError)) throw e
        failed.push({ id: m.id, reason: e.message })
        process.stderr.write(`skipped: ${m.id}: ${e.message}\n`)
      }
    }
    if (rows.length === 0 && !shard) throw new InputError(`no patient could be extracted (${failed.map((f) => f.id).join(', ')}); see the messages above`, args.string('manifest'))
    const table = featureTable(rows, settings.output === 'paper' ? paperColumns() : undefined)
    writeOut(out, featureTableText(table, /\.tsv$/i.test(out) ? '\t' : ','))
    if (shard) writeShardInfo(out, { command: 'radiomics-cohort', ...shard, from, to, total: manifest.length, job: sha256(readText(args.string('manifest')), JSON.stringify(settings)) })
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
    emit(args, { out, patients: table.ids.length, features: table.columns.length, warnings, failed }, () => `wrote ${out}: ${table.ids.length} patients × ${table.columns.length} features${failed.length ? `, ${failed.length} skipped` : ''}`)
  },
}

function readFeatureCsv(file: string): FeatureColumns {
  return featureColumns(parseFeatureCsv(readText(file), file))
}

const iccCmd: Command = {
  name: 'icc',
  summary: 'ICC(2,1) or ICC(3,1) with 95% CI per feature between two segmentations; keeps features with ICC ≥ threshold',
  usage: 'icc --a features_seg1.csv --b features_seg2.csv --model 2,1|3,1 --out icc.csv [--threshold 0.9] [--json]',
  flags: { a: flag.input(), b: flag.input(), model: flag.choice(['2,1', '3,1']), threshold: flag.number(0, 1), out: flag.output() },
  async run(args) {
    const model = args.string('model', '2,1')
    if (model !== '2,1' && model !== '3,1') throw new InputError(`--model must be 2,1 (absolute agreement) or 3,1 (consistency), got "${model}"`)
    const threshold = args.number('threshold', 0.9)
    const a = readFeatureCsv(args.string('a')), b = readFeatureCsv(args.string('b'))
    const rows = iccFilter(a, b, model as IccModel, threshold)
    for (const w of rows.warnings) process.stderr.write(`warning: ${w}\n`)
    const out = args.string('out')
    writeOut(out, toCsv(['feature', 'icc', 'lower', 'upper', 'f', 'p', 'n', 'keep'], rows.map((r) => [r.feature, r.icc, r.lower, r.upper, r.f, r.p, r.n, r.keep ? 'TRUE' : 'FALSE'])))
    const kept = rows.filter((r) => r.keep).map((r) => r.feature)
    emit(args, { model, threshold, out, features: rows.map((r) => ({ feature: r.feature, icc: r.icc, lower: r.lower, upper: r.upper, n: r.n, keep: r.keep })), kept }, () =>
      `ICC(${model}) on ${rows.length} features: ${kept.length} kept with ICC ≥ ${threshold}; wrote ${out}`,
    )
  },
}

export const commands: Command[] = [radiomics, cohort, iccCmd]
