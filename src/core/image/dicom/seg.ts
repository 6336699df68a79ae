// DICOM Segmentation (SEG, PS3.3 §A.51, §C.8.20) → a mask. The geometry comes from the
// multi-frame functional groups: Shared (5200,9229) or Per-frame (5200,9230) Pixel Measures
// (0028,9110: PixelSpacing, SliceThickness, SpacingBetweenSlices), Plane Orientation
// (0020,9116) and Plane Position (0020,9113: ImagePositionPatient of each frame), and each
// frame's segment from Segment Identification (0062,000A → 0062,000B). Pixel data are
// BINARY (1 bit per pixel, frames packed one after the other without byte padding, the
// first pixel in the least significant bit, PS3.5 §8.1.1) or FRACTIONAL (8 bits; a pixel
// belongs to the segment when value / MaximumFractionalValue ≥ ½). Frames may be sparse
// (only slices where a segment is present) and listed in any order: each is placed by its
// position along the normal. The selected segments' union is the mask, on the SEG's own
// grid; resampleMaskNearest puts it onto an image grid.

import { InputError } from '../../errors.ts'
import { sameGrid, type Mask, type Vec3 } from '../volume.ts'
import { resampleMaskNearest } from '../resample_mask.ts'
import type { Grid } from '../volume.ts'
import { selectRois } from './rtstruct.ts'
import { bytesOf, items, num, nums, parseDataset, str, us, type DataSet, SOP_CLASS } from './dataset.ts'

export interface SegInfo {
  segments: { number: number; label: string }[]
  type: 'BINARY' | 'FRACTIONAL'
  frameOfReference?: string
  /** Series Instance UIDs of the images the segmentation was made on */
  references: string[]
}

function group(ds: DataSet, seqTag: string, frame: DataSet | undefined, shared: DataSet | undefined): DataSet | undefined {
  return (frame && items(frame, seqTag)[0]) ?? (shared && items(shared, seqTag)[0])
}

/** True when a parsed data set is a DICOM SEG. */
export function isSeg(ds: DataSet): boolean {
  return str(ds, '0008,0016') === SOP_CLASS.seg || str(ds, '0008,0060') === 'SEG'
}

/** Segments and references of a SEG (no pixel data decoded). */
export function segInfo(ds: DataSet): SegInfo {
  const segments = items(ds, '0062,0002').map((s, i) => {
    const n = us(s, '0062,0004') ?? i + 1
    return { number: n, label: str(s, '0062,0005') ?? `segment ${n}` }
  })
  const references = [...new Set(items(ds, '0008,1115').map((r) => str(r, '0020,000e')).filter((u): u is string => !!u))]
  return { segments, type: (str(ds, '0062,0001') ?? 'BINARY').toUpperCase() === 'FRACTIONAL' ? 'FRACTIONAL' : 'BINARY', frameOfReference: str(ds, '0020,0052'), references }
}

/**
 * Read a SEG file's selected segments as one mask on the SEG's grid.
 * @param bytes - the SEG file
 * @param opts.segments - segment labels (case-insensitive) or numbers to keep; default all
 * @param opts.file - name for messages
 * @param opts.reference - the image grid it will be placed on (its slice spacing helps find the SEG's step)
 */
export function readSeg(bytes: Uint8Array, opts: { segments?: (string | number)[]; file?: string; reference?: Grid } = {}): { mask: Mask; info: SegInfo } {
  const file = opts.file ?? 'SEG'
  let ds: DataSet
  try {
    ds = parseDataset(bytes)
  } catch (e) {
    throw new InputError(`could not be read as DICOM (${(e as Error).message})`, file)
  }
  if (!isSeg(ds)) throw new InputError('is not a DICOM SEG (SOP Class UID 1.2.840.10008.5.1.4.1.1.66.4)', file)
  const info = segInfo(ds)
  const ts = str(ds, '0002,0010')
  if (ts && !['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'].includes(ts))
    throw new InputError(`uses transfer syntax ${ts} (compressed); export the SEG uncompressed (explicit VR little endian)`, file)
  const rows = us(ds, '0028,0010') ?? 0, cols = us(ds, '0028,0011') ?? 0
  const frames = num(ds, '0028,0008') ?? 1
  const bits = us(ds, '0028,0100') ?? 1
  const maxFrac = us(ds, '0062,000e') ?? 255
  const keep = new Set<number>()
  const wanted = opts.segments?.map((s) => String(s).toLowerCase())
  for (const s of info.segments) if (!wanted || wanted.includes(s.label.toLowerCase()) || wanted.includes(String(s.number))) keep.add(s.number)
  if (keep.size === 0) throw new InputError(`no segment matches ${opts.segments!.join(', ')} (segments: ${info.segments.map((s) => `${s.number} "${s.label}"`).join(', ')})`, file)
  const shared = items(ds, '5200,9229')[0]
  const perFrame = items(ds, '5200,9230')
  if (perFrame.length !== frames) throw new InputError(`declares ${frames} frames but has ${perFrame.length} per-frame functional groups; the SEG is incomplete`, file)
  const pixels = bytesOf(ds, '7fe0,0010')
  if (!pixels) throw new InputError('has no pixel data', file)
  const frameBits = rows * cols
  const need = bits === 1 ? Math.ceil((frameBits * frames) / 8) : frameBits * frames
  if (pixels.length < need) throw new InputError(`holds ${pixels.length} bytes of pixel data, ${need} needed for ${frames} frames of ${cols}×${rows}; the file is truncated`, file)
  // geometry of each frame
  const pos: Vec3[] = [], seg: number[] = []
  let orient: number[] | undefined, ps: number[] | undefined, spacingBetween: number | undefined, thickness: number | undefined
  perFrame.forEach((f, i) => {
    const pp = group(ds, '0020,9113', f, shared)
    const p = pp && nums(pp, '0020,0032')
    if (!p || p.length !== 3) throw new InputError(`frame ${i + 1} has no Plane Position (0020,9113); the SEG's geometry is unknown`, file)
    pos.push([p[0], p[1], p[2]])
    const po = group(ds, '0020,9116', f, shared)
    const o = po && nums(po, '0020,0037')
    if (!o || o.length !== 6) throw new InputError(`frame ${i + 1} has no Plane Orientation (0020,9116)`, file)
    if (orient && o.some((x, j) => Math.abs(x - orient![j]) > 1e-4)) throw new InputError('frames have different orientations; the SEG is not one stack', file)
    orient ??= o
    const pm = group(ds, '0028,9110', f, shared)
    ps ??= pm && nums(pm, '0028,0030')
    spacingBetween ??= pm && num(pm, '0018,0088')
    thickness ??= pm && num(pm, '0018,0050')
    const si = items(f, '0062,000a')[0] ?? (shared && items(shared, '0062,000a')[0])
    seg.push((si && us(si, '0062,000b')) ?? 1)
  })
  if (!ps || ps.length < 2) throw new InputError('has no Pixel Spacing in its Pixel Measures (0028,9110)', file)
  const o = orient!
  const n: Vec3 = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]]
  const z = pos.map((p) => p[0] * n[0] + p[1] * n[1] + p[2] * n[2])
  const zs = [...new Set(z.map((x) => Math.round(x * 1e4) / 1e4))].sort((a, b) => a - b)
  const steps = zs.slice(1).map((x, i) => x - zs[i])
  // the slice step: the first candidate of which every step between frames is a whole
  // multiple (SpacingBetweenSlices, the image's slice spacing along the same normal,
  // SliceThickness — which differs from the step when slices overlap or have gaps — and
  // the smallest step between frames present)
  const rn = opts.reference ? [opts.reference.direction[2], opts.reference.direction[5], opts.reference.direction[8]] : undefined
  const parallel = rn && Math.abs(rn[0] * n[0] + rn[1] * n[1] + rn[2] * n[2]) > 1 - 1e-4
  const fits = (c: number | undefined) => !!c && c > 0 && steps.every((d) => Math.abs(d / c - Math.round(d / c)) < 0.02)
  const candidates = [spacingBetween, parallel ? opts.reference!.spacing[2] : undefined, thickness, steps.length ? Math.min(...steps) : undefined]
  const step = candidates.find(fits) ?? candidates.find((c) => !!c && c > 0) ?? 1
  if (!fits(step)) throw new InputError(`its frames lie at uneven steps along the normal (${steps.map((d) => d.toFixed(3)).join(', ')} mm); the SEG is not one stack`, file)
  const z0 = zs[0]
  const nz = Math.round((zs[zs.length - 1] - z0) / step) + 1
  const first = pos[z.indexOf(Math.min(...z))]
  const data = new Uint8Array(cols * rows * nz)
  for (let f = 0; f < frames; f++) {
    if (!keep.has(seg[f])) continue
    const k = Math.round((z[f] - z0) / step)
    const off = k * frameBits
    if (bits === 1) {
      const bit0 = f * frameBits
      for (let p = 0; p < frameBits; p++) {
        const b = bit0 + p
        if ((pixels[b >> 3] >> (b & 7)) & 1) data[off + p] = 1
      }
    } else {
      const base = f * frameBits
      for (let p = 0; p < frameBits; p++) if (pixels[base + p] * 2 >= maxFrac) data[off + p] = 1
    }
  }
  const mask: Mask = {
    dims: [cols, rows, nz],
    spacing: [ps[1], ps[0], step],
    origin: [first[0], first[1], first[2]],
    direction: [o[0], o[3], n[0], o[1], o[4], n[1], o[2], o[5], n[2]],
    data,
  }
  return { mask, info }
}

/**
 * A SEG's segments on an image grid (nearest neighbour through patient coordinates), after
 * checking that the SEG and the image share their frame of reference when both record it.
 * With no `segments`, those whose label matches `roi` (default /GTV|tumou?r|lesion/i), else all.
 */
export function segMaskOnGrid(bytes: Uint8Array, grid: Grid, opts: { file: string; frameOfReference?: string; segments?: (string | number)[]; roi?: string }): Mask {
  let segments = opts.segments
  if (!segments) {
    const info = segInfo(parseDataset(bytes, '7fe0,0010'))
    const chosen = selectRois(info.segments.map((s) => ({ name: s.label })), opts.roi)
    segments = chosen.length ? chosen.map((s) => s.name) : undefined
  }
  const { mask, info } = readSeg(bytes, { segments, file: opts.file, reference: grid })
  if (opts.frameOfReference && info.frameOfReference && opts.frameOfReference !== info.frameOfReference)
    throw new InputError(`the segmentation is in frame of reference ${info.frameOfReference}, the image in ${opts.frameOfReference}; use the SEG made on this image's study`, opts.file)
  const same = mask.dims.every((d, i) => d === grid.dims[i]) && sameGrid(mask, { ...grid, data: mask.data })
  return same ? mask : resampleMaskNearest(mask, grid)
}
