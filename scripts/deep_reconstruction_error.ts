// Reconstruction error of a model saved by `deep train` over the whole input frame (as the CLI reports it) and
// inside the tumour mask only, per cohort, with the slices cut as the model was trained (issue 21: with the fixed
// field of view the tumour is a few % of the frame, so the full-frame error alone says little about the tumour).
//   npx tsx scripts/deep_reconstruction_error.ts MODEL_DIR COHORT_DIR   (COHORT_DIR holds manifest.csv; paths relative to it)
// Prints one JSON line: per cohort, framePct and inMaskPct (100 · MSE / range²) and the mask fraction of the input.
import fs from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { readVolume } from '../src/cli/image_io.ts'
import { readMask } from '../src/cli/mask_io.ts'
import { tumourSlice, maskedInput } from '../src/core/deep/slice.ts'
import { parseModelFiles } from '../src/core/deep/model_files.ts'
import { buildModel, setWeights, encode, decode } from '../src/core/deep/model.ts'
await tf.setBackend('cpu')
const [dir, demo] = process.argv.slice(2)
const { json, weights } = parseModelFiles(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'), new Uint8Array(fs.readFileSync(path.join(dir, 'weights.bin'))))
const t = (json as { training?: { crop?: 'fill' | 'fov'; fieldOfViewMm?: number } }).training ?? {}
const m = buildModel(json.architecture)
setWeights(m, weights)
const size = json.architecture.size
// a plain CSV manifest (no quoted commas): the columns ce_t1, mask and cohort by name
const lines = fs.readFileSync(path.join(demo, 'manifest.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','))
const col = (name: string) => {
  const j = lines[0].indexOf(name)
  if (j < 0) throw new Error(`manifest.csv has no column ${name}`)
  return j
}
const [ci, mi, ki] = [col('ce_t1'), col('mask'), col('cohort')]
const rows = lines.slice(1)
const acc: Record<string, { all: number; nAll: number; inMask: number; nMask: number }> = {}
let lo = Infinity, hi = -Infinity
for (const r of rows) {
  const image = await readVolume(path.join(demo, r[ci]))
  const mv = await readMask(path.join(demo, r[mi]), image)
  const mask = { ...mv, data: Uint8Array.from(mv.data as ArrayLike<number>, (v) => (v > 0 ? 1 : 0)) }
  const s = tumourSlice(image, mask, { size, crop: t.crop ?? 'fill', fieldOfViewMm: t.fieldOfViewMm })
  const x = maskedInput(s)
  for (const v of x) { lo = Math.min(lo, v); hi = Math.max(hi, v) }
  const y = tf.tidy(() => decode(m, encode(m, tf.tensor4d(x, [1, size, size, 1]))).dataSync() as Float32Array)
  const a = (acc[r[ki]] ??= { all: 0, nAll: 0, inMask: 0, nMask: 0 })
  for (let q = 0; q < x.length; q++) {
    const e = (y[q] - x[q]) ** 2
    a.all += e; a.nAll++
    if (s.mask[q]) { a.inMask += e; a.nMask++ }
  }
}
const range = hi - lo
const out: Record<string, unknown> = { model: dir, crop: t.crop ?? 'fill', range }
for (const [c, a] of Object.entries(acc)) out[c] = { framePct: +(100 * a.all / a.nAll / range ** 2).toFixed(3), inMaskPct: +(100 * a.inMask / a.nMask / range ** 2).toFixed(3), maskFraction: +(a.nMask / a.nAll).toFixed(3) }
console.log(JSON.stringify(out))
