// A synthetic PACS export (tests/fixtures/dicom/pacs_folder.ts: localiser, T1, oblique
// implicit-VR T2 without optional tags, CE-T1, an RTSTRUCT with two ROIs, a hole and shuffled
// contours; meaningless file names) → dicom-scan lists every series with its geometry, and
// dicom-import writes the right volumes (voxels and grid), the GTV mask and manifest.csv.
import { describe, it, expect, beforeAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writePacsFolder, type PacsTruth } from '../../fixtures/dicom/pacs_folder.ts'
import { commands } from '../../../src/cli/commands/dicom.ts'
import { runCommand } from '../cli_run.ts'
import { readVolume } from '../../../src/cli/image_io.ts'
import { proposeAssignment } from '../../../src/core/image/dicom/series_rules.ts'
import { scanDicomFiles } from '../../../src/core/image/dicom/scan.ts'

let dir: string
let truth: PacsTruth

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacs-'))
  truth = writePacsFolder(path.join(dir, 'in'))
})

describe('dicom-scan on a synthetic PACS export', () => {
  it('lists every series with uid, number, description, modality, dims, spacing, frame of reference and files', async () => {
    const out = JSON.parse(await runCommand(commands, ['dicom-scan', '--dir', path.join(dir, 'in'), '--json']))
    expect(out.series).toHaveLength(5)
    for (const t of truth.series) {
      const s = out.series.find((x: { uid: string }) => x.uid === t.uid)
      expect(s, t.description).toBeDefined()
      expect(s.description).toBe(t.description)
      expect(s.number).toBe(t.number)
      expect(s.modality).toBe('MR')
      expect(s.frameOfReference).toBe(truth.frameOfReference)
      expect(s.files).toHaveLength(t.dims[2])
      expect(s.dims).toEqual(t.dims)
      if (t.role !== 'localiser') for (let i = 0; i < 3; i++) expect(s.spacing[i]).toBeCloseTo(t.spacing[i], 6)
    }
    const rs = out.series.find((x: { uid: string }) => x.uid === truth.rtstructUid)
    expect(rs.modality).toBe('RTSTRUCT')
    expect([...rs.rois].sort()).toEqual([...truth.rois].sort())
    expect(rs.references).toEqual([truth.series.find((s) => s.role === 'ce_t1')!.uid])
    // slices in order along the normal: the files of the oblique T2 by position
    const t2 = out.series.find((x: { description: string }) => x.description === 't2_tse_obl')
    expect(t2.orientation.map((x: number) => Math.round(x * 1e4) / 1e4)).toEqual([1, 0, 0, 0, 0.866, 0.5])
  })

  it('proposes T1, T2, CE-T1 and the GTV from the default rules, the localiser left out', () => {
    const files = fs.readdirSync(path.join(dir, 'in')).map((f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(dir, 'in', f))) }))
    const a = proposeAssignment(scanDicomFiles(files).series)
    const uid = (r: string) => truth.series.find((s) => s.role === r)!.uid
    expect(a.t1).toBe(uid('t1'))
    expect(a.t2).toBe(uid('t2'))
    expect(a.ce_t1).toBe(uid('ce_t1'))
    expect(a.mask).toEqual({ uid: truth.rtstructUid, rois: ['GTV primary'] })
    expect(a.notes.some((n) => n.includes('LOC 3-plane'))).toBe(true)
  })

  it('a lone image series with a segmentation is taken as CE-T1', () => {
    const files = fs.readdirSync(path.join(dir, 'in')).map((f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(dir, 'in', f))) }))
    const series = scanDicomFiles(files).series.filter((s) => s.description === 'T1 TSE AX' || s.kind === 'rtstruct')
    const a = proposeAssignment(series)
    expect(a.ce_t1).toBe(truth.series.find((s) => s.role === 't1')!.uid)
    expect(a.t1).toBeUndefined()
  })
})

describe('dicom-import on a synthetic PACS export', () => {
  it('writes the volumes, the GTV mask and manifest.csv (with rules from a file)', async () => {
    const out = path.join(dir, 'out')
    const rules = path.join(dir, 'rules.json')
    fs.writeFileSync(rules, JSON.stringify({ t1: 'T1 TSE', t2: 't2_', ce_t1: 'POST', roi: '^GTV' }))
    const res = JSON.parse(await runCommand(commands, ['dicom-import', '--dir', path.join(dir, 'in'), '--out', out, '--rules', rules, '--patient-id', 'STS_900', '--json']))
    expect(res.warnings).toEqual([])
    const manifest = fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8').trim().split('\n')
    expect(manifest).toEqual(['patient_id,t1,t2,ce_t1,mask', 'STS_900,STS_900/t1.nii.gz,STS_900/t2.nii.gz,STS_900/ce_t1.nii.gz,STS_900/mask.nii.gz'])
    for (const t of truth.series.filter((s) => s.role !== 'localiser')) {
      const v = await readVolume(path.join(out, 'STS_900', `${t.role}.nii.gz`))
      expect(v.dims).toEqual(t.dims)
      for (let i = 0; i < 3; i++) {
        expect(v.spacing[i]).toBeCloseTo(t.spacing[i], 3)
        expect(v.origin[i]).toBeCloseTo(t.origin[i], 3)
      }
      for (let i = 0; i < 9; i++) expect(v.direction[i]).toBeCloseTo(t.direction[i], 4)
      expect(Array.from(v.data)).toEqual(Array.from(t.data))
    }
    const mask = await readVolume(path.join(out, 'STS_900', 'mask.nii.gz'))
    expect(Array.from(mask.data)).toEqual(Array.from(truth.gtv))
    // ring 9×9 − 3×3 on 4 slices + a 3×2 piece
    expect(truth.gtv.reduce((a, b) => a + b, 0)).toBe(4 * (81 - 9) + 6)
    // no DICOM patient tag in any output
    const text = fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8') + JSON.stringify(res)
    for (const tag of ['DOE', 'PAT-0042', '19700101']) expect(text).not.toContain(tag)
  }, 60000)
})
