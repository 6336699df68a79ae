// CLI command of the preprocess engine: `preprocess`, the study's MRI preprocessing of
// one image (resample → N4 → histogram matching → rescale). Thin wrapper over
// src/core/preprocess/pipeline.ts; images are read and written through itk-wasm.
import type { Command } from '../command.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import type { Args } from '../args.ts'
import { readVolume, writeVolume } from '../image_io.ts'
import { InputError } from '../../core/errors.ts'
import type { Vec3 } from '../../core/image/volume.ts'
import { volumeStats, voxelCount } from '../../core/image/volume.ts'
import { preprocessVolume, type PreprocessOptions, type StepReport } from '../../core/preprocess/pipeline.ts'
import { DEFAULT_SPACING, INTERPOLATIONS, gridForSpacing, type Interpolation } from '../../core/preprocess/resample.ts'
import { ResamplePool } from '../resample_pool.ts'
import os from 'node:os'
import { N4_DEFAULTS } from '../../core/preprocess/n4.ts'
import { STUDY_RANGE } from '../../core/preprocess/rescale.ts'

/** Output grids from this size (about 160 × 160 × 160) are resampled over every core; smaller ones in one thread. */
const POOL_MIN_VOXELS = 1 << 22

/** Largest output grid of --resample: 2^28 voxels (1 GiB as float32). */
export const MAX_RESAMPLED_VOXELS = 2 ** 28

/** Refuse a resampling whose output grid would not fit, with the finest spacing that does. */
function checkResampleSize(image: { dims: Vec3; spacing: Vec3 }, spacing: Vec3, file: string): void {
  const dims = image.dims.map((d, a) => Math.max(1, Math.round((d * image.spacing[a]) / spacing[a])))
  const n = dims[0] * dims[1] * dims[2]
  if (n <= MAX_RESAMPLED_VOXELS) return
  const f = Math.cbrt(n / MAX_RESAMPLED_VOXELS)
  throw new InputError(
    `--resample ${spacing.join(',')} mm would make ${dims.join('×')} = ${n.toExponential(2)} voxels from this ${image.dims.join('×')} image, more than the ${MAX_RESAMPLED_VOXELS.toExponential(2)} allowed; use a spacing of at least ${spacing.map((x) => (x * f).toPrecision(3)).join(',')} mm`,
    file,
  )
}

function positiveInt(args: Args, name: string, fallback: number): number {
  const x = args.number(name, fallback)
  if (!Number.isInteger(x) || x < 1) throw new InputError(`--${name} must be a positive integer, got ${x}`)
  return x
}

function vec3(args: Args, name: string, fallback: Vec3): Vec3 {
  const v = args.flags.get(name) === true ? fallback : args.numberList(name, fallback)
  if (v.length !== 3 || v.some((x) => !(x > 0))) throw new InputError(`--${name} must be three positive spacings in mm like 1,1,4, got "${v.join(',')}"`)
  return v as Vec3
}

const preprocess: Command = {
  name: 'preprocess',
  summary: 'MRI preprocessing as the study: resample (1×1×4 mm) → N4 bias correction → histogram matching → rescale to [−10000, 10000]',
  usage: [
    'preprocess --image FILE [--resample 1,1,4 | --reference-grid FILE] [--interpolation nearest|linear|bspline]',
    '           [--n4 [--n4-shrink 4 --n4-levels 4 --n4-iterations 50]] [--bias-out FILE]',
    '           [--match-histogram-to FILE] [--rescale -10000,10000] --out FILE [--json]',
    'Steps run in the order resample → N4 → match → rescale; each only when its flag is given.',
    '--bias-out writes the multiplicative bias field (on the N4 grid, i.e. after resampling).',
  ].join('\n'),
  flags: { image: flag.input(), resample: flag.numbers(0.01, 100, { count: 3, optionalValue: true }), 'reference-grid': flag.input(), interpolation: flag.choice(INTERPOLATIONS), n4: flag.bool(), 'n4-shrink': flag.int(1, 16), 'n4-levels': flag.int(1, 10), 'n4-iterations': flag.int(1, 10000), 'bias-out': flag.output(), 'match-histogram-to': flag.input(), rescale: flag.numbers(-1e12, 1e12, { count: 2, optionalValue: true }), out: flag.output() },
  async run(args) {
    const imageFile = args.string('image')
    const out = args.string('out')
    if (args.has('resample') && args.has('reference-grid')) throw new InputError('give either --resample or --reference-grid, not both')
    const interpolation = args.string('interpolation', 'linear') as Interpolation
    if (!INTERPOLATIONS.includes(interpolation)) throw new InputError(`--interpolation must be one of ${INTERPOLATIONS.join(', ')}, got "${interpolation}"`)
    const n4 = args.has('n4') || args.has('n4-shrink') || args.has('n4-levels') || args.has('n4-iterations')
    const biasOut = args.optionalString('bias-out')
    if (args.has('bias-out') && !biasOut) throw new InputError('--bias-out needs a file name')
    if (biasOut && !n4) throw new InputError('--bias-out needs --n4 (the bias field comes from N4)')
    let rescale: [number, number] | null = null
    if (args.has('rescale')) {
      const r = args.flags.get('rescale') === true ? STUDY_RANGE : args.numberList('rescale')
      if (r.length !== 2 || !(r[1] > r[0])) throw new InputError(`--rescale must be two increasing numbers like -10000,10000, got "${r.join(',')}"`)
      rescale = [r[0], r[1]]
    }
    const opts: PreprocessOptions = {
      interpolation,
      spacing: args.has('resample') ? vec3(args, 'resample', DEFAULT_SPACING) : null,
      referenceGrid: args.has('reference-grid') ? await readVolume(args.string('reference-grid')) : null,
      n4: n4
        ? {
            shrinkFactor: positiveInt(args, 'n4-shrink', N4_DEFAULTS.shrinkFactor),
            levels: positiveInt(args, 'n4-levels', N4_DEFAULTS.levels),
            iterations: positiveInt(args, 'n4-iterations', N4_DEFAULTS.iterations),
          }
        : null,
      matchTo: args.has('match-histogram-to') ? (await readVolume(args.string('match-histogram-to'))).data : null,
      rescale,
    }
    // the resampling pool's workers start while the image is read
    const pool = (opts.spacing || opts.referenceGrid) && os.availableParallelism() > 1 ? new ResamplePool() : null
    const warming = pool?.warm()
    const image = await readVolume(imageFile).catch(async (e) => {
      await pool?.close()
      throw e
    })
    if (opts.spacing) checkResampleSize(image, opts.spacing, imageFile)
    const quiet = args.flag('json')
    // a clinical-size resampling runs over every core (resample_pool.ts; same voxels), then the other steps
    const grid = opts.referenceGrid ?? (opts.spacing ? gridForSpacing(image, opts.spacing) : null)
    let input = image
    const before: StepReport[] = []
    if (pool && grid && voxelCount(grid.dims) >= POOL_MIN_VOXELS) {
      const t = performance.now()
      try {
        await warming
        input = await pool.resample(image, grid, interpolation)
      } finally {
        await pool.close()
      }
      before.push({ step: 'resample', seconds: (performance.now() - t) / 1000, interpolation, dims: [...input.dims], spacing: [...input.spacing] })
      opts.spacing = null
      opts.referenceGrid = null
    } else await pool?.close()
    const done = preprocessVolume(input, opts, quiet ? undefined : { progress: (f, m) => process.stderr.write(`\r${(100 * f).toFixed(0).padStart(3)}% ${m ?? ''}`.padEnd(60)) })
    const r = { ...done, steps: [...before, ...done.steps] }
    if (!quiet) process.stderr.write('\n')
    await writeVolume(out, r.image)
    if (biasOut && r.bias) await writeVolume(biasOut, r.bias)
    const st = volumeStats(r.image)
    const result = {
      image: imageFile,
      out,
      biasOut: biasOut ?? null,
      dims: r.image.dims,
      spacing: r.image.spacing,
      origin: r.image.origin,
      direction: r.image.direction,
      stats: st,
      steps: r.steps,
    }
    emit(args, result, () =>
      [
        `${imageFile} → ${out}: ${r.image.dims.join('×')} voxels at ${r.image.spacing.map((s) => s.toFixed(3)).join('×')} mm, intensities ${st.min.toFixed(1)}…${st.max.toFixed(1)}`,
        ...r.steps.map((s) => {
          const t = `${s.seconds.toFixed(2)} s`
          if (s.step === 'resample') return `  resample (${s.interpolation}) → ${s.dims.join('×')}  ${t}`
          if (s.step === 'n4') return `  N4: Otsu threshold ${s.otsuThreshold ?? 'given mask'}, shrink ${s.shrinkFactors.join('×')}, iterations ${s.levels.map((l) => l.iterations).join('/')}, bias ${s.biasMin.toFixed(3)}…${s.biasMax.toFixed(3)}  ${t}${biasOut ? ` (bias → ${biasOut})` : ''}`
          if (s.step === 'match') return `  histogram matching (landmarks ${s.model.sourceLandmarks.map((x) => x.toFixed(0)).join(',')} → ${s.model.referenceLandmarks.map((x) => x.toFixed(0)).join(',')})  ${t}`
          if (s.step === 'rescale') return `  rescale to [${s.range.join(', ')}]  ${t}`
          return `  ${s.step}  ${t}`
        }),
      ].join('\n'),
    )
  },
}

export const commands: Command[] = [preprocess]
