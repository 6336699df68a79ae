// The IBSI-1 image processing chain up to the ROI (reference manual ch. 2): ROI from the mask
// (NaN/Inf voxels dropped), interpolation of image and mask, re-segmentation of the intensity
// mask, with the diagnostic features (IBSI-1 Table 2) measured at each stage when requested.
// Cropping to the ROI box is a separate step (cropToRoi), so an image filter can run between.

import type { Volume } from '../image/volume.ts'
import { InputError } from '../errors.ts'
import type { RadiomicsSettings } from './settings.ts'
import { resample, resampleMaskToSpacing, resegmentOutliers, resegmentRange } from './image_processing.ts'

export type Box = { lo: [number, number, number]; hi: [number, number, number] }

export function boundingBox(mask: Uint8Array, dims: [number, number, number]): Box | null {
  const [nx, ny, nz] = dims
  const lo: [number, number, number] = [Infinity, Infinity, Infinity], hi: [number, number, number] = [-1, -1, -1]
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k)
      let first = -1, last = -1
      for (let i = 0; i < nx; i++) if (mask[row + i]) { if (first < 0) first = i; last = i }
      if (first < 0) continue
      if (first < lo[0]) lo[0] = first; if (last > hi[0]) hi[0] = last
      if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j
      if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k
    }
  return hi[0] < 0 ? null : { lo, hi }
}

export function crop<T extends Float64Array | Uint8Array>(data: ArrayLike<number>, dims: [number, number, number], box: Box, make: (n: number) => T): T {
  const [nx, ny] = dims
  const bx = box.hi[0] - box.lo[0] + 1, by = box.hi[1] - box.lo[1] + 1, bz = box.hi[2] - box.lo[2] + 1
  const out = make(bx * by * bz)
  let o = 0
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const base = nx * (j + ny * k)
      for (let i = box.lo[0]; i <= box.hi[0]; i++) out[o++] = data[base + i]
    }
  return out
}

function maskStats(values: Float64Array, mask: Uint8Array, dims: [number, number, number], box: Box | null): { count: number; mean: number; min: number; max: number } {
  let n = 0, s = 0, mn = Infinity, mx = -Infinity
  if (!box) return { count: 0, mean: NaN, min: NaN, max: NaN }
  const [nx, ny] = dims
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], v = box.lo[0] + nx * (j + ny * k); i <= box.hi[0]; i++, v++) {
        if (!mask[v]) continue
        const x = values[v]
        n++; s += x
        if (x < mn) mn = x
        if (x > mx) mx = x
      }
  return { count: n, mean: s / n, min: mn, max: mx }
}

function imageStats(values: Float64Array): { mean: number; min: number; max: number } {
  let s = 0, mn = Infinity, mx = -Infinity, n = 0
  for (let v = 0; v < values.length; v++) {
    const x = values[v]
    if (!Number.isFinite(x)) continue
    n++; s += x
    if (x < mn) mn = x
    if (x > mx) mx = x
  }
  return { mean: s / n, min: mn, max: mx }
}

/** The ROI (mask = label, or > 0) without the NaN/Inf voxels of the image, and how many were dropped. */
function roiFromMask(mask: ArrayLike<number>, image: Float64Array, label: number | undefined): { roi: Uint8Array; nonFinite: number } {
  const n = image.length
  const roi = new Uint8Array(n)
  let nonFinite = 0
  const lab = label ?? 0
  const any = label === undefined
  for (let v = 0; v < n; v++) {
    const m = mask[v]
    if (m === 0 || (any ? !(m > 0) : m !== lab)) continue
    const x = image[v]
    if (x - x === 0) roi[v] = 1
    else nonFinite++
  }
  return { roi, nonFinite }
}

/** Diagnostic features of one stage of the chain (IBSI-1 Table 2 names). */
function diagnose(out: Record<string, number>, stage: 'init' | 'interp' | 'reseg', img: Volume<Float64Array>, morph: Uint8Array, int: Uint8Array): void {
  if (stage !== 'reseg') {
    const st = imageStats(img.data)
    out[`img_dim_x_${stage}_img`] = img.dims[0]; out[`img_dim_y_${stage}_img`] = img.dims[1]; out[`img_dim_z_${stage}_img`] = img.dims[2]
    out[`vox_dim_x_${stage}_img`] = img.spacing[0]; out[`vox_dim_y_${stage}_img`] = img.spacing[1]; out[`vox_dim_z_${stage}_img`] = img.spacing[2]
    out[`mean_int_${stage}_img`] = st.mean; out[`min_int_${stage}_img`] = st.min; out[`max_int_${stage}_img`] = st.max
  }
  const roiStage = `${stage}_roi`
  const ib = boundingBox(int, img.dims)
  const mb = morph === int ? ib : boundingBox(morph, img.dims)
  out[`int_mask_dim_x_${roiStage}`] = img.dims[0]; out[`int_mask_dim_y_${roiStage}`] = img.dims[1]; out[`int_mask_dim_z_${roiStage}`] = img.dims[2]
  for (const [b, p] of [[ib, 'int'], [mb, 'morph']] as const)
    for (let a = 0; a < 3; a++) out[`${p}_mask_bb_dim_${'xyz'[a]}_${roiStage}`] = b ? b.hi[a] - b.lo[a] + 1 : 0
  const si = maskStats(img.data, int, img.dims, ib)
  const sm = morph === int ? si : maskStats(img.data, morph, img.dims, mb)
  out[`int_mask_vox_count_${roiStage}`] = si.count
  out[`morph_mask_vox_count_${roiStage}`] = sm.count
  out[`int_mask_mean_int_${roiStage}`] = si.mean; out[`int_mask_min_int_${roiStage}`] = si.min; out[`int_mask_max_int_${roiStage}`] = si.max
}

export interface ProcessedRoi {
  /** the interpolated image (whole grid) */
  image: Volume<Float64Array>
  /** morphological mask (interpolated ROI) and intensity mask (after re-segmentation), on the image grid */
  morph: Uint8Array
  int: Uint8Array
}

/**
 * Interpolation and re-segmentation (IBSI-1 §2.4–2.5). `diag`, when given, receives the
 * diagnostic features of the initial, interpolated and re-segmented stages.
 */
export function processRoi(image: Volume<Float64Array>, mask: Volume, settings: RadiomicsSettings, warnings: string[], diag: Record<string, number> | null): ProcessedRoi {
  const label = settings.label
  const { roi: roi0, nonFinite } = roiFromMask(mask.data as ArrayLike<number>, image.data, label)
  if (nonFinite > 0) warnings.push(`${nonFinite} ROI voxel(s) with NaN/Inf intensity were excluded from the ROI`)
  if (!boundingBox(roi0, image.dims)) throw new InputError(label === undefined ? 'the mask has no voxel > 0; check the mask file' : `the mask has no voxel with label ${label}; check --label`, 'mask')
  if (diag) diagnose(diag, 'init', image, roi0, roi0)
  let img: Volume<Float64Array>
  let morph: Uint8Array
  if (settings.interpolation) {
    const it = settings.interpolation
    img = resample(image, it.spacing, it.method, it.round)
    const m0: Volume<Uint8Array> = { ...mask, data: roi0 }
    morph = resampleMaskToSpacing(m0, it.spacing, it.maskMethod, it.maskThreshold).data
  } else {
    img = image
    morph = roi0
  }
  const int = morph.slice()
  if (diag) diagnose(diag, 'interp', img, morph, int)
  // re-segmentation (intensity mask only)
  const rs = settings.resegmentation
  if (rs?.range) resegmentRange(img.data, int, rs.range[0], rs.range[1])
  if (rs?.outlierSigma !== undefined) resegmentOutliers(img.data, int, rs.outlierSigma)
  if (diag) diagnose(diag, 'reseg', img, morph, int)
  return { image: img, morph, int }
}

/** The ROI box (the morphological mask's bounding box widened by marginMm, within the grid). */
export function roiBox(roi: ProcessedRoi, marginMm: number): Box {
  const img = roi.image
  const mb = boundingBox(roi.morph, img.dims)
  if (!mb) throw new InputError('the ROI is empty after interpolation of the mask; use a larger ROI or a finer spacing', 'mask')
  const box: Box = { lo: [0, 0, 0], hi: [0, 0, 0] }
  for (let a = 0; a < 3; a++) {
    const margin = marginMm > 0 ? Math.ceil(marginMm / img.spacing[a]) : 0
    box.lo[a] = Math.max(0, mb.lo[a] - margin)
    box.hi[a] = Math.min(img.dims[a] - 1, mb.hi[a] + margin)
  }
  return box
}

/**
 * The part of the processed image a filter with the given reach needs for the ROI box (the
 * morphological mask's box widened by marginMm): that box widened by the reach, within the
 * grid. Responses inside the ROI box are then those of the whole image: at a grid edge the box
 * keeps the edge, where zero, nearest and mirror padding read only voxels near it; a periodic
 * filter keeps the whole axis when the box touches either edge of it.
 */
export function cropForFilter(roi: ProcessedRoi, reach: [number, number, number], marginMm: number, periodic: boolean): ProcessedRoi {
  const img = roi.image
  const inner = roiBox(roi, marginMm)
  const box: Box = { lo: [0, 0, 0], hi: [0, 0, 0] }
  for (let a = 0; a < 3; a++) {
    const lo = inner.lo[a] - reach[a], hi = inner.hi[a] + reach[a]
    const clamped = lo < 0 || hi > img.dims[a] - 1
    box.lo[a] = periodic && clamped ? 0 : Math.max(0, lo)
    box.hi[a] = periodic && clamped ? img.dims[a] - 1 : Math.min(img.dims[a] - 1, hi)
  }
  const dims: [number, number, number] = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1]
  if (dims.every((n, a) => n === img.dims[a])) return roi
  return {
    image: { ...img, dims, data: crop(img.data, img.dims, box, (n) => new Float64Array(n)) },
    morph: crop(roi.morph, img.dims, box, (n) => new Uint8Array(n)),
    int: crop(roi.int, img.dims, box, (n) => new Uint8Array(n)),
  }
}
