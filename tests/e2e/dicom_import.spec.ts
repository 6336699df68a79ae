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
