// CLI commands of the foundation: image information (demo is added by src/core/demo).
import type { Command } from '../command.ts'
import { writeFileAtomic } from '../output.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import { readVolume } from '../image_io.ts'
import { volumeStats } from '../../core/image/volume.ts'
import { componentTypeOf } from '../../core/image/itk_image.ts'
import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../core/errors.ts'
import { generateDemoCohort, demoTextFiles, demoPatientImageFiles, DEMO_SIZES } from '../../core/demo/index.ts'

const info: Command = {
  name: 'info',
  summary: 'dimensions, spacing, origin, direction and intensity range of an image (file or DICOM folder)',
  usage: 'info --image FILE|DICOM_DIR [--json]',
  flags: { image: flag.input() },
  async run(args) {
    const file = args.string('image')
    const v = await readVolume(file)
    const s = volumeStats(v)
    const result = { dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction, min: s.min, max: s.max, mean: s.mean, dtype: componentTypeOf(v.data), ...(s.nonFinite ? { nonFinite: s.nonFinite } : {}) }
    emit(args, result, () =>
      [`dims      ${v.dims.join(' × ')}`, `spacing   ${v.spacing.map((x) => x.toFixed(4)).join(' × ')} mm`, `origin    ${v.origin.map((x) => x.toFixed(3)).join(', ')}`, `direction ${v.direction.map((x) => x.toFixed(4)).join(' ')}`, `range     ${s.min} … ${s.max} (mean ${s.mean.toFixed(3)})`, `dtype     ${result.dtype}`].join('\n'),
    )
  },
}

const demo: Command = {
  name: 'demo',
  summary: 'write the synthetic demo cohort (MRI + masks as .nii.gz, clinical, counts, samples, manifest, truth.json)',
  usage: 'demo --out DIR [--patients N (225)] [--seed S (1)] [--size standard|clinical] [--json]\n  --size clinical: CE-T1 512 × 512 × 48 at 0.7 × 0.7 × 4.5 mm, T1 and T2 on their own grids, 12-bit (same patients and truth)',
  flags: { out: flag.output(), patients: flag.int(1, 9999), seed: flag.int(0, 4294967295), size: flag.choice(DEMO_SIZES) },
  async run(args) {
    const out = args.string('out')
    const patients = args.number('patients', 225)
    const seed = args.number('seed', 1)
    const size = args.choice('size', DEMO_SIZES, 'standard')
    if (!Number.isInteger(patients) || patients < 1 || patients > 9999) throw new InputError(`--patients must be an integer from 1 to 9999, got "${args.string('patients')}"`)
    if (!Number.isSafeInteger(seed)) throw new InputError(`--seed must be an integer, got "${args.string('seed')}"`)
    const t0 = performance.now()
    const cohort = generateDemoCohort({ seed, patients })
    try {
      fs.mkdirSync(path.join(out, 'images'), { recursive: true })
    } catch (e) {
      throw new InputError(`cannot create the output folder (${(e as Error).message}); pick a writable path`, out)
    }
    const files = Object.entries(demoTextFiles(cohort))
    for (const [name, text] of files) writeFileAtomic(path.join(out, name), text)
    let nifti = 0
    for (let i = 0; i < patients; i++) {
      // one patient at a time: the cohort's volumes are never all in memory
      for (const f of demoPatientImageFiles(seed, patients, i, size)) {
        writeFileAtomic(path.join(out, f.path), f.bytes)
        nifti++
      }
      if (!args.flag('json') && process.stderr.isTTY) process.stderr.write(`\rimages ${i + 1}/${patients}`)
    }
    if (!args.flag('json') && process.stderr.isTTY) process.stderr.write('\n')
    const result = {
      out,
      seed,
      patients,
      size,
      train: cohort.clinical.filter((r) => r.cohort === 'train').length,
      test: cohort.clinical.filter((r) => r.cohort === 'test').length,
      rnaSamples: cohort.counts.samples.length,
      genes: cohort.counts.genes.length,
      files: [...files.map(([name]) => name), 'images/'],
      nifti,
      seconds: Math.round((performance.now() - t0) / 10) / 100,
    }
    emit(args, result, () =>
      `wrote ${out}: ${patients} patients (${result.train} train / ${result.test} test), ${nifti} NIfTI files, RNA-seq ${result.rnaSamples} samples × ${result.genes} genes, in ${result.seconds} s`,
    )
  },
}

export const commands: Command[] = [info, demo]
