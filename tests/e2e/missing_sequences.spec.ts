// No silent substitution in the app: a manifest cohort where one patient has no T2 and
// another's T1 covers only the upper part of the tumour (its slab starts mid-tumour) → the
// Radiomics page's CSV export has NA in every T2 cell of the first and every T1 cell of the
// second (never CE-T1's values), the other cells measured.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'fflate'
import { generateDemoPatientVolumes } from '../../src/core/demo/index.ts'
import { encodeNifti } from '../../src/core/image/nifti_write.ts'
import { indexToPhysical, type Volume } from '../../src/core/image/volume.ts'

const SEED = 2, N = 3
const nii = (v: Volume) => gzipSync(encodeNifti(v, false), { level: 1, mtime: 0 })

/** The slices k ≥ k0 of a volume, origin moved accordingly. */
function slab(v: Volume, k0: number): Volume {
  const per = v.dims[0] * v.dims[1]
  const data = (v.data as Float32Array).slice(k0 * per)
  return { ...v, dims: [v.dims[0], v.dims[1], v.dims[2] - k0], origin: indexToPhysical(v, 0, 0, k0), data }
}

test('radiomics CSV: NA for a missing T2 and for a T1 whose field of view misses part of the tumour', async ({ page }) => {
  test.setTimeout(180_000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'missing-seq-'))
  const rows: string[] = ['patient_id,t1,t2,ce_t1,mask']
  for (let i = 0; i < N; i++) {
    const v = generateDemoPatientVolumes(SEED, N, i)
    const id = `P${i + 1}`
    let t1: Volume = v.t1
    if (i === 1) {
      // slab from the tumour's middle slice on (of the T1 grid): about half the tumour outside
      const m = v.mask, per = m.dims[0] * m.dims[1]
      const ks: number[] = []
      for (let k = 0; k < m.dims[2]; k++) if (m.data.subarray(k * per, (k + 1) * per).some((x) => x > 0)) ks.push(k)
      t1 = slab(v.t1, ks[Math.floor(ks.length / 2)])
    }
    for (const [k, vol] of [['t1', t1], ['t2', v.t2], ['ce_t1', v.ce_t1], ['mask', v.mask]] as const) fs.writeFileSync(path.join(dir, `${id}_${k}.nii.gz`), nii(vol))
    rows.push([id, `${id}_t1.nii.gz`, i === 0 ? '' : `${id}_t2.nii.gz`, `${id}_ce_t1.nii.gz`, `${id}_mask.nii.gz`].join(','))
  }
  fs.writeFileSync(path.join(dir, 'manifest.csv'), rows.join('\n') + '\n')
  await page.goto('/')
  await page.setInputFiles('[data-input=import-folder]', dir)
  await expect(page.locator('[data-out=import-summary]')).toContainText('3 patients from the manifest', { timeout: 30_000 })
  await page.locator('[data-nav="radiomics"]').click()
  await page.locator('[data-action="extract-features"]').click()
  await expect(page.locator('[data-result="radiomics"]')).toBeVisible({ timeout: 150_000 })
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()])
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => l.split(','))
  const head = csv[0]
  const cells = (id: string, seq: string) => {
    const r = csv.find((l) => l[0] === id)!
    return head.map((h, j) => [h, r[j]] as const).filter(([h]) => h.startsWith(`${seq}.`)).map(([, x]) => x)
  }
  expect(cells('P1', 't2').length).toBe(57)
  expect(cells('P1', 't2').every((x) => x === 'NA')).toBe(true)
  expect(cells('P1', 't1').every((x) => x !== 'NA')).toBe(true)
  expect(cells('P2', 't1').every((x) => x === 'NA')).toBe(true)
  expect(cells('P2', 't2').every((x) => x !== 'NA')).toBe(true)
  expect(cells('P3', 't1').concat(cells('P3', 't2'), cells('P3', 'ce_t1')).every((x) => x !== 'NA')).toBe(true)
})
