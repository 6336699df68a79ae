// Real-world DICOM (issue 16, robustness): the export of tests/fixtures/dicom/pacs_realworld.ts
// — two patients mixed, nested folders, a stray text file, a localiser known only by its
// ImageType, an enhanced multi-frame oblique T2 with rescale, a double-oblique implicit-VR
// CE-T1 without SeriesDescription / InstanceNumber / SpacingBetweenSlices (SliceThickness ≠
// step) and with raw data sets, an RTSTRUCT citing its slices only through the Contour Image
// Sequence (holes, an island, several pieces, a slanted triangle, shuffled contours), a
// fractional sparse SEG with per-frame Pixel Measures, and a lone series + RTSTRUCT — goes
// through dicom-scan and dicom-import into the right series, volumes and masks, with no
// DICOM patient tag in any output.
import { describe, it, expect, beforeAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'fflate'
import { writeRealWorldFolder, type RealWorldTruth } from '../../fixtures/dicom/pacs_realworld.ts'
import { imageSeries, sliceElements, type TruthSeries } from '../../fixtures/dicom/pacs_folder.ts'
import { encodeElements, writeDicom } from '../../fixtures/dicom/writer.ts'
import { looksLikeDicom, parseDataset, str } from '../../../src/core/image/dicom/dataset.ts'
import { readSliceStack } from '../../../src/core/image/dicom/slice_stack.ts'
import { commands } from '../../../src/cli/commands/dicom.ts'
import { runCommand } from '../cli_run.ts'
import { readVolume } from '../../../src/cli/image_io.ts'
import { readMultiFrameVolume } from '../../../src/core/image/dicom/multiframe.ts'
import { resampleMaskNearest } from '../../../src/core/image/resample_mask.ts'

let dir: string
let truth: RealWorldTruth
let scan: { series: Record<string, unknown>[]; skipped: { file: string }[] }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacs-real-'))
  truth = writeRealWorldFolder(path.join(dir, 'in'))
  scan = JSON.parse(await runCommand(commands, ['dicom-scan', '--dir', path.join(dir, 'in'), '--json']))
}, 60_000)

const byUid = (uid: string) => scan.series.find((s) => s.uid === uid) as Record<string, any>

function expectGrid(v: { dims: number[]; spacing: number[]; origin: number[]; direction: number[] }, t: TruthSeries) {
  expect(v.dims).toEqual(t.dims)
  for (let i = 0; i < 3; i++) {
    expect(v.spacing[i]).toBeCloseTo(t.spacing[i], 4)
    expect(v.origin[i]).toBeCloseTo(t.origin[i], 4)
  }
  for (let i = 0; i < 9; i++) expect(v.direction[i]).toBeCloseTo(t.direction[i], 5)
}

describe('dicom-scan on a real-world export', () => {
  it('lists the eight series of both patients and skips the text file', () => {
    expect(scan.series).toHaveLength(8)
    expect(scan.skipped.map((s) => s.file)).toEqual(['README.TXT'])
  })

  it('an enhanced multi-frame T2: one file, the frames ordered along the normal', () => {
    const t2 = byUid(truth.p1.t2.uid)
    expect(t2.multiFrame).toBe(true)
    expect(t2.files).toHaveLength(1)
    expect(t2.dims).toEqual(truth.p1.t2.dims)
    for (let i = 0; i < 3; i++) expect(t2.spacing[i]).toBeCloseTo(truth.p1.t2.spacing[i], 6)
    expect(t2.problems).toBeUndefined()
  })

  it('the CE-T1 without SeriesDescription: described by its ProtocolName; step from positions, not SliceThickness', () => {
    const ce = byUid(truth.p1.ce.uid)
    expect(ce.description).toBe('t1_vibe_fs_tra_post')
    expect(ce.descriptionFrom).toBe('ProtocolName')
    expect(ce.files).toHaveLength(7)
    expect(ce.spacing[2]).toBeCloseTo(3.3, 6)
    expect(ce.problems).toBeUndefined()
  })

  it('segmentations: the RTSTRUCT reference found through its Contour Image Sequence; ROI and segment names', () => {
    const rt = byUid(truth.p1.rtUid)
    expect(rt.references).toEqual([truth.p1.ce.uid])
    expect(rt.rois).toEqual(['GTV_MR', 'External'])
    const seg = byUid(truth.p1.segUid)
    expect(seg.references).toEqual([truth.p1.t1.uid])
    expect(seg.rois).toEqual(['Oedema', 'GTV T1'])
    expect(byUid(truth.p2.rtUid).references).toEqual([truth.p2.t1.uid])
  })
})

describe('dicom-import on a real-world export', () => {
  it('two patients by pseudonym: the right series, volumes, RTSTRUCT and SEG masks; no patient tag in any output', async () => {
    const out = path.join(dir, 'out')
    const res = JSON.parse(await runCommand(commands, ['dicom-import', '--dir', path.join(dir, 'in'), '--out', out, '--json']))
    expect(res.warnings).toEqual([])
    const manifest = fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8').trim().split('\n')
    expect(manifest).toEqual([
      'patient_id,t1,t2,ce_t1,mask,mask_t1',
      'P001,P001/t1.nii.gz,P001/t2.nii.gz,P001/ce_t1.nii.gz,P001/mask.nii.gz,P001/mask_t1.nii.gz',
      'P002,,,P002/ce_t1.nii.gz,P002/mask.nii.gz,',
    ])
    const [p1, p2] = res.patients
    expect(p1.notes.some((n: string) => n.includes('"T1 tripilot": localiser'))).toBe(true)
    expect(p1.notes.some((n: string) => n.includes('no SeriesDescription; the rules were matched on its ProtocolName'))).toBe(true)
    expect(p1.mask.rois).toEqual(['GTV_MR'])
    expect(p1.mask_t1.rois).toEqual(['GTV T1'])
    expect(p2.notes.some((n: string) => n.includes('"Axial T1" has a segmentation: taken as CE-T1'))).toBe(true)

    const read = (f: string) => readVolume(path.join(out, f))
    const t1 = await read('P001/t1.nii.gz')
    expectGrid(t1, truth.p1.t1)
    expect(Array.from(t1.data)).toEqual(Array.from(truth.p1.t1.data))
    const ce = await read('P001/ce_t1.nii.gz')
    expectGrid(ce, truth.p1.ce)
    expect(Array.from(ce.data)).toEqual(Array.from(truth.p1.ce.data))
    const t2 = await read('P001/t2.nii.gz')
    expectGrid(t2, truth.p1.t2)
    expect(Array.from(t2.data)).toEqual(Array.from(truth.p1.t2.data, (x) => 2 * x - 10))

    // the RTSTRUCT on the double-oblique CE-T1: every voxel as the independent point-in-polygon truth
    const mask = await read('P001/mask.nii.gz')
    expectGrid(mask, truth.p1.ce)
    expect(Array.from(mask.data)).toEqual(Array.from(truth.p1.gtv))
    expect(truth.p1.gtv.reduce((a, b) => a + b, 0)).toBeGreaterThan(200)
    // the fractional SEG on the T1 (sparse frames two slices apart): its own mask
    const maskT1 = await read('P001/mask_t1.nii.gz')
    expectGrid(maskT1, truth.p1.t1)
    expect(Array.from(maskT1.data)).toEqual(Array.from(truth.p1.segGtv))

    const ce2 = await read('P002/ce_t1.nii.gz')
    expectGrid(ce2, truth.p2.t1)
    expect(Array.from((await read('P002/mask.nii.gz')).data)).toEqual(Array.from(truth.p2.tumour))

    // no DICOM patient tag (name, birth date, id, accession) in any file written, NIfTI headers included
    const texts: string[] = [JSON.stringify(res)]
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else {
          const b = new Uint8Array(fs.readFileSync(p))
          texts.push(new TextDecoder('latin1').decode(p.endsWith('.gz') ? gunzipSync(b) : b))
        }
      }
    }
    walk(out)
    expect(texts.length).toBeGreaterThan(8)
    for (const tag of truth.patientTags) for (const t of texts) expect(t.includes(tag), tag).toBe(false)
  }, 120_000)
})

describe('dicom-import: a segmentation drawn on T1 only (no RTSTRUCT on the CE-T1)', () => {
  it('is rasterised on the T1 (mask_t1) and carried onto the CE-T1 grid as mask', async () => {
    const src = path.join(dir, 'in'), copy = path.join(dir, 'in-no-rt')
    fs.cpSync(src, copy, { recursive: true })
    const rtFile = byUid(truth.p1.rtUid).files[0]
    fs.rmSync(path.join(copy, rtFile))
    const out = path.join(dir, 'out-no-rt')
    const res = JSON.parse(await runCommand(commands, ['dicom-import', '--dir', copy, '--out', out, '--json']))
    expect(res.warnings).toEqual([])
    const p1 = res.patients[0]
    expect(p1.mask.rois).toEqual(['GTV T1'])
    expect(p1.notes.some((n: string) => n.includes('was drawn on the t1 series: rasterised there (mask_t1) and carried onto the CE-T1 grid'))).toBe(true)
    const own = await readVolume(path.join(out, 'P001/mask_t1.nii.gz'))
    expect(Array.from(own.data)).toEqual(Array.from(truth.p1.segGtv))
    const onCe = await readVolume(path.join(out, 'P001/mask.nii.gz'))
    expectGrid(onCe, truth.p1.ce)
    const t1 = truth.p1.t1
    const expected = resampleMaskNearest({ dims: t1.dims, spacing: t1.spacing, origin: t1.origin, direction: t1.direction, data: truth.p1.segGtv }, onCe)
    expect(Array.from(onCe.data)).toEqual(Array.from(expected.data))
    expect(expected.data.reduce((a, b) => a + b, 0)).toBeGreaterThan(20)
  }, 120_000)
})

describe('headerless files', () => {
  it('a raw explicit-VR data set and a meta group without preamble are read, and stack into the volume', () => {
    const t = imageSeries('t1', 3, 'T1 raw', [6, 5, 4], [1, 1, 2], [0, 0, 0], [1, 0, 0], [0, 1, 0], 9)
    const files = [0, 1, 2, 3].map((k) => {
      const els = sliceElements(t, k, '1.2.3', '1.2.4', {})
      // slices 0, 2: raw explicit VR LE; slices 1, 3: Part 10 minus its 128-byte preamble and "DICM"
      const bytes = k % 2 ? writeDicom(els).subarray(132) : encodeElements(els, false)
      return { name: `IM${3 - k}`, bytes }
    })
    for (const f of files) {
      expect(looksLikeDicom(f.bytes)).toBe(true)
      expect(str(parseDataset(f.bytes), '0008,103e')).toBe('T1 raw')
    }
    const v = readSliceStack(files, 'folder')
    expect(v.dims).toEqual([6, 5, 4])
    expect(v.spacing[2]).toBeCloseTo(2, 9)
    expect(Array.from(v.data)).toEqual(Array.from(t.data))
  })
})

describe('multi-frame reader', () => {
  it('refuses a compressed multi-frame file, saying what to do', () => {
    const f = fs.readdirSync(path.join(dir, 'in')).map((n) => path.join(dir, 'in', n)).find((p) => fs.statSync(p).isFile() && fs.readFileSync(p).includes('1.2.840.10008.5.1.4.1.1.4.1'))!
    const bytes = new Uint8Array(fs.readFileSync(f))
    const text = new TextDecoder('latin1').decode(bytes)
    const at = text.indexOf('1.2.840.10008.1.2.1')
    expect(at).toBeGreaterThan(128)
    const rle = new TextEncoder().encode('1.2.840.10008.1.2.5')
    const patched = bytes.slice()
    patched.set(rle, at)
    expect(() => readMultiFrameVolume(patched, 'mf.dcm')).toThrow(/compressed \(transfer syntax 1\.2\.840\.10008\.1\.2\.5\); export the series uncompressed/)
  })
})
