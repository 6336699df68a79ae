// Second segmentations imported in the app feed the study's ICC filter: a study folder whose
// manifest has a mask2 column (the CLI's convention; second masks = the demo masks eroded by
// one voxel in-plane, one empty, one patient without) → the Cohort page counts the patients
// with a second segmentation → the study with the ICC filter on reports how many features
// were kept (fewer than extracted), on how many patients, and names the empty second mask;
// the folder-per-patient layout recognises mask_2 / seg2 files. No cross-origin request.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'fflate'
import { generateDemoCohort, generateDemoPatientVolumes } from '../../src/core/demo/index.ts'
import { demoClinicalTable, demoImagePath, demoPatientImageFiles } from '../../src/core/demo/files.ts'
import { encodeNifti } from '../../src/core/image/nifti_write.ts'
import { toCsv } from '../../src/core/table/table.ts'
import type { Mask } from '../../src/core/image/volume.ts'
import { watch } from './watch.ts'
import { morphInPlane } from '../unit/study/in_plane_morph.ts'

const SEED = 4, N = 14

const nii = (m: Mask) => gzipSync(encodeNifti(m, false), { level: 1, mtime: 0 })

/** manifest.csv (with mask2), clinical.csv and the images; patient 1's second mask is empty, the last patient has none. */
function writeStudy(dir: string): { ids: string[]; emptyId: string; emptyFile: string } {
  const demo = generateDemoCohort({ seed: SEED, patients: N })
  const ids = demo.clinical.map((r) => r.patient_id)
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true })
  const rows: string[][] = []
  demo.clinical.forEach((r, i) => {
    for (const f of demoPatientImageFiles(SEED, N, i)) fs.writeFileSync(path.join(dir, f.path), f.bytes)
    const mask = generateDemoPatientVolumes(SEED, N, i).mask
    let second = ''
    if (i < N - 1) {
      second = `images/${r.patient_id}_mask2.nii.gz`
      fs.writeFileSync(path.join(dir, second), nii(i === 1 ? { ...mask, data: new Uint8Array(mask.data.length) } : morphInPlane(mask, 'erode')))
    }
    rows.push([r.patient_id, ...(['t1', 't2', 'ce_t1', 'mask'] as const).map((k) => demoImagePath(r.patient_id, k)), second, r.cohort])
  })
  fs.writeFileSync(path.join(dir, 'manifest.csv'), toCsv(['patient_id', 't1', 't2', 'ce_t1', 'mask', 'mask2', 'cohort'], rows))
  const clinical = demoClinicalTable(demo)
  fs.writeFileSync(path.join(dir, 'clinical.csv'), toCsv(clinical.columns, clinical.rows))
  return { ids, emptyId: ids[1], emptyFile: `images/${ids[1]}_mask2.nii.gz` }
}

test('second segmentations: import (manifest mask2, folder mask_2/seg2) → study with the ICC filter', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-import-'))
  // a folder-per-patient study: second masks recognised by name (no manifest)
  const folders = path.join(root, 'folders')
  const m0 = generateDemoPatientVolumes(SEED, N, 0).mask
  for (const [id, files] of [['A1', ['ce_t1', 'mask', 'mask_2']], ['A2', ['A2_ce_t1', 'A2_seg', 'A2_seg2']], ['A3', ['ce_t1', 'mask']]] as const) {
    fs.mkdirSync(path.join(folders, id), { recursive: true })
    for (const f of files) fs.writeFileSync(path.join(folders, id, `${f}.nii.gz`), nii(m0))
  }
  const study = path.join(root, 'study')
  const { emptyId, emptyFile } = writeStudy(study)

  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await page.setInputFiles('[data-input=import-folder]', folders)
  await expect(page.locator('[data-out=import-summary]')).toContainText('3 patients from the folder-per-patient layout')
  await expect(page.locator('[data-out=import-summary]')).toContainText('2 with a second segmentation (mask2)')
  await expect(page.locator('[data-out=second-masks]')).toHaveText('2 patients with a second segmentation')
  await expect(page.locator('[data-table=patients] tr[data-patient=A3] [data-image=mask2]')).toHaveAttribute('data-present', 'false')
  await expect(page.locator('[data-table=patients] tr[data-patient=A2] [data-image=mask2]')).toHaveAttribute('data-present', 'true')

  // the manifest study: every patient but the last has a mask2 (one of them empty)
  await page.setInputFiles('[data-input=import-folder]', study)
  await expect(page.locator('[data-out=import-summary]')).toContainText(`${N} patients from the manifest (manifest.csv)`, { timeout: 30_000 })
  await expect(page.locator('[data-out=second-masks]')).toHaveText(`${N - 1} patients with a second segmentation`)
  await expect(page.locator('[data-table=patients] [data-image=mask2][data-present=true]')).toHaveCount(N - 1)

  await page.click('[data-nav=study]')
  await page.click('[data-action=plan-fast]')
  const set = async (p: string, value: string) => page.fill(`[data-setting="${p}"]`, value)
  await page.locator('[data-setting="preprocess.enabled"]').uncheck()
  await page.locator('[data-setting="deep.enabled"]').uncheck()
  await page.locator('[data-setting="icc.enabled"]').check()
  await set('consensus.reps', '20')
  await set('survival.bootstrap', '20')
  await expect(page.getByTestId('plan-problems')).toHaveCount(0)
  const t0 = Date.now()
  await page.click('[data-action=study-run]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 90_000 })
  const seconds = (Date.now() - t0) / 1000
  await expect(page.getByTestId('study-error')).toHaveCount(0)
  // nobody is skipped: the empty second mask only leaves that patient out of the ICC
  await expect(page.getByTestId('study-summary')).toHaveAttribute('data-patients', String(N))
  const warnings = page.getByTestId('study-warnings')
  await expect(warnings).toContainText(`${emptyId}: second segmentation left out of the ICC: ${emptyFile}: the mask is empty`)
  await expect(warnings).toContainText(`ICC filter: ${N - 2} of ${N} analysed patients have a usable second segmentation; the ICC is computed on those ${N - 2}`)
  const text = await warnings.innerText()
  const m = text.match(/ICC filter \(ICC\(2,1\) ≥ 0\.9, (\d+) patients\): (\d+) of (\d+) features kept, (\d+) dropped from the h-RF clustering/)
  expect(m, text).not.toBeNull()
  const [, patients, kept, extracted, dropped] = m!.map(Number)
  expect(patients).toBe(N - 2)
  expect(kept).toBeGreaterThan(0)
  expect(kept).toBeLessThan(extracted)
  expect(kept + dropped).toBe(extracted)
  await expect(page.getByTestId('study-methods')).toContainText('ICC(2,1) ≥ 0.9')

  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
  console.log(`icc import e2e: study run ${seconds.toFixed(0)} s; ${kept} of ${extracted} features kept (ICC on ${patients} patients)`)
})
