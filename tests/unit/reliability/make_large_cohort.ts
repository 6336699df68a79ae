// Writes a synthetic cohort of clinical-size MRI volumes (512 × 512 × 40 int16, 0.7 × 0.7 × 4 mm,
// as the resource check asks) for the peak-memory measurement of the CLI cohort path
// (docs/status/reliability.md). Not a test; run:
//   npx tsx tests/unit/reliability/make_large_cohort.ts OUT_DIR PATIENTS
// Output: OUT_DIR/manifest.csv and OUT_DIR/images/<id>_{t1,t2,ce_t1,mask}.nii.gz. Deterministic.
import fs from 'node:fs'
import path from 'node:path'
import { encodeNifti } from '../../../src/core/image/nifti_write.ts'
import { createRng, deriveSeed } from '../../../src/core/random.ts'
import type { Vec3, Volume } from '../../../src/core/image/volume.ts'

const [out = '/tmp/large', n = '4'] = process.argv.slice(2)
const patients = Number(n)
const dims: Vec3 = [512, 512, 40]
const spacing: Vec3 = [0.7, 0.7, 4]
const grid = { dims, spacing, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
fs.mkdirSync(path.join(out, 'images'), { recursive: true })
const lines = ['patient_id,t1,t2,ce_t1,mask']
for (let p = 0; p < patients; p++) {
  const id = `LG${String(p + 1).padStart(3, '0')}`
  const rng = createRng(deriveSeed(42, p))
  // an ellipsoidal tumour, radius 20–40 mm, somewhere near the middle of the field of view
  const r = 20 + 20 * rng.next()
  const c = [180 + 40 * rng.next(), 180 + 40 * rng.next(), 80] // mm
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2])
  for (let k = 0, i = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let a = 0; a < dims[0]; a++, i++) {
        const d = ((a * spacing[0] - c[0]) / r) ** 2 + ((j * spacing[1] - c[1]) / (0.8 * r)) ** 2 + ((k * spacing[2] - c[2]) / r) ** 2
        mask[i] = d < 1 ? 1 : 0
      }
  const files: Record<string, string> = {}
  for (const [s, base, tumour] of [['t1', 300, 450], ['t2', 500, 1100], ['ce_t1', 350, 900]] as const) {
    const data = new Int16Array(mask.length)
    for (let i = 0; i < data.length; i++) data[i] = Math.round((mask[i] ? tumour : base) + 60 * rng.normal())
    const f = `images/${id}_${s}.nii.gz`
    fs.writeFileSync(path.join(out, f), encodeNifti({ ...grid, data } as Volume))
    files[s] = f
  }
  fs.writeFileSync(path.join(out, `images/${id}_mask.nii.gz`), encodeNifti({ ...grid, data: mask } as Volume))
  lines.push([id, files.t1, files.t2, files.ce_t1, `images/${id}_mask.nii.gz`].join(','))
  process.stderr.write(`${id}\n`)
}
fs.writeFileSync(path.join(out, 'manifest.csv'), lines.join('\n') + '\n')
