// Image files in the browser (inside a compute worker): itk-wasm reads NIfTI, NRRD,
// MetaImage and single DICOM files, DICOM series (a folder of slices) and DICOM SEG masks
// from Blobs the user picked — nothing is uploaded. itk-wasm runs its pipelines in this
// worker (webWorker: false) and loads them from the app's own origin (workers/assets.ts),
// never from its default CDN. Demo sources are generated on the fly (src/core/demo).

import { niftiReadImage, nrrdReadImage, metaReadImage, gdcmReadImage, setPipelinesBaseUrl as setImageIoBase } from '@itk-wasm/image-io'
import { readDicomTags, readImageDicomFileSeriesWorkerFunction, readSegmentation, setPipelinesBaseUrl as setDicomBase } from '@itk-wasm/dicom'
import { volumeFromItk, type ItkImageLike } from '../src/core/image/itk_image.ts'
import type { Volume } from '../src/core/image/volume.ts'
import { InputError } from '../src/core/errors.ts'
import { preflightImage, restoreNonFinite } from '../src/core/image/preflight.ts'
import { checkDicomSeries, type SliceTags } from '../src/core/image/dicom_series_check.ts'
import { sliceProblem } from '../src/core/image/dicom/slice_integrity.ts'
import type { ImageSource, Patient, Sequence } from '../src/core/cohort/cohort.ts'
import { demoPatientVolumes } from '../src/core/demo/index.ts'
import { itkPipelinesUrl } from './assets.ts'
import { parseDataset } from '../src/core/image/dicom/dataset.ts'
import { rtStructFromDataset } from '../src/core/image/dicom/rtstruct.ts'
import { maskFromRtStruct } from '../src/core/image/dicom/mask_from_rtstruct.ts'
import { isMultiFrameImage, readMultiFrameVolume } from '../src/core/image/dicom/multiframe.ts'
import { readSliceStack } from '../src/core/image/dicom/slice_stack.ts'
import { seriesIdentity, type DicomIdentity } from '../src/core/image/dicom/identity.ts'
import { segMaskOnGrid } from '../src/core/image/dicom/seg.ts'

let configured = false
function configure(): void {
  if (configured) return
  setImageIoBase(itkPipelinesUrl('image-io'))
  setDicomBase(itkPipelinesUrl('dicom'))
  configured = true
}

interface BinaryFile { path: string; data: Uint8Array }

type Reader = (file: BinaryFile, options: { webWorker: false }) => Promise<{ couldRead?: unknown; image?: unknown }>

// Which itk-wasm reader handles which file name ending (ITK's own extension mapping).
const READERS: [RegExp, Reader, string][] = [
  [/\.nii(\.gz)?$/i, niftiReadImage as unknown as Reader, 'NIfTI'],
  [/\.nrrd$/i, nrrdReadImage as unknown as Reader, 'NRRD'],
  [/\.mha$/i, metaReadImage as unknown as Reader, 'MetaImage'],
  [/\.(dcm|dicom|ima)$/i, gdcmReadImage as unknown as Reader, 'DICOM'],
]

const SOP_RTSTRUCT = '1.2.840.10008.5.1.4.1.1.481.3'
const SOP_SEG = '1.2.840.10008.5.1.4.1.1.66.4'

/** Which kind of DICOM object a file holds, from its SOP Class UID (or 'other'). */
export function dicomKind(bytes: Uint8Array): 'rtstruct' | 'seg' | 'other' {
  // The SOP Class UID sits in the first few hundred bytes of the dataset; an ASCII scan
  // of the head is enough to tell RTSTRUCT and SEG objects from image slices.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)))
  if (head.includes(SOP_RTSTRUCT) || head.includes('RTSTRUCT')) return 'rtstruct'
  if (head.includes(SOP_SEG)) return 'seg'
  return 'other'
}

function toVolume(img: unknown, name: string): Volume {
  try {
    return volumeFromItk(img as ItkImageLike, name)
  } catch (e) {
    throw new InputError((e as Error).message.replace(`${name}: `, ''), name)
  }
}

const RTSTRUCT_MESSAGE =
  'is a DICOM RTSTRUCT (contours): it is rasterised onto the grid of its image, so give the patient a CE-T1 (or T1/T2) image as well'

/** Frame of reference and series of volumes read from DICOM, for the RTSTRUCT check. */
const identities = new WeakMap<Volume, DicomIdentity>()

/** An RTSTRUCT file rasterised onto `reference`'s grid by core (the CLI runs the same code). */
function rtStructMask(name: string, data: Uint8Array, reference: Volume | undefined, roi?: string): Volume {
  if (!reference) throw new InputError(RTSTRUCT_MESSAGE, name)
  let rt
  try {
    rt = rtStructFromDataset(parseDataset(data))
  } catch (e) {
    throw new InputError(`could not be read as a DICOM RTSTRUCT (${errorText(e)}); export the structure set again`, name)
  }
  const id = identities.get(reference)
  const r = maskFromRtStruct(rt, reference, { file: name, roi, frameOfReference: id?.frameOfReference, seriesUid: id?.seriesUid })
  for (const w of r.warnings) console.warn(w)
  return r.mask
}

function isMultiFrame(data: Uint8Array): boolean {
  try {
    return isMultiFrameImage(parseDataset(data, '7fe0,0010'))
  } catch {
    return false
  }
}

/** An enhanced (multi-frame) DICOM image read by core (the CLI reads it with the same code). */
function multiFrameVolume(name: string, data: Uint8Array): Volume {
  const v = readMultiFrameVolume(data, name)
  identities.set(v, seriesIdentity(data))
  return v
}

/**
 * Read one image file (NIfTI, NRRD, MetaImage, single DICOM file or DICOM SEG), or an
 * RTSTRUCT onto the grid of `reference` (the patient's image).
 */
export async function readVolumeBlob(name: string, blob: Blob, reference?: Volume, roi?: string): Promise<Volume> {
  configure()
  if (/\.(nhdr|mhd|hdr)$/i.test(name))
    throw new InputError('has a detached header (.nhdr/.mhd/.hdr + data file); convert it to a single .nrrd, .mha or .nii.gz file', name)
  const entry = READERS.find(([re]) => re.test(name))
  const data = new Uint8Array(await blob.arrayBuffer())
  const isDicom = entry?.[2] === 'DICOM' || (!entry && data.length > 132 && String.fromCharCode(...data.subarray(128, 132)) === 'DICM')
  if (!entry && !isDicom)
    throw new InputError('has an unsupported extension; use NIfTI (.nii, .nii.gz), NRRD (.nrrd), MetaImage (.mha) or DICOM (.dcm, or a folder of slices)', name)
  if (isDicom) {
    const kind = dicomKind(data)
    if (kind === 'rtstruct') return rtStructMask(name, data, reference, roi)
    if (kind === 'other' && isMultiFrame(data)) return multiFrameVolume(name, data)
    if (kind === 'seg' && reference) return segMaskOnGrid(data, reference, { file: name, roi, frameOfReference: identities.get(reference)?.frameOfReference })
    if (kind === 'seg') {
      try {
        const res = await readSegmentation({ path: baseName(name), data }, { webWorker: false })
        return toVolume(res.segImage, name)
      } catch (e) {
        if (e instanceof InputError) throw e
        throw new InputError(`could not be read as a DICOM SEG (${errorText(e)}); export the mask as NIfTI instead`, name)
      }
    }
  }
  // faults ITK lets through silently (truncated data, wrong magic): refuse them here
  const pre = preflightImage(name, data)
  if (pre.errors.length) throw new InputError(pre.errors[0].replace(`${name}: `, ''), name)
  const [, reader, format] = entry ?? READERS[3]
  let res: { couldRead?: unknown; image?: unknown }
  try {
    // a NIfTI-2 file is read as the equivalent NIfTI-1 file (core/image/nifti2.ts)
    res = await reader(pre.nifti1 ? { path: 'image.nii', data: pre.nifti1 } : { path: baseName(name), data }, { webWorker: false })
  } catch (e) {
    throw new InputError(`could not be read as ${format} (${errorText(e)}); check that the file is complete and not corrupt`, name)
  }
  if (!res.couldRead || !res.image) throw new InputError(`is not a readable ${format} file; check the format and that the file is not truncated`, name)
  const v = toVolume(res.image, name)
  restoreNonFinite(v.data, pre.nonFiniteVoxels) // ITK zeroes NaN/Inf voxels; keep them visible to the analyses
  return v
}

/** Read a DICOM series (one Blob per slice) as one volume, slices sorted by position; a folder holding only an RTSTRUCT gives its mask on `reference`'s grid. */
export async function readDicomSeries(name: string, files: { name: string; file: Blob }[], reference?: Volume): Promise<Volume> {
  configure()
  if (files.length === 0) throw new InputError('folder holds no DICOM files', name)
  const inputs: BinaryFile[] = []
  for (const f of files) {
    const data = new Uint8Array(await f.file.arrayBuffer())
    const kind = dicomKind(data)
    if (kind === 'rtstruct') {
      if (files.length === 1) return rtStructMask(`${name}/${f.name}`, data, reference)
      continue // an RTSTRUCT beside the slices is not part of the image series
    }
    if (kind === 'seg' && files.length === 1) return readVolumeBlob(`${name}/${f.name}`, f.file, reference)
    if (kind === 'other' && files.length === 1 && isMultiFrame(data)) return multiFrameVolume(`${name}/${f.name}`, data)
    inputs.push({ path: baseName(f.name), data })
  }
  if (inputs.length === 0) throw new InputError('folder holds no DICOM image slices', name)
  // raw data sets (no Part 10 preamble / meta group) are beyond ITK's DICOM reader: core reads the stack (as the CLI does)
  if (inputs.some((f) => !(f.data.length >= 132 && String.fromCharCode(...f.data.subarray(128, 132)) === 'DICM'))) {
    for (const f of inputs) {
      const short = sliceProblem(f.data)
      if (short) throw new InputError(short, `${name}/${f.path}`)
    }
    const v = readSliceStack(inputs.map((f) => ({ name: f.path, bytes: f.data })), name)
    identities.set(v, seriesIdentity(inputs[0].data))
    return v
  }
  // one series, one orientation, no missing slice (as the CLI checks, src/cli/image_io.ts)
  const tags: SliceTags[] = []
  for (const f of inputs) {
    const short = sliceProblem(f.data) // a truncated slice is refused, not zero-filled
    if (short) throw new InputError(short, `${name}/${f.path}`)
    let found: [string, string][]
    try {
      const res = await readDicomTags({ path: f.path, data: f.data.slice() }, { tagsToRead: { tags: ['0020|000e', '0020|0032', '0020|0037'] }, webWorker: false })
      found = res.tags
    } catch {
      throw new InputError('is not a DICOM file; keep only the slices of one series in the folder', `${name}/${f.path}`)
    }
    const get = (t: string) => found.find(([k]) => k.toLowerCase() === t)?.[1]?.trim()
    const nums = (t: string) => get(t)?.split('\\').map(Number)
    tags.push({ file: f.path, seriesUid: get('0020|000e'), position: nums('0020|0032'), orientation: nums('0020|0037') })
  }
  const problems = checkDicomSeries(name, tags)
  if (problems.length) throw new InputError(problems[0].replace(`${name}: `, ''), name)
  let img: unknown
  try {
    const res = await readImageDicomFileSeriesWorkerFunction(inputs, false, { webWorker: false })
    img = res.outputImage
  } catch (e) {
    throw new InputError(`could not be read as one DICOM series (${errorText(e)}); check that the folder holds the slices of a single series`, name)
  }
  const v = toVolume(img, name)
  identities.set(v, seriesIdentity(inputs[0].data))
  return v
}

// The demo generator makes all four volumes of a patient at once: keep the last patient's.
let demoCache: { key: string; volumes: Record<Sequence | 'mask', Volume> } | null = null

function demoVolumes(seed: number, patients: number, index: number, size: 'clinical' | undefined): Record<Sequence | 'mask', Volume> {
  const key = `${seed}/${patients}/${index}/${size ?? 'standard'}`
  if (demoCache?.key !== key) demoCache = { key, volumes: demoPatientVolumes(seed, patients, index, size ?? 'standard') as Record<Sequence | 'mask', Volume> }
  return demoCache.volumes
}

/** Resolve an image source of a cohort to a volume; a mask that is an RTSTRUCT needs `reference`, the image it was drawn on. */
export async function loadImageSource(src: ImageSource, reference?: Volume): Promise<Volume> {
  switch (src.kind) {
    case 'demo':
      return demoVolumes(src.seed, src.patients, src.index, src.size)[src.image]
    case 'file':
      return readVolumeBlob(src.name, src.file, reference, src.roi)
    case 'dicom':
      return readDicomSeries(src.name, src.files.map((file, i) => ({ name: (file as File).name || `slice${i}.dcm`, file })), reference)
  }
}

/** Resolve every image of a patient (missing ones are left out). */
export async function loadPatientImages(patient: Pick<Patient, 'id' | 'images'>): Promise<Partial<Record<Sequence | 'mask' | `mask_${Sequence}`, Volume>>> {
  const out: Partial<Record<Sequence | 'mask' | `mask_${Sequence}`, Volume>> = {}
  for (const key of ['t1', 't2', 'ce_t1', 'mask'] as const) {
    const src = patient.images[key]
    // the mask comes last: an RTSTRUCT is rasterised onto the CE-T1 (else T1, T2) grid
    if (src) out[key] = await loadImageSource(src, key === 'mask' ? out.ce_t1 ?? out.t1 ?? out.t2 : undefined)
  }
  // a mask drawn or edited on one sequence (mask_t1 …) is read on that sequence's grid
  for (const s of ['t1', 't2', 'ce_t1'] as const) {
    const src = patient.images[`mask_${s}`]
    if (src && out[s]) out[`mask_${s}`] = await loadImageSource(src, out[s])
  }
  return out
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1) || 'image'
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e)
  return m.split('\n').find((l) => l.trim()) ?? 'unknown error'
}
