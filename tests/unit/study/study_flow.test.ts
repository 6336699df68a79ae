// Issue 16 acceptance 3 and the one manifest parser: a cohort with a patient missing T2, one
// whose mask lies partly outside T1's field of view and one without a clinical row → the
// study (CLI, threaded imaging pool) leaves each out with the reason in analysis.json's flow
// (screened → included → excluded by reason), in Fig. 1 of report.html and in the warnings;
// per-sequence masks (mask_t2) are read and used for their sequence's features.
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'fflate'
import { parseTable } from '../../../src/core/table/table.ts'
import { parseManifest, sequenceMasks } from '../../../src/core/cohort/manifest.ts'
import { planFromManifest } from '../../../src/core/study/import.ts'
import { exclusionReason, studyFlow, clinicalExclusions, IMAGING_ANALYSES } from '../../../src/core/study/flow.ts'
import { flowChartSvg } from '../../../src/core/figures/flow.ts'
import { demoPatientVolumes, demoPatientId } from '../../../src/core/demo/index.ts'
import { encodeNifti } from '../../../src/core/image/nifti_write.ts'
import { indexToPhysical, type Volume } from '../../../src/core/image/volume.ts'
import { patientImaging } from '../../../src/core/study/imaging.ts'
import { fastPlan } from '../../../src/core/study/plan.ts'
import { paperColumns } from '../../../src/core/radiomics/paper.ts'

const CLI = ['--import', 'tsx', 'src/cli/main.ts']

describe('one manifest parser', () => {
  const t = (text: string) => parseTable(text, 'manifest.csv')
  it('reads per-sequence masks and the second segmentation beside mask', () => {
    const rows = parseManifest(t('patient_id,t1,t2,ce_t1,mask,mask_t1,mask_t2,mask2,mask2_t2,cohort\nP1,a.nii,b.nii,c.nii,m.nii,,mt2.nii,m2.nii,m2t2.nii,test\nP2,a.nii,,c.nii,m.nii,mt1.nii,,,,'))
    expect(rows[0]).toMatchObject({ id: 'P1', cohort: 'test', line: 2, cells: { t1: 'a.nii', mask: 'm.nii', mask_t2: 'mt2.nii', mask2: 'm2.nii', mask2_t2: 'm2t2.nii' } })
    expect(sequenceMasks(rows[0].cells)).toEqual({ t2: 'mt2.nii' })
    expect(sequenceMasks(rows[0].cells, 'mask2')).toEqual({ t2: 'm2t2.nii' })
    expect(rows[1].cells.t2).toBeUndefined()
    expect(sequenceMasks(rows[1].cells)).toEqual({ t1: 'mt1.nii' })
  })
  it('names file, row and column of bad input', () => {
    expect(() => parseManifest(t('patient_id,ce_t1,mask\nP1,c.nii,m.nii\nP1,c.nii,m.nii'))).toThrow('manifest.csv, row 3, column patient_id: patient "P1" is listed again (first in row 2); one row per patient')
    expect(() => parseManifest(t('patient_id,ce_t1,mask\nP1,c.nii,'), 'manifest.csv', { require: ['mask'] })).toThrow('manifest.csv, row 2, column mask: mask path is empty')
    expect(() => parseManifest(t('patient_id,ce_t1,mask,mask_T2\nP1,c.nii,m.nii,x.nii'))).toThrow(/manifest\.csv, header: column "mask_T2" is not a manifest column; per-sequence masks are mask_t1, mask_t2, mask_ce_t1/)
    expect(() => parseManifest(t('patient_id,ce_t1,mask,cohort\nP1,c.nii,m.nii,later'))).toThrow('manifest.csv, row 2, column cohort: cohort must be "train" or "test", got "later"')
  })
  it("the app's import plan carries mask_t1 / mask_t2 (files and DICOM folders)", () => {
    const plan = planFromManifest(t('patient_id,t1,ce_t1,mask,mask_t1\nP1,P1/t1.nii.gz,P1/ce.nii.gz,P1/mask.nii.gz,P1/rt_t1'), 'manifest.csv', ['manifest.csv', 'P1/t1.nii.gz', 'P1/ce.nii.gz', 'P1/mask.nii.gz', 'P1/rt_t1/rs.dcm'])
    expect(plan[0].images.mask_t1).toEqual({ kind: 'dicom', dir: 'P1/rt_t1', paths: ['P1/rt_t1/rs.dcm'] })
    expect(() => planFromManifest(t('patient_id,ce_t1,mask,mask_t2\nP1,ce.nii,m.nii,gone.nii'), 'manifest.csv', ['ce.nii', 'm.nii'])).toThrow('manifest.csv, row 2, column mask_t2: "gone.nii" is not in the chosen folder')
  })
})

describe('flow of patients', () => {
  it('groups the exclusions by reason; the figure shows every box', () => {
    expect(exclusionReason('has no t2 image; left out of the imaging analyses')).toBe('missing T2')
    expect(exclusionReason("only 48.2 % of the mask m.nii lies inside the t1 image's field of view (at least 95 % needed)")).toBe('mask outside the T1 field of view (< 95 % covered)')
    expect(exclusionReason('RTSTRUCT refers to frame of reference 1.2.3, the image is on 4.5.6')).toBe('mask on another frame of reference')
    const clinical = parseTable('patient_id,mfs_time\nP1,1\nP2,2\nP3,3\nP4,4', 'clinical.csv')
    const pre = clinicalExclusions(['P1', 'P2', 'P3', 'P4', 'P5'], clinical, 'patient_id')
    expect(pre.keep).toEqual([0, 1, 2, 3])
    const f = studyFlow(['P1', 'P2', 'P3', 'P4', 'P5'], [...pre.excluded, { patient: 'P1', analysis: IMAGING_ANALYSES, reason: 'has no t2 image' }, { patient: 'P3', analysis: IMAGING_ANALYSES, reason: 'has no t2 image' }], ['P2', 'P3'])
    expect(f.screened).toBe(5)
    expect(f.included).toBe(2)
    expect(f.excluded.map((e) => [e.reason, e.n, e.patients])).toEqual([['no clinical row', 1, ['P5']], ['missing T2', 2, ['P1', 'P3']]])
    expect(f.rna).toEqual({ included: 1, without: expect.objectContaining({ reason: 'no RNA-seq counts', n: 1, patients: ['P4'] }) })
    const svg = flowChartSvg(f)
    expect(svg.match(/data-box="excluded"/g)?.length).toBe(2)
    expect(svg).toContain('data-reason="missing T2" data-n="2"')
    expect(svg).toContain('n = 5')
    expect(svg).toContain('P1, P3')
    expect(svg).toContain('data-box="no-rna" data-n="1"')
  })

  it("a sequence's own mask is used for its features (study imaging)", () => {
    const v = demoPatientVolumes(4, 4, 0)
    const plan = { ...fastPlan(), preprocess: { ...fastPlan().preprocess, enabled: false } }
    const base = patientImaging({ t1: v.t1, t2: v.t2, ce_t1: v.ce_t1, mask: v.mask }, plan, null, 'P')
    // a T2 mask of its own: the CE-T1 mask eroded to its central slices
    const m = v.mask, per = m.dims[0] * m.dims[1]
    const ks = [...Array(m.dims[2]).keys()].filter((k) => m.data.subarray(k * per, (k + 1) * per).some((x) => x > 0))
    const own = { ...m, data: Uint8Array.from(m.data, (x, i) => (Math.floor(i / per) === ks[Math.floor(ks.length / 2)] ? x : 0)) }
    const r = patientImaging({ t1: v.t1, t2: v.t2, ce_t1: v.ce_t1, mask: v.mask, masks: { t2: own } }, plan, null, 'P')
    const cols = (x: Float64Array, pre: string, names: string[]) => names.map((c, i) => [c, x[i]] as const).filter(([c]) => c.startsWith(pre))
    const names = paperColumns()
    expect(cols(r.features, 'ce_t1.', names)).toEqual(cols(base.features, 'ce_t1.', names))
    expect(cols(r.features, 't1.', names)).toEqual(cols(base.features, 't1.', names))
    const j = names.indexOf('t2.conv_mean')
    expect(r.features[j]).not.toBeCloseTo(base.features[j], 3)
  })
})

/** The slices k ≥ k0 of a volume, origin moved accordingly. */
function slab(v: Volume, k0: number): Volume {
  const per = v.dims[0] * v.dims[1]
  return { ...v, dims: [v.dims[0], v.dims[1], v.dims[2] - k0], origin: indexToPhysical(v, 0, 0, k0), data: (v.data as Float32Array).slice(k0 * per) }
}

describe('study CLI: exclusions in the flow chart', () => {
  it('missing T2, mask outside T1, no clinical row: each excluded with its reason in analysis.json flow, Fig. 1 and the warnings', () => {
    const SEED = 3, N = 10
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-flow-'))
    execFileSync(process.execPath, [...CLI, 'demo', '--out', dir, '--patients', String(N), '--seed', String(SEED)], { stdio: 'ignore' })
    const lines = fs.readFileSync(path.join(dir, 'manifest.csv'), 'utf8').trim().split('\n')
    const head = lines[0].split(',')
    const cells = lines.slice(1).map((l) => l.split(','))
    const col = (c: string) => head.indexOf(c)
    // patient 0: no T2; patient 1: T1 slab starting mid-tumour (about half the mask outside its field of view)
    const noT2 = cells[0][0], outside = cells[1][0]
    expect(demoPatientId(1, N)).toBe(outside)
    cells[0][col('t2')] = ''
    const v = demoPatientVolumes(SEED, N, 1)
    const per = v.mask.dims[0] * v.mask.dims[1]
    const ks = [...Array(v.mask.dims[2]).keys()].filter((k) => v.mask.data.subarray(k * per, (k + 1) * per).some((x) => x > 0))
    fs.writeFileSync(path.join(dir, 'images', 't1_slab.nii.gz'), gzipSync(encodeNifti(slab(v.t1, ks[Math.floor(ks.length / 2)]), false), { level: 1 }))
    cells[1][col('t1')] = 'images/t1_slab.nii.gz'
    // a manifest row whose patient is not in the clinical table
    cells.push(['NOCLIN', ...cells[2].slice(1)])
    fs.writeFileSync(path.join(dir, 'manifest.csv'), [head.join(','), ...cells.map((c) => c.join(','))].join('\n') + '\n')
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ preprocess: { enabled: false }, deep: { enabled: false }, consensus: { reps: 20, maxK: 3 }, split: { train: 6, test: 2 } }))
    const out = path.join(dir, 'out')
    execFileSync(process.execPath, [...CLI, 'study', '--manifest', path.join(dir, 'manifest.csv'), '--clinical', path.join(dir, 'clinical.csv'), '--config', path.join(dir, 'plan.json'), '--threads', '2', '--no-cache', '--out', out], { stdio: 'ignore' })
    const analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8'))
    expect(analysis.flow.screened).toBe(N + 1)
    expect(analysis.flow.included).toBe(N - 2)
    expect(analysis.n.patients).toBe(N - 2)
    const by = Object.fromEntries(analysis.flow.excluded.map((e: { reason: string; n: number; patients: string[] }) => [e.reason, e]))
    expect(by['missing T2']).toMatchObject({ n: 1, patients: [noT2] })
    expect(by['mask outside the T1 field of view (< 95 % covered)']).toMatchObject({ n: 1, patients: [outside] })
    expect(by['no clinical row']).toMatchObject({ n: 1, patients: ['NOCLIN'] })
    const warnings: string[] = analysis.warnings
    expect(warnings.some((w) => w.startsWith(`${noT2} skipped: `) && w.includes('has no t2 image'))).toBe(true)
    expect(warnings.some((w) => w.startsWith(`${outside} skipped: `) && /only \d+\.\d % of the mask .*mask\.nii\.gz lies inside the t1 image's field of view/.test(w))).toBe(true)
    expect(warnings.some((w) => w.startsWith('NOCLIN skipped: no clinical row'))).toBe(true)
    // Fig. 1 in the report, first of the Results
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8')
    expect(html).toContain('<section class="result" id="results-flow"><h2>Flow of patients</h2>')
    expect(html).toContain('data-reason="missing T2" data-n="1"')
    expect(html).toContain(`data-reason="mask outside the T1 field of view (&lt; 95 % covered)" data-n="1"`)
    expect(fs.readdirSync(path.join(out, 'figures'))).toContain('flow.svg')
    fs.rmSync(dir, { recursive: true, force: true })
  }, 240_000)
})

describe("the app's study data: a sequence's own mask (viewer edit, manifest mask_t2)", () => {
  it('is read on that sequence and checked against its field of view instead of the CE-T1 mask', async () => {
    const { studyDataFromCohort } = await import('../../../src/core/study/cohort_data.ts')
    const { guessMapping } = await import('../../../src/core/study/import.ts')
    const v = demoPatientVolumes(4, 4, 0)
    const per = v.mask.dims[0] * v.mask.dims[1]
    const ks = [...Array(v.mask.dims[2]).keys()].filter((k) => v.mask.data.subarray(k * per, (k + 1) * per).some((x) => x > 0))
    const k0 = ks[Math.floor(ks.length / 2)]
    const t2 = slab(v.t2, k0)
    // the T2 mask drawn on T2's slab: the tumour part inside it
    const ownT2 = { ...t2, data: Uint8Array.from({ length: t2.data.length }, (_, i) => v.mask.data[i + k0 * per]) }
    const vols: Record<string, Volume> = { ce: v.ce_t1, t1: v.t1, t2, mask: v.mask, own: ownT2 }
    const src = (name: string) => ({ kind: 'file' as const, name, file: new Blob([]) })
    const clinical = { name: 'clinical.csv', columns: ['patient_id', 'mfs_time', 'mfs_event'], rows: [['A', '10', '1'], ['B', '20', '0']] }
    const images = { t1: src('t1'), t2: src('t2'), ce_t1: src('ce'), mask: src('mask') }
    const cohort = { name: 'c', clinical, mapping: guessMapping(clinical.columns), patients: [{ id: 'A', cohort: 'train' as const, images }, { id: 'B', cohort: 'train' as const, images: { ...images, mask_t2: src('own') } }] }
    const data = await studyDataFromCohort(cohort, async (s) => vols[(s as { name: string }).name])
    await expect(data.loadImages(0)).rejects.toThrow(/^A: only \d+\.\d % of the mask mask lies inside the t2 image's field of view/)
    const b = await data.loadImages(1)
    expect(b.masks?.t2?.dims).toEqual(t2.dims)
    expect(b.masks?.t1).toBeUndefined()
  })
})
