// Masks in Node: an image file or series (read by image_io.ts), or a DICOM segmentation
// that needs the image it belongs to — an RTSTRUCT (a file, or a folder holding one),
// rasterised onto the image's grid by core (src/core/image/dicom/mask_from_rtstruct.ts),
// the same code the browser worker runs.

import fs from 'node:fs'
import path from 'node:path'
import type { Mask, Volume } from '../core/image/volume.ts'
import { binaryMask } from '../core/image/mask_check.ts'
import { InputError } from '../core/errors.ts'
import { looksLikeDicom, parseDataset } from '../core/image/dicom/dataset.ts'
import { isRtStruct, rtStructFromDataset } from '../core/image/dicom/rtstruct.ts'
import { maskFromRtStruct } from '../core/image/dicom/mask_from_rtstruct.ts'
import { isSeg, segMaskOnGrid } from '../core/image/dicom/seg.ts'
import { dicomIdentity, readVolume } from './image_io.ts'

/** The RTSTRUCT file a mask path names (the file itself, or the only one in a folder), or null. */
export function rtStructFile(file: string): string | null {
  return dicomObjectFile(file, isRtStruct, 'RTSTRUCT')
}

/** The DICOM SEG file a mask path names (the file itself, or the only one in a folder), or null. */
export function segFile(file: string): string | null {
  return dicomObjectFile(file, isSeg, 'SEG')
}

function dicomObjectFile(file: string, test: (ds: ReturnType<typeof parseDataset>) => boolean, what: string): string | null {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    return null
  }
  const candidates = stat.isDirectory() ? fs.readdirSync(file).filter((f) => !f.startsWith('.')).map((f) => path.join(file, f)) : [file]
  const found: string[] = []
  for (const f of candidates) {
    if (!fs.statSync(f).isFile()) continue
    const bytes = readHead(f)
    if (!looksLikeDicom(bytes)) continue
    try {
      if (test(parseDataset(bytes, '0008,0061'))) found.push(f)
    } catch {
      // not DICOM, or truncated head: not an RTSTRUCT candidate
    }
  }
  if (found.length > 1) throw new InputError(`holds ${found.length} ${what} files (${found.map((f) => path.basename(f)).join(', ')}); name one of them as the mask`, file)
  return found[0] ?? null
}

function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = new Uint8Array(Math.min(fs.fstatSync(fd).size, 65536))
    fs.readSync(fd, buf, 0, buf.length, 0)
    return buf
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Read the mask of `image`: an RTSTRUCT is rasterised onto the image's grid (ROI chosen by
 * `roi`, default /GTV|tumou?r|lesion/i), anything else is read as an image.
 */
export async function readMask(file: string, image: Volume, opts: { roi?: string } = {}): Promise<Volume> {
  const sf = segFile(file)
  if (sf) return segMaskOnGrid(new Uint8Array(fs.readFileSync(sf)), image, { file: sf, roi: opts.roi, frameOfReference: dicomIdentity.get(image)?.frameOfReference })
  const rs = rtStructFile(file)
  if (!rs) return readVolume(file)
  let rt
  try {
    rt = rtStructFromDataset(parseDataset(new Uint8Array(fs.readFileSync(rs))))
  } catch (e) {
    throw new InputError(`could not be read as a DICOM RTSTRUCT (${(e as Error).message}); export the structure set again`, rs)
  }
  const id = dicomIdentity.get(image)
  const r = maskFromRtStruct(rt, image, { roi: opts.roi, file: rs, frameOfReference: id?.frameOfReference, seriesUid: id?.seriesUid })
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`)
  return r.mask
}

/** The same when only the image's path is at hand: the image is read only for an RTSTRUCT. */
export async function readMaskFor(file: string, imageFile: string, opts: { roi?: string } = {}): Promise<Volume> {
  return rtStructFile(file) || segFile(file) ? readMask(file, await readVolume(imageFile), opts) : readVolume(file)
}

/**
 * The masks drawn on one sequence (manifest columns mask_t1, mask_t2, mask_ce_t1), each read
 * on its sequence's grid and made binary; a sequence without an image or without its own mask
 * has none (its features then use the CE-T1 mask through patient coordinates).
 */
export async function readSequenceMasks(
  files: Partial<Record<string, { kind: 'file'; path: string } | { kind: 'dicom'; dir: string }>>,
  images: Partial<Record<'t1' | 't2' | 'ce_t1', Volume>>,
  base: string,
): Promise<Partial<Record<'t1' | 't2' | 'ce_t1', { mask: Mask; file: string }>>> {
  const out: Partial<Record<'t1' | 't2' | 'ce_t1', { mask: Mask; file: string }>> = {}
  for (const s of ['t1', 't2', 'ce_t1'] as const) {
    const ref = files[`mask_${s}`]
    const image = images[s]
    if (!ref || !image) continue
    const file = path.join(base, ref.kind === 'file' ? ref.path : ref.dir)
    out[s] = { mask: binaryMask(await readMask(file, image), file), file }
  }
  return out
}
