// Image files in Node: itk-wasm reads NIfTI, NRRD, MetaImage and the rest of ITK's
// formats, and DICOM series (a folder of slices); NIfTI is written by core's
// deterministic writer, other formats by itk-wasm.

import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { readImageNode, writeImageNode } from '@itk-wasm/image-io'
import { readImageDicomFileSeriesNode, readDicomTagsNode } from '@itk-wasm/dicom'
import { volumeFromItk, volumeToItk, type ItkImageLike } from '../core/image/itk_image.ts'
import { encodeNifti } from '../core/image/nifti_write.ts'
import type { Volume } from '../core/image/volume.ts'
import { InputError } from '../core/errors.ts'
import { checkInputPath } from './input_files.ts'
import { geometryProblems } from '../core/validate/geometry.ts'
import { preflightImage, restoreNonFinite, type PreflightResult } from '../core/image/preflight.ts'
import { checkDicomSeries, type SliceTags } from '../core/image/dicom_series_check.ts'
import { seriesIdentity } from '../core/image/dicom/identity.ts'
import { sliceProblem } from '../core/image/dicom/slice_integrity.ts'
import { hasPart10Marker, looksLikeDicom, parseDataset } from '../core/image/dicom/dataset.ts'
import { isMultiFrameImage, readMultiFrameVolume } from '../core/image/dicom/multiframe.ts'
import { readSliceStack } from '../core/image/dicom/slice_stack.ts'

/**
 * Run an itk-wasm call with its console output held back: on a bad file the pipeline
 * prints several lines ("** ERROR: …", "Exception while running pipeline", "Build module
 * in Debug mode …") and throws a bare number. The CLI prints one line, so the first line
 * of ITK's own diagnosis goes into the error message instead.
 */
async function quietItk<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { error: console.error, log: console.log, warn: console.warn }
  const said: string[] = []
  const hold = (...a: unknown[]) => void said.push(a.map(String).join(' '))
  console.error = hold
  console.log = hold
  console.warn = hold
  try {
    return await fn()
  } catch (e) {
    const reason = said.flatMap((l) => l.split('\n')).map((l) => l.replace(/^(stderr|stdout):\s*/, '').trim()).find((l) => l && !/^(Exception while running pipeline|Build module in Debug mode)/.test(l))
    const own = e instanceof Error && e.message && e.message !== 'undefined' ? e.message : undefined
    throw new Error(reason ?? own ?? 'ITK could not read it')
  } finally {
    Object.assign(console, saved)
  }
}

/** Warnings of the last reads (NaN/Inf voxels …), for commands that report them. */
export const readWarnings: string[] = []

/** Frame of reference and series of volumes read from DICOM series, for the RTSTRUCT/SEG checks. */
export const dicomIdentity = new WeakMap<Volume, { frameOfReference?: string; seriesUid?: string }>()

const TAGS = { tagsToRead: { tags: ['0020|000e', '0020|0032', '0020|0037'] } }

async function sliceTags(file: string): Promise<SliceTags> {
  const { tags } = await quietItk(() => readDicomTagsNode(file, TAGS as never))
  const get = (t: string) => tags.find(([k]) => k.toLowerCase() === t)?.[1]?.trim()
  const nums = (t: string) => get(t)?.split('\\').map(Number)
  return { file: path.basename(file), seriesUid: get('0020|000e'), position: nums('0020|0032'), orientation: nums('0020|0037') }
}

/** Read an image file, or a folder holding one DICOM series (or the slice files `opts.files` of one series in that folder). */
export async function readVolume(file: string, opts: { files?: string[] } = {}): Promise<Volume> {
  // a missing path, a device (/dev/zero), a pipe or an oversized file is refused before reading
  const stat = checkInputPath(file, { folder: true })
  // an enhanced (multi-frame) DICOM image — a file, or the only file of a series — is read by core
  const only = stat.isDirectory() ? (opts.files && opts.files.length === 1 ? opts.files[0] : undefined) : file
  if (only && looksLikeDicom(fileHead(only, 256))) {
    const bytes = new Uint8Array(fs.readFileSync(only))
    if (isMultiFrame(bytes)) {
      const v = readMultiFrameVolume(bytes, only)
      dicomIdentity.set(v, seriesIdentity(bytes))
      return v
    }
  }
  let img: ItkImageLike
  let pre: PreflightResult | undefined
  let identity: { frameOfReference?: string; seriesUid?: string } | undefined
  try {
    if (stat.isDirectory()) {
      const slices = opts.files ?? fs.readdirSync(file).filter((f) => !f.startsWith('.')).map((f) => path.resolve(file, f)).filter((f) => fs.statSync(f).isFile())
      if (slices.length === 0) throw new InputError('folder holds no DICOM files', file)
      // every slice complete (ITK's series reader zero-fills a short one)
      for (const f of slices) {
        const p = sliceProblem(new Uint8Array(fs.readFileSync(f)))
        if (p) throw new InputError(p, f)
      }
      // raw data sets (no Part 10 preamble / meta group) are beyond ITK's DICOM reader: core reads the stack
      const raw = slices.filter((f) => !hasPart10Marker(fileHead(f, 132)))
      if (raw.length) {
        const v = readSliceStack(slices.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) })), file)
        dicomIdentity.set(v, seriesIdentity(new Uint8Array(fs.readFileSync(slices[0]))))
        return v
      }
      let tags: SliceTags[]
      try {
        tags = []
        for (const f of slices) tags.push(await sliceTags(f)) // one at a time: itk-wasm pipelines are not re-entrant
      } catch {
        throw new InputError('holds files that are not DICOM; keep only the slices of one series in the folder', file)
      }
      const problems = checkDicomSeries(file, tags)
      if (problems.length) throw new InputError(problems[0].replace(`${file}: `, ''), file)
      const res = await quietItk(() => readImageDicomFileSeriesNode({ inputImages: slices, singleSortedSeries: false }))
      img = res.outputImage as unknown as ItkImageLike
      identity = seriesIdentity(new Uint8Array(fs.readFileSync(slices[0])))
    } else {
      pre = preflightImage(file, new Uint8Array(fs.readFileSync(file)))
      if (pre.errors.length) throw new InputError(pre.errors[0].replace(`${file}: `, ''), file)
      readWarnings.push(...pre.warnings)
      img = pre.nifti1 ? await readNifti1Bytes(pre.nifti1) : ((await quietItk(() => readImageNode(path.resolve(file)))) as unknown as ItkImageLike) // itk-wasm mounts absolute paths reliably
    }
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(`could not be read as an image (${(e as Error).message ?? e}); check that it is a NIfTI, NRRD, MetaImage or DICOM file and not truncated`, file)
  }
  try {
    const v = volumeFromItk(img, file)
    const geo = geometryProblems(v, file)
    if (geo.length) throw new InputError(geo[0].replace(`${file}: `, ''), file)
    restoreNonFinite(v.data, pre?.nonFiniteVoxels)
    if (identity) dicomIdentity.set(v, identity)
    return v
  } catch (e) {
    throw new InputError((e as Error).message.replace(`${file}: `, ''), file)
  }
}

function fileHead(file: string, n: number): Uint8Array {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = new Uint8Array(n)
    const got = fs.readSync(fd, buf, 0, n, 0)
    return buf.subarray(0, got)
  } finally {
    fs.closeSync(fd)
  }
}

function isMultiFrame(bytes: Uint8Array): boolean {
  try {
    return isMultiFrameImage(parseDataset(bytes, '7fe0,0010'))
  } catch {
    return false
  }
}

/** Read NIfTI-1 bytes (a NIfTI-2 file carried over by core/image/nifti2.ts) with ITK, through a private temporary file. */
async function readNifti1Bytes(bytes: Uint8Array): Promise<ItkImageLike> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sol-nifti2-'))
  try {
    const f = path.join(dir, 'image.nii')
    fs.writeFileSync(f, bytes)
    return (await quietItk(() => readImageNode(f))) as unknown as ItkImageLike
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Write a volume; the format follows the extension (.nii.gz, .nii, .nrrd, .mha, …). */
export async function writeVolume(file: string, v: Volume): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  if (/\.nii(\.gz)?$/i.test(file)) {
    fs.writeFileSync(file, encodeNifti(v, file.toLowerCase().endsWith('.gz')))
    return
  }
  await quietItk(() => writeImageNode(volumeToItk(v) as never, file))
}
