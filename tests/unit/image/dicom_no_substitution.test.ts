// No silent substitution (issue 16 §4): a patient without T2 gets empty (NA) T2 columns, not
// CE-T1's values; a patient whose mask lies partly outside T1's field of view gets empty T1
// columns, with the patient, the reason and the fraction named; a per-sequence mask
// (manifest column mask_t2) is used for its sequence. Core (extractPatient) and CLI
// (radiomics-cohort) on small synthetic volumes.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { extractPatient } from '../../../src/core/radiomics/cohort.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { encodeNifti } from '../../../src/core/image/nifti_write.ts'
import type { Volume } from '../../../src/core/image/volume.ts'
import { commands } from '../../../src/cli/commands/radiomics.ts'
import { runCommand } from '../cli_run.ts'

const I = [1, 0, 0, 0, 1, 0, 0, 0, 1]
function image(dims: [number, number, number], origin: [number, number, number], seed: number): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2])
  for (let v = 0; v < data.length; v++) data[v] = 100 + ((v * 37 + seed * 101) % 97)
  return { dims, spacing: [1, 1, 1], origin, direction: I, data }
}
function ball(dims: [number, number, number], c: [number, number, number], r: number): Volume<Uint8Array> {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2])
  for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) data[v] = (i - c[0]) ** 2 + (j - c[1]) ** 2 + (k - c[2]) ** 2 <= r * r ? 1 : 0
  return { dims, spacing: [1, 1, 1], origin: [0, 0, 0], direction: I, data }
}

const D: [number, number, number] = [16, 16, 12]
const ce = image(D, [0, 0, 0], 1), t1 = image(D, [0, 0, 0], 2), t2 = image(D, [0, 0, 0], 3)
const mask = ball(D, [8, 8, 6], 4)
// T1 covering only slices z ≥ 6 of the CE-T1 space: the lower part of the tumour lies outside its field of view
const t1Slab = image([16, 16, 6], [0, 0, 6.5], 2)
const settings = loadPreset('paper')

describe('no silent substitution', () => {
  it('a missing T2 leaves the T2 columns NA; T1 and CE-T1 are measured', () => {
    const r = extractPatient('P1', { t1, ce_t1: ce }, mask, settings)
    const cols = Object.keys(r.features)
    const t2cols = cols.filter((c) => c.startsWith('t2.'))
    expect(t2cols.length).toBe(57)
    expect(t2cols.every((c) => Number.isNaN(r.features[c]))).toBe(true)
    expect(cols.filter((c) => c.startsWith('ce_t1.')).every((c) => Number.isFinite(r.features[c]))).toBe(true)
    expect(r.features['t1.conv_mean']).not.toBe(r.features['ce_t1.conv_mean'])
    expect(r.warnings).toContain('t2 missing: its features are left empty (NA)')
  })

  it('a mask partly outside the T1 field of view leaves the T1 columns NA with the fraction covered', () => {
    const r = extractPatient('P2', { t1: t1Slab, t2, ce_t1: ce }, mask, settings)
    expect(Object.keys(r.features).filter((c) => c.startsWith('t1.')).every((c) => Number.isNaN(r.features[c]))).toBe(true)
    expect(Number.isFinite(r.features['t2.conv_mean'])).toBe(true)
    expect(r.warnings.some((w) => /^t1: only \d+\.\d % of the mask lies inside the t1 image's field of view \(at least 95 % needed\)/.test(w))).toBe(true)
  })

  it('radiomics-cohort: empty T2 cells for the patient without T2, T1 cells NA for the one outside T1, per-sequence mask used', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nosub-'))
    const w = (name: string, v: Volume) => fs.writeFileSync(path.join(dir, name), encodeNifti(v, true))
    w('ce.nii.gz', ce); w('t1.nii.gz', t1); w('t2.nii.gz', t2); w('t1slab.nii.gz', t1Slab); w('mask.nii.gz', mask)
    const small = ball(D, [8, 8, 6], 2)
    w('mask_t2.nii.gz', small)
    fs.writeFileSync(path.join(dir, 'manifest.csv'), [
      'patient_id,t1,t2,ce_t1,mask,mask_t2',
      'P1,t1.nii.gz,,ce.nii.gz,mask.nii.gz,',
      'P2,t1slab.nii.gz,t2.nii.gz,ce.nii.gz,mask.nii.gz,',
      'P3,t1.nii.gz,t2.nii.gz,ce.nii.gz,mask.nii.gz,mask_t2.nii.gz',
    ].join('\n') + '\n')
    const out = path.join(dir, 'features.csv')
    const res = JSON.parse(await runCommand(commands, ['radiomics-cohort', '--manifest', path.join(dir, 'manifest.csv'), '--preset', 'paper', '--out', out, '--json']))
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','))
    const head = lines[0]
    const row = (id: string) => lines.find((l) => l[0] === id)!
    const cells = (id: string, seq: string) => head.map((h, j) => [h, row(id)[j]] as const).filter(([h]) => h.startsWith(`${seq}.`)).map(([, v]) => v)
    expect(cells('P1', 't2').every((v) => v === 'NA')).toBe(true)
    expect(cells('P1', 't1').every((v) => v !== 'NA')).toBe(true)
    expect(cells('P2', 't1').every((v) => v === 'NA')).toBe(true)
    expect(cells('P2', 'ce_t1').every((v) => v !== 'NA')).toBe(true)
    expect(res.warnings).toContain('P1: t2 missing: its features are left empty (NA)')
    expect(res.warnings.some((x: string) => x.startsWith('P2: t1: only '))).toBe(true)
    // P3's T2 features come from its own (smaller) T2 mask: a different T2 mean than P2's T2 with the CE-T1 mask
    const j = head.indexOf('t2.conv_mean'), jv = head.indexOf('ce_t1.shape_volume')
    expect(Number(row('P3')[j])).not.toBeCloseTo(Number(row('P2')[j]), 6)
    expect(jv < 0 || Number(row('P3')[jv]) === Number(row('P2')[jv])).toBe(true)
  }, 60000)
})

describe('study inputs: no substitution, exclusions named', () => {
  it("the app's study data refuses a missing T2 and a mask outside T1's field of view, naming patient, file and reason", async () => {
    const { studyDataFromCohort } = await import('../../../src/core/study/cohort_data.ts')
    const { guessMapping } = await import('../../../src/core/study/import.ts')
    const vols: Record<string, Volume> = { ce, t1, t2, t1Slab, mask }
    const src = (name: string) => ({ kind: 'file' as const, name, file: new Blob([]) })
    const clinical = { name: 'clinical.csv', columns: ['patient_id', 'mfs_time', 'mfs_event', 'cohort'], rows: [['P1', '10', '1', 'train'], ['P2', '20', '0', 'train'], ['P3', '30', '1', 'train']] }
    const cohort = {
      name: 'test',
      clinical,
      mapping: guessMapping(clinical.columns),
      patients: [
        { id: 'P1', cohort: 'train' as const, images: { t1: src('t1'), ce_t1: src('ce'), mask: src('mask') } },
        { id: 'P2', cohort: 'train' as const, images: { t1: src('t1Slab'), t2: src('t2'), ce_t1: src('ce'), mask: src('mask') } },
        { id: 'P3', cohort: 'train' as const, images: { t1: src('t1'), t2: src('t2'), ce_t1: src('ce'), mask: src('mask') } },
      ],
    }
    const data = await studyDataFromCohort(cohort, async (s) => vols[(s as { name: string }).name])
    await expect(data.loadImages(0)).rejects.toThrow(/^P1: has no t2 image; left out of the imaging analyses/)
    await expect(data.loadImages(1)).rejects.toThrow(/^P2: only \d+\.\d % of the mask mask lies inside the t1 image's field of view/)
    const ok = await data.loadImages(2)
    expect(ok.t2).toBe(t2)
  })
})
