// `preprocess-cohort`: the study's MRI preprocessing (src/core/study/imaging.ts
// preprocessPatient: CE-T1 resampled to the plan's spacing, T1/T2 and the mask onto that
// grid, N4, histogram matching to a reference patient, rescaling) for every patient of a
// manifest, writing the preprocessed volumes and a manifest of them. Patients are
// independent once the reference is known, so `--shard i/n` splits the manifest rows;
// every shard recomputes the same reference (the first manifest patient, or
// --reference-patient ID) and `merge` joins the output manifests.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import { readVolume, writeVolume } from '../image_io.ts'
import { InputError } from '../../core/errors.ts'
import { toCsv } from '../../core/table/table.ts'
import { binaryMask } from '../../core/image/mask_check.ts'
import { defaultPlan, mergePlan, type AnalysisPlan } from '../../core/study/plan.ts'
import { validatePlan } from '../../core/study/plan_schema.ts'
import { preprocessPatient } from '../../core/study/imaging.ts'
import type { PatientImages } from '../../core/study/study_data.ts'
import { SEQUENCES, type Sequence } from '../../core/cohort/cohort.ts'
import { readManifest } from './radiomics.ts'
import { sha256, shardFlag, shardRange, writeShardInfo } from '../shard.ts'

type Row = ReturnType<typeof readManifest>[number]

async function loadPatient(m: Row): Promise<PatientImages> {
  const read = new Map<string, Promise<Awaited<ReturnType<typeof readVolume>>>>()
  const get = (s: Sequence) => {
    const f = m.images[s]
    if (!f) throw new InputError(`patient ${m.id} has no ${s} image; preprocess-cohort needs t1, t2 and ce_t1 (or one "image" column)`)
    if (!read.has(f)) read.set(f, readVolume(f))
    return read.get(f)!
  }
  const [t1, t2, ce_t1] = await Promise.all(SEQUENCES.map(get))
  return { t1, t2, ce_t1, mask: binaryMask(await readVolume(m.mask), m.mask) }
}

function readPlan(file: string | undefined): AnalysisPlan {
  const base = defaultPlan()
  if (!file) return base
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    throw new InputError(`could not be read as JSON (${(e as Error).message}); check the path and the syntax`, file)
  }
  return validatePlan(mergePlan(base, raw, file), file)
}

const preprocessCohort: Command = {
  name: 'preprocess-cohort',
  summary: "the study's preprocessing (resample, N4, histogram matching, rescale) of every patient of a manifest → volumes + manifest",
  usage:
    'preprocess-cohort --manifest FILE --out manifest.csv [--images DIR] [--config plan.json] [--reference-patient ID] [--shard i/n] [--json]\n' +
    '  settings: the plan\'s "preprocess" block (npm run cli -- study --print-plan); matching reference: the first manifest patient\n' +
    '  writes DIR/<id>_{t1,t2,ce_t1,mask}.nii.gz (DIR defaults to "preprocessed" beside --out) and --out: patient_id,t1,t2,ce_t1,mask\n' +
    '  --shard i/n: only the i-th of n ranges of the manifest rows; "merge --out manifest.csv PART..." joins the manifests',
  flags: { manifest: flag.input(), out: flag.output(), images: flag.string(), config: flag.input(), 'reference-patient': flag.string(), shard: flag.string() },
  async run(args) {
    const manifestFile = args.string('manifest')
    const manifest = readManifest(manifestFile)
    const out = args.string('out')
    const outDir = path.dirname(path.resolve(out))
    const images = path.resolve(args.string('images', path.join(outDir, 'preprocessed')))
    if (path.resolve(out) === path.resolve(manifestFile)) throw new InputError('--out is the input manifest; write the new manifest to another file', out)
    const plan = readPlan(args.optionalString('config'))
    const shard = shardFlag(args)
    const [from, to] = shardRange(manifest.length, shard)
    const refId = args.string('reference-patient', manifest[0]?.id ?? '')
    const refRow = manifest.find((m) => m.id === refId)
    if (!refRow) throw new InputError(`--reference-patient "${refId}" is not in the manifest; give one of its patient ids`, manifestFile)
    let reference: Partial<Record<Sequence, Float32Array>> | null = null
    if (plan.preprocess.matchHistogram && to > from) {
      process.stderr.write(`reference ${refRow.id}\n`)
      reference = preprocessPatient(await loadPatient(refRow), plan, null).unmatched
    }
    fs.mkdirSync(images, { recursive: true })
    const rows: string[][] = []
    const failed: { id: string; reason: string }[] = []
    const rel = (f: string) => path.relative(outDir, f).split(path.sep).join('/')
    for (let i = from; i < to; i++) {
      const m = manifest[i]
      process.stderr.write(`[${i + 1}/${manifest.length}] ${m.id}\n`)
      try {
        const p = preprocessPatient(await loadPatient(m), plan, reference)
        const files = {} as Record<Sequence | 'mask', string>
        for (const s of SEQUENCES) {
          files[s] = path.join(images, `${m.id}_${s}.nii.gz`)
          await writeVolume(files[s], p.images[s])
        }
        files.mask = path.join(images, `${m.id}_mask.nii.gz`)
        await writeVolume(files.mask, p.mask)
        rows.push([m.id, rel(files.t1), rel(files.t2), rel(files.ce_t1), rel(files.mask)])
      } catch (e) {
        if (!(e instanceof InputError)) throw e
        failed.push({ id: m.id, reason: e.message })
        process.stderr.write(`skipped: ${m.id}: ${e.message}\n`)
      }
    }
    if (rows.length === 0 && !shard) throw new InputError(`no patient could be preprocessed (${failed.map((f) => f.id).join(', ')}); see the messages above`, manifestFile)
    fs.writeFileSync(out, toCsv(['patient_id', 't1', 't2', 'ce_t1', 'mask'], rows))
    if (shard) writeShardInfo(out, { command: 'preprocess-cohort', ...shard, from, to, total: manifest.length, job: sha256(fs.readFileSync(manifestFile, 'utf8'), JSON.stringify(plan.preprocess), refId, images) })
    emit(args, { out, images, patients: rows.length, failed, reference: reference ? refId : null }, () => `wrote ${out}: ${rows.length} patients preprocessed into ${images}${failed.length ? `, ${failed.length} skipped` : ''}`)
  },
}

export const commands: Command[] = [preprocessCohort]
