// Before the long work of a cohort command (`study`): every image file of every patient is
// checked in seconds, so a bad file in patient 7 fails now, naming the file, and not
// after six patients' imaging. Per file: readable regular file (or a DICOM series folder),
// gzip stream intact at both ends, NIfTI/NRRD header valid (core/image/preflight.ts,
// header only: dims, spacing, offsets, transforms, declared size against the file's size);
// per DICOM series: every slice complete and one uniform stack
// (core/image/dicom/slice_integrity.ts, dicom_series_check.ts); per patient without
// preprocessing: the mask on the CE-T1 grid (same dims and voxel size in the headers).
// Masks given as DICOM RTSTRUCT/SEG are checked when they are rasterised.

import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { InputError } from '../core/errors.ts'
import { checkInputPath } from './input_files.ts'
import { preflightImage, preflightImageHeader } from '../core/image/preflight.ts'
import { looksLikeDicom, parseDataset } from '../core/image/dicom/dataset.ts'
import { sliceProblem } from '../core/image/dicom/slice_integrity.ts'
import { checkDicomSeries, type SliceTags } from '../core/image/dicom_series_check.ts'
import { isNifti2, nifti2ToNifti1 } from '../core/image/nifti2.ts'
import type { Table } from '../core/table/table.ts'

export interface PreflightFile {
  patient: string
  /** ce_t1, t1, t2, mask, mask2 */
  role: string
  file: string
}

/** Head of a file: the first `n` bytes. */
function head(file: string, n: number): { bytes: Uint8Array; size: number } {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const bytes = new Uint8Array(Math.min(size, n))
    fs.readSync(fd, bytes, 0, bytes.length, 0)
    return { bytes, size }
  } finally {
    fs.closeSync(fd)
  }
}

/** The decompressed start of a file and its decompressed size (gzip: from the trailer, confirmed by a full read when it disagrees). */
function decompressedHead(file: string): { head: Uint8Array; length: number; gzip: boolean } {
  const { bytes, size } = head(file, 1 << 16)
  if (!(bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return { head: bytes, length: size, gzip: false }
  let start: Uint8Array
  try {
    start = new Uint8Array(zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH }))
  } catch {
    throw new InputError('the gzip stream is corrupt at its start; copy the file again from its source', file)
  }
  // ISIZE (the last 4 bytes) is the decompressed size modulo 2^32 of the last gzip member
  const fd = fs.openSync(file, 'r')
  const tail = new Uint8Array(4)
  try {
    fs.readSync(fd, tail, 0, 4, Math.max(0, size - 4))
  } finally {
    fs.closeSync(fd)
  }
  const isize = new DataView(tail.buffer).getUint32(0, true)
  return { head: start, length: isize, gzip: true }
}

/** Header dims and voxel size of a NIfTI head (NIfTI-1 or -2), or null. */
function niftiGrid(h: Uint8Array, length: number): { dims: number[]; spacing: number[] } | null {
  let b = h
  if (isNifti2(h)) b = nifti2ToNifti1(h, length).subarray(0, 352)
  if (b.length < 348) return null
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const le = dv.getInt32(0, true) === 348
  const n = dv.getInt16(40, le)
  return { dims: Array.from({ length: Math.min(3, n) }, (_, i) => dv.getInt16(42 + 2 * i, le)), spacing: Array.from({ length: Math.min(3, n) }, (_, i) => dv.getFloat32(80 + 4 * i, le)) }
}

function checkSeriesFolder(dir: string): void {
  const files = fs.readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile())
  const tags: SliceTags[] = []
  for (const f of files) {
    const bytes = new Uint8Array(fs.readFileSync(f))
    if (!looksLikeDicom(bytes)) continue
    const p = sliceProblem(bytes)
    if (p) throw new InputError(p, f)
    const ds = parseDataset(bytes, '7fe0,0010')
    const nums = (t: string) => ds.string(t)?.split('\\').map(Number)
    tags.push({ file: path.basename(f), seriesUid: ds.string('x0020000e')?.trim(), position: nums('x00200032'), orientation: nums('x00200037') })
  }
  if (tags.length === 0) throw new InputError('folder holds no DICOM files', dir)
  const problems = checkDicomSeries(dir, tags)
  if (problems.length) throw new InputError(problems[0].replace(`${dir}: `, ''), dir)
}

/** True when a mask path is a DICOM object (RTSTRUCT/SEG file or folder): checked when rasterised. */
function isDicomObject(file: string, st: fs.Stats): boolean {
  if (st.isDirectory()) return true
  return looksLikeDicom(head(file, 256).bytes)
}

/**
 * Check every image file of a cohort; throws an InputError naming the first bad file (and
 * its patient). `sameGrid`: the mask must be on the CE-T1 grid (no preprocessing).
 */
export function preflightCohortImages(files: PreflightFile[], opts: { sameGrid?: boolean } = {}): { files: number; seconds: number } {
  const t0 = Date.now()
  const grids = new Map<string, { dims: number[]; spacing: number[]; file: string }>()
  for (const f of files) {
    const st = checkInputPath(f.file, { folder: true })
    const mask = f.role.startsWith('mask')
    if (mask && isDicomObject(f.file, st)) continue
    if (st.isDirectory()) {
      checkSeriesFolder(f.file)
      continue
    }
    if (/\.nii(\.gz)?$/i.test(f.file)) {
      const d = decompressedHead(f.file)
      let { head: h, length } = d
      let pre = preflightImageHeader(f.file, h, length)
      // gzip: the trailer's size differs from the header's (a truncated stream, a multi-member
      // file, trailing bytes, NIfTI-2): decide by a full read
      if (d.gzip && (pre.nifti2 || (pre.errors.length ? /declares .* but the file holds/.test(pre.errors[0]) : pre.declaredBytes !== length))) {
        let full: Uint8Array
        try {
          full = new Uint8Array(zlib.gunzipSync(fs.readFileSync(f.file)))
        } catch {
          throw new InputError(`the gzip stream is truncated or corrupt (patient ${f.patient}, ${f.role}); copy the file again from its source`, f.file)
        }
        ;({ head: h, length } = { head: full.subarray(0, 1 << 16), length: full.length })
        pre = preflightImageHeader(f.file, h, length)
      }
      if (pre.errors.length) throw new InputError(`${pre.errors[0].replace(`${f.file}: `, '')} (patient ${f.patient}, ${f.role})`, f.file)
      const g = niftiGrid(h, length)
      if (g && opts.sameGrid) {
        const key = `${f.patient}`
        if (f.role === 'ce_t1') grids.set(key, { ...g, file: f.file })
        else if (f.role === 'mask') {
          const ce = grids.get(key)
          if (ce && (g.dims.some((d, i) => d !== ce.dims[i]) || g.spacing.some((s, i) => Math.abs(s - ce.spacing[i]) > 1e-3 * Math.max(1, ce.spacing[i]))))
            throw new InputError(`the mask grid (${g.dims.join('×')} voxels of ${g.spacing.map((s) => +s.toFixed(4)).join(' × ')} mm) differs from the CE-T1 grid of ${ce.file} (${ce.dims.join('×')} of ${ce.spacing.map((s) => +s.toFixed(4)).join(' × ')} mm) (patient ${f.patient}); without preprocessing the mask must lie on the CE-T1 grid — resample it, or enable preprocessing`, f.file)
        }
      }
    } else {
      // NRRD and other formats: the whole-file preflight (NRRD: declared size vs data)
      const pre = /\.nrrd$/i.test(f.file) ? preflightImage(f.file, new Uint8Array(fs.readFileSync(f.file))) : { errors: [] }
      if (pre.errors.length) throw new InputError(`${pre.errors[0].replace(`${f.file}: `, '')} (patient ${f.patient}, ${f.role})`, f.file)
    }
  }
  return { files: files.length, seconds: (Date.now() - t0) / 1000 }
}

/**
 * The manifest's patients against the clinical table's ids: none in common is an error
 * naming a few of each (a wrong file or id column); patients without a clinical row are
 * named in a warning (they are left out of the survival analyses).
 */
export function checkStudyIds(patients: string[], clinical: Table, idColumn: string, manifestFile: string, clinicalFile: string): void {
  const col = clinical.columns.indexOf(idColumn)
  if (col < 0) return
  const ids = new Set(clinical.rows.map((r) => r[col]))
  const without = patients.filter((p) => !ids.has(p))
  const few = (a: string[]) => a.slice(0, 3).join(', ') + (a.length > 3 ? `, … (${a.length})` : '')
  if (without.length === patients.length)
    throw new InputError(`no patient of the manifest ${manifestFile} has a row here (manifest: ${few(patients)}; column ${idColumn}: ${few([...ids])}); give the clinical table of these patients, or map its id column`, clinicalFile)
  if (without.length) process.stderr.write(`warning: ${clinicalFile}: ${without.length} patient(s) of the manifest have no clinical row (${few(without)}); they have no clinical data or outcome in the analyses\n`)
}
