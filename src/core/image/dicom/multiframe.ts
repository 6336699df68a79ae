// Enhanced (multi-frame) images — Enhanced MR (PS3.3 §A.36), and any image IOD with
// functional groups: one file holds every slice as a frame; the geometry is in the Shared
// (5200,9229) and Per-frame (5200,9230) Functional Groups: Pixel Measures (0028,9110:
// PixelSpacing, SliceThickness), Plane Orientation (0020,9116), Plane Position (0020,9113)
// and Pixel Value Transformation (0028,9145: RescaleIntercept / RescaleSlope). Frames may be
// stored in any order: they are put in order along the slice normal as single-frame slices
// are (scan.ts seriesGeometry). Native (uncompressed) pixel data only; a compressed file is
// refused with what to do. Pure: the same code reads the file in Node and in the browser.

import { InputError } from '../../errors.ts'
import type { Volume, Vec3, VoxelArray } from '../volume.ts'
import { bytesOf, items, num, nums, parseDataset, str, transferSyntax, us, type DataSet } from './dataset.ts'
import { seriesGeometry, type SliceHeader } from './geometry.ts'

/** A functional group macro of a frame: its per-frame item, else the shared one. */
export function functionalGroup(ds: DataSet, seqTag: string, frame: number): DataSet | undefined {
  const per = items(ds, '5200,9230')[frame]
  const shared = items(ds, '5200,9229')[0]
  return (per && items(per, seqTag)[0]) ?? (shared && items(shared, seqTag)[0])
}

/** True for a multi-frame image with functional groups (not a SEG: seg.ts reads those). */
export function isMultiFrameImage(ds: DataSet): boolean {
  return (num(ds, '0028,0008') ?? 1) > 1 && !!ds.elements.x52009230 && str(ds, '0008,0060') !== 'SEG'
}

/** The frames as slice headers ("frame N", 1-based), for seriesGeometry. */
export function frameHeaders(ds: DataSet): { slices: SliceHeader[]; pixelSpacing?: number[]; sliceThickness?: number } {
  const frames = num(ds, '0028,0008') ?? 1
  const slices: SliceHeader[] = []
  let pixelSpacing: number[] | undefined, sliceThickness: number | undefined
  for (let f = 0; f < frames; f++) {
    const pp = functionalGroup(ds, '0020,9113', f)
    const po = functionalGroup(ds, '0020,9116', f)
    const pm = functionalGroup(ds, '0028,9110', f)
    pixelSpacing ??= pm && nums(pm, '0028,0030')
    sliceThickness ??= pm && num(pm, '0018,0050')
    const p = (pp && nums(pp, '0020,0032')) ?? (f === 0 ? nums(ds, '0020,0032') : undefined)
    slices.push({
      file: `frame ${f + 1}`,
      position: p && p.length === 3 ? [p[0], p[1], p[2]] : undefined,
      orientation: (po && nums(po, '0020,0037')) ?? nums(ds, '0020,0037'),
      instance: f + 1,
    })
  }
  return { slices, pixelSpacing: pixelSpacing ?? nums(ds, '0028,0030'), sliceThickness: sliceThickness ?? num(ds, '0018,0050') }
}

/** The grid of a multi-frame image and its frames in order along the normal. */
export function multiFrameGeometry(ds: DataSet): ReturnType<typeof seriesGeometry> & { order: number[] } {
  const h = frameHeaders(ds)
  const geo = seriesGeometry(h.slices, { rows: us(ds, '0028,0010') ?? 0, columns: us(ds, '0028,0011') ?? 0, pixelSpacing: h.pixelSpacing, sliceThickness: h.sliceThickness })
  return { ...geo, order: geo.files.map((f) => Number(f.slice(6)) - 1) }
}

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'])

/**
 * Read a multi-frame image file as one volume (frames in order along the normal, rescaled
 * to stored × slope + intercept as floats when any frame has a rescale other than 1, 0).
 * @throws InputError naming the file when the frames do not make one stack, or the pixels are compressed
 */
export function readMultiFrameVolume(bytes: Uint8Array, file: string): Volume {
  let ds: DataSet
  try {
    ds = parseDataset(bytes)
  } catch (e) {
    throw new InputError(`could not be read as DICOM (${(e as Error).message})`, file)
  }
  if (!isMultiFrameImage(ds)) throw new InputError('is not a multi-frame image (no Number of Frames > 1 with Per-frame Functional Groups)', file)
  const ts = transferSyntax(ds)
  if (!NATIVE.has(ts)) throw new InputError(`stores its frames compressed (transfer syntax ${ts}); export the series uncompressed (explicit VR little endian) or as single-frame slices`, file)
  const geo = multiFrameGeometry(ds)
  if (!geo.grid || geo.problems.some((p) => !/Pixel Spacing/.test(p))) throw new InputError(`its frames do not make one volume: ${geo.problems.join('; ') || 'no geometry'}`, file)
  const rescale = geo.order.map((f) => {
    const t = functionalGroup(ds, '0028,9145', f)
    return { slope: (t && num(t, '0028,1053')) ?? num(ds, '0028,1053') ?? 1, intercept: (t && num(t, '0028,1052')) ?? num(ds, '0028,1052') ?? 0 }
  })
  const data = decodeFrames(geo.order.map((f) => ({ ds, frame: f, ...rescale[geo.order.indexOf(f)] })), file)
  const g = geo.grid
  return { dims: [...g.dims] as Vec3, spacing: [...g.spacing] as Vec3, origin: [...g.origin] as Vec3, direction: [...g.direction], data }
}

/**
 * Native grey-scale pixels of frames (each a data set and a frame index in it, with its
 * rescale) as one array, frame after frame: stored values when every rescale is 1, 0
 * (Int16 / Uint16 / Int8 / Uint8 as stored), else stored × slope + intercept as Float32.
 */
export function decodeFrames(frames: { ds: DataSet; frame: number; slope: number; intercept: number; file?: string }[], file: string): VoxelArray {
  const first = frames[0].ds
  const rows = us(first, '0028,0010') ?? 0, cols = us(first, '0028,0011') ?? 0
  const per = rows * cols
  const plain = frames.every((r) => r.slope === 1 && r.intercept === 0)
  const signedAll = frames.some((f) => (us(f.ds, '0028,0103') ?? 0) === 1)
  const bitsAll = Math.max(...frames.map((f) => us(f.ds, '0028,0100') ?? 16))
  const n = per * frames.length
  const data: VoxelArray = plain ? (bitsAll === 8 ? (signedAll ? new Int8Array(n) : new Uint8Array(n)) : signedAll ? new Int16Array(n) : new Uint16Array(n)) : new Float32Array(n)
  frames.forEach((f, k) => {
    const where = f.file ?? file
    const ds = f.ds
    const ts = transferSyntax(ds)
    if (!NATIVE.has(ts)) throw new InputError(`stores its pixels compressed (transfer syntax ${ts}); export the series uncompressed (explicit VR little endian)`, where)
    const bits = us(ds, '0028,0100') ?? 16, spp = us(ds, '0028,0002') ?? 1
    if (spp !== 1 || (bits !== 8 && bits !== 16)) throw new InputError(`has ${spp} sample(s) per pixel at ${bits} bits; only grey-scale 8- or 16-bit images are read`, where)
    if ((us(ds, '0028,0010') ?? 0) !== rows || (us(ds, '0028,0011') ?? 0) !== cols) throw new InputError(`is ${us(ds, '0028,0011')}×${us(ds, '0028,0010')} pixels, the other slices ${cols}×${rows}; keep the slices of one series`, where)
    const signed = (us(ds, '0028,0103') ?? 0) === 1
    const pixels = bytesOf(ds, '7fe0,0010')
    const bytes = bits / 8
    const need = (f.frame + 1) * per * bytes
    if (!pixels || pixels.length < need) throw new InputError(`holds ${pixels?.length ?? 0} bytes of pixel data, ${need} needed for frame ${f.frame + 1} of ${cols}×${rows}; the file is truncated`, where)
    const dv = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength)
    const base = f.frame * per
    for (let p = 0; p < per; p++) {
      const i = base + p
      const v = bits === 8 ? (signed ? dv.getInt8(i) : dv.getUint8(i)) : signed ? dv.getInt16(2 * i, true) : dv.getUint16(2 * i, true)
      data[k * per + p] = v * f.slope + f.intercept
    }
  })
  return data
}
