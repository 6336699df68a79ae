// PACS export in the app: the synthetic PACS folder of the CLI tests (localiser, T1, oblique
// implicit-VR T2, CE-T1, RTSTRUCT with two ROIs and a hole; meaningless file names) → the
// Cohort page lists the five series, proposes T1/T2/CE-T1/mask from the description rules
// (localiser left out), re-proposes when a rule is edited, and "Use these series" makes a
// patient whose images the image check reads — the RTSTRUCT rasterised in the browser onto
// the CE-T1 grid gives the known GTV volume (4 × (81 − 9) + 6 voxels of 0.9 × 0.9 × 2.5 mm³
// = 0.595 mL); ticking another ROI of the list ("Skin") gives that ROI's mask instead. No
// cross-origin request.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writePacsFolder } from '../fixtures/dicom/pacs_folder.ts'
import { writeRealWorldFolder } from '../fixtures/dicom/pacs_realworld.ts'
import { watch } from './watch.ts'

test('PACS export: series list, rule-based roles, patient from the assigned series', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pacs-e2e-'))
  const dir = path.join(root, 'STS_900')
  writePacsFolder(dir)
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await page.setInputFiles('[data-input=dicom-folder]', dir)
  const rows = page.locator('[data-table=dicom-series] tbody tr')
  await expect(rows).toHaveCount(5, { timeout: 30_000 })
  const role = (desc: string) => page.locator(`[data-table=dicom-series] select[data-role-of="${desc}"]`)
  await expect(role('T1 TSE AX')).toHaveValue('t1')
  await expect(role('t2_tse_obl')).toHaveValue('t2')
  await expect(role('T1 FS AX POST GD')).toHaveValue('ce_t1')
  await expect(role('RT contours')).toHaveValue('mask')
  await expect(role('LOC 3-plane')).toHaveValue('')
  await expect(page.locator('[data-table=dicom-series]')).toContainText('GTV primary')
  // an edited rule re-proposes: with CE-T1 = "nothing", the post-contrast series matches T1 (most slices wins)
  await page.fill('[data-rule=ce_t1]', 'nothing-matches')
  await page.dispatchEvent('[data-rule=ce_t1]', 'change')
  await expect(role('T1 FS AX POST GD')).toHaveValue('t1')
  await page.fill('[data-rule=ce_t1]', 'post')
  await page.dispatchEvent('[data-rule=ce_t1]', 'change')
  await expect(role('T1 FS AX POST GD')).toHaveValue('ce_t1')
  await expect(page.locator('[data-input=dicom-patient-id]')).toHaveValue('STS_900')
  await page.click('[data-action=dicom-use]')
  await expect(page.locator('[data-summary=dicom]')).toHaveText('Patient STS_900: t1 ✓, t2 ✓, ce_t1 ✓, mask ✓.')
  for (const k of ['t1', 't2', 'ce_t1', 'mask']) await expect(page.locator(`[data-table=patients] tr[data-patient=STS_900] [data-image=${k}]`)).toHaveAttribute('data-present', 'true')
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('Checked 1 patients', { timeout: 60_000 })
  await expect(page.locator('[data-out=scan-status]')).toContainText('median tumour volume 0.6 mL; all images readable')
  // the ROIs of the mask picked from the list: "Skin" instead of the proposed "GTV primary" gives
  // the Skin rectangle rasterised in the browser (18 × 16 voxels on 6 slices × 0.9 × 0.9 × 2.5 mm³ = 3.5 mL)
  const roi = (name: string) => page.locator(`[data-table=dicom-series] input[data-roi-of="RT contours"][value="${name}"]`)
  await expect(roi('GTV primary')).toBeChecked()
  await expect(roi('Skin')).not.toBeChecked()
  await roi('GTV primary').uncheck()
  await page.click('[data-action=dicom-use]')
  await expect(page.locator('[data-error=dicom]')).toContainText('Choose at least one ROI of "RT contours"')
  await roi('Skin').check()
  await page.click('[data-action=dicom-use]')
  await expect(page.locator('[data-summary=dicom]')).toHaveText('Patient STS_900: t1 ✓, t2 ✓, ce_t1 ✓, mask ✓.')
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('median tumour volume 3.5 mL; all images readable', { timeout: 60_000 })
  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
})

// The real-world export of the robustness tests (tests/fixtures/dicom/pacs_realworld.ts: two
// patients mixed, an enhanced multi-frame T2, a double-oblique CE-T1 of raw data sets without
// SeriesDescription, an RTSTRUCT found through its Contour Image Sequence, a fractional SEG on
// the T1) in the app: the patient is chosen, the roles proposed as the CLI proposes them, and
// the browser reads every image (multi-frame and raw slices by core, as the CLI) and
// rasterises the RTSTRUCT into the GTV volume the point-in-polygon truth gives.
test('real-world PACS export: two patients, multi-frame T2, raw slices, RTSTRUCT and SEG read in the browser', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pacs-real-e2e-'))
  const dir = path.join(root, 'EXPORT')
  const truth = writeRealWorldFolder(dir)
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await page.setInputFiles('[data-input=dicom-folder]', dir)
  await expect(page.locator('[data-input=dicom-patient] option')).toHaveCount(2, { timeout: 30_000 })
  const rows = page.locator('[data-table=dicom-series] tbody tr')
  await expect(rows).toHaveCount(6)
  const role = (desc: string) => page.locator(`[data-table=dicom-series] select[data-role-of="${desc}"]`)
  await expect(role('T1 tripilot')).toHaveValue('')
  await expect(role('T1 SE AX')).toHaveValue('t1')
  await expect(role('T2 TSE obl')).toHaveValue('t2')
  await expect(role('t1_vibe_fs_tra_post')).toHaveValue('ce_t1')
  await expect(role('RTSTRUCT')).toHaveValue('mask')
  await expect(role('Segmentation')).toHaveValue('mask_t1')
  await expect(page.locator('[data-table=dicom-series] input[data-roi-of="RTSTRUCT"][value="GTV_MR"]')).toBeChecked()
  await expect(page.locator('[data-table=dicom-series] input[data-roi-of="RTSTRUCT"][value="External"]')).not.toBeChecked()
  await expect(page.locator('[data-input=dicom-patient-id]')).toHaveValue('P001')
  await page.click('[data-action=dicom-use]')
  await expect(page.locator('[data-summary=dicom]')).toHaveText('Patient P001: t1 ✓, t2 ✓, ce_t1 ✓, mask ✓, mask_t1 ✓.')
  await page.click('[data-action=scan-images]')
  const ml = (truth.p1.gtv.reduce((a, b) => a + b, 0) * 0.85 * 0.95 * 3.3) / 1000
  await expect(page.locator('[data-out=scan-status]')).toContainText(`Checked 1 patients`, { timeout: 60_000 })
  await expect(page.locator('[data-out=scan-status]')).toContainText(`median tumour volume ${ml.toFixed(1)} mL; all images readable`)
  // the second patient: a lone series with an RTSTRUCT, taken as CE-T1
  await page.selectOption('[data-input=dicom-patient]', '1')
  await expect(rows).toHaveCount(2)
  await expect(role('Axial T1')).toHaveValue('ce_t1')
  await expect(page.locator('[data-input=dicom-patient-id]')).toHaveValue('P002')
  // no DICOM patient tag shown anywhere on the page
  const text = await page.locator('body').innerText()
  for (const tag of truth.patientTags) expect(text.includes(tag), tag).toBe(false)
  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
})
