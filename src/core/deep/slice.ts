// Input preparation for the deep models (Crombé, Lucchesi et al. 2024, deep radiomics):
// the mid-tumour slice of CE-T1 with the background outside the tumour removed.
// Rule: the axial slice k through the mask's centroid (k = round(mean k of mask voxels));
// a square window in physical millimetres centred on the tumour's bounding box on that
// slice — crop 'fill': side = longest side × (1 + 2·margin), so every tumour fills the
// frame and its size is lost; crop 'fov': a fixed side of fieldOfViewMm whatever the
// tumour, so a larger tumour covers more of the input (size kept; a tumour wider than the
// field of view is cut at its edge and the slice says so; `cohortFieldOfViewMm` sizes one such
// window from a cohort: its largest tumour × (1 + 2·margin)) — sampled on size × size points by
// bilinear interpolation (out-of-image = 0), antialiased when shrinking as PIL's
// BILINEAR resize does (the tent filter's support is widened to the sampling step, so
// downsampling averages instead of aliasing voxel noise); the mask is sampled the same way and kept
// where ≥ 0.5; intensities inside the mask are min–max scaled to [0, 1]; outside the
// mask the input is 0. The unmasked scaled slice and the mask are kept apart so that
// augmentation can perturb the mask outline before the background is removed.
import type { Mask, Volume } from '../image/volume.ts'
import { InputError } from '../errors.ts'
import { DEFAULT_FIELD_OF_VIEW_MM } from './defaults.ts'

export interface TumourSlice {
  /** side of the square slice */
  size: number
  /** scaled intensities (row-major, x fastest), not masked */
  image: Float32Array
  /** tumour mask on the same grid, 0/1 */
  mask: Uint8Array
  /** axial index of the slice in the volume */
  sliceIndex: number
  /** crop 'fov' only: side of the sampled window in mm */
  windowMm?: number
  /** crop 'fov' only: the tumour extends beyond the fixed field of view */
  truncated?: boolean
}

/** How the window around the tumour is chosen (see the header). */
export type CropMode = 'fill' | 'fov'

export { DEFAULT_FIELD_OF_VIEW_MM }

export interface SliceOptions {
  size: number
  /** fraction of the tumour's extent added on each side (default 0.1; crop 'fill') */
  margin?: number
  /** 'fill' (default) or 'fov' */
  crop?: CropMode
  /** side of the window in mm for crop 'fov' (default DEFAULT_FIELD_OF_VIEW_MM) */
  fieldOfViewMm?: number
}

/** Bilinear sample of a 2D array (x fastest) at continuous (x, y); 0 outside. */
export function bilinear(data: ArrayLike<number>, nx: number, ny: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y)
  const fx = x - x0, fy = y - y0
  let v = 0
  for (let dy = 0; dy <= 1; dy++) {
    const yy = y0 + dy
    if (yy < 0 || yy >= ny) continue
    const wy = dy ? fy : 1 - fy
    if (wy === 0) continue
    for (let dx = 0; dx <= 1; dx++) {
      const xx = x0 + dx
      if (xx < 0 || xx >= nx) continue
      const wx = dx ? fx : 1 - fx
      if (wx === 0) continue
      v += wx * wy * data[xx + nx * yy]
    }
  }
  return v
}

/**
 * Antialiased bilinear sample at (x, y): the tent filter widened by the sampling step
 * (sx, sy source pixels per output pixel, ≥ 1), weights normalised to sum 1 (as PIL's
 * resize with BILINEAR), pixels outside the image counting as 0. With steps ≤ 1 this is `bilinear`.
 */
export function tentSample(data: ArrayLike<number>, nx: number, ny: number, x: number, y: number, sx: number, sy: number): number {
  const rx = Math.max(1, sx), ry = Math.max(1, sy)
  if (rx === 1 && ry === 1) return bilinear(data, nx, ny, x, y)
  const i0 = Math.ceil(x - rx), i1 = Math.floor(x + rx)
  const j0 = Math.ceil(y - ry), j1 = Math.floor(y + ry)
  let sum = 0, wsum = 0
  for (let j = j0; j <= j1; j++) {
    const wy = 1 - Math.abs(j - y) / ry
    if (wy <= 0) continue
    for (let i = i0; i <= i1; i++) {
      const wx = 1 - Math.abs(i - x) / rx
      if (wx <= 0) continue
      wsum += wx * wy
      // outside the image counts as 0, as in `bilinear`
      if (i >= 0 && j >= 0 && i < nx && j < ny) sum += wx * wy * data[i + nx * j]
    }
  }
  return wsum > 0 ? sum / wsum : 0
}

/** The centroid axial slice of a mask (throws when the mask is empty). */
export function centroidSlice(mask: Mask, name = 'mask'): number {
  const [nx, ny, nz] = mask.dims
  let sum = 0, n = 0
  for (let k = 0; k < nz; k++) {
    const off = k * nx * ny
    for (let q = 0; q < nx * ny; q++) if (mask.data[off + q]) { sum += k; n++ }
  }
  if (n === 0) throw new InputError('tumour mask is empty; check that the mask file is the segmentation of this image', name)
  return Math.round(sum / n)
}

/**
 * The tumour's axial plane before any window is chosen: the slice through the mask's
 * centroid (the nearest slice with mask when the centroid's has none), its intensities and
 * mask, and the bounding box of the tumour on it (centre in voxels, longest side in mm).
 */
export interface TumourPlane {
  sliceIndex: number
  nx: number
  ny: number
  /** in-plane spacing (mm) */
  spacing: [number, number]
  image: Float32Array
  mask: Float32Array
  /** centre of the tumour's bounding box (voxel indices) */
  centre: [number, number]
  /** longest side of the tumour's bounding box on the plane (mm) */
  extentMm: number
}

/** The tumour plane of an image and its mask (same grid); see TumourPlane. */
export function tumourPlane(image: Volume, mask: Mask, name = 'image'): TumourPlane {
  const [nx, ny] = image.dims
  if (mask.dims[0] !== nx || mask.dims[1] !== ny || mask.dims[2] !== image.dims[2])
    throw new InputError(`mask grid ${mask.dims.join('×')} differs from image grid ${image.dims.join('×')}; resample the mask onto the image first`, name)
  let k = centroidSlice(mask, name)
  const plane = nx * ny
  // the centroid of a non-convex tumour may fall on a slice without mask: take the nearest slice with mask
  const has = (kk: number) => { for (let q = 0; q < plane; q++) if (mask.data[kk * plane + q]) return true; return false }
  for (let d = 0; !has(k); d++) {
    if (k - d >= 0 && has(k - d)) { k = k - d; break }
    if (k + d < image.dims[2] && has(k + d)) { k = k + d; break }
  }
  const off = k * plane
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (mask.data[off + i + nx * j]) {
    if (i < x0) x0 = i
    if (i > x1) x1 = i
    if (j < y0) y0 = j
    if (j > y1) y1 = j
  }
  const sx = image.spacing[0], sy = image.spacing[1]
  const imgPlane = new Float32Array(plane)
  const maskPlane = new Float32Array(plane)
  for (let q = 0; q < plane; q++) {
    imgPlane[q] = image.data[off + q]
    maskPlane[q] = mask.data[off + q] ? 1 : 0
  }
  return {
    sliceIndex: k, nx, ny, spacing: [sx, sy], image: imgPlane, mask: maskPlane,
    centre: [(x0 + x1) / 2, (y0 + y1) / 2], extentMm: Math.max((x1 - x0 + 1) * sx, (y1 - y0 + 1) * sy),
  }
}

/**
 * The field of view (mm) that holds every tumour of a cohort: the longest tumour extent
 * × (1 + 2·margin), the window crop 'fill' would give the largest tumour (`deep train
 * --fov-mm auto`: the training patients' extents). Size is kept (one window for all) and
 * the largest tumour fills the frame.
 * @example cohortFieldOfViewMm([40, 85, 60]) // → 102
 */
export function cohortFieldOfViewMm(extentsMm: number[], margin = 0.1): number {
  const finite = extentsMm.filter((e) => Number.isFinite(e) && e > 0)
  if (finite.length === 0) throw new InputError('no tumour extent to size the field of view from: the cohort has no training patient with a tumour mask', 'cohort', 'fieldOfViewMm')
  return Math.max(...finite) * (1 + 2 * margin)
}

/** Cut the prepared slice (see header) from a tumour plane. */
export function cutTumourSlice(p: TumourPlane, options: SliceOptions, name = 'image'): TumourSlice {
  const { size } = options
  const margin = options.margin ?? 0.1
  const { nx, ny, extentMm: extent } = p
  const [sx, sy] = p.spacing
  const crop = options.crop ?? 'fill'
  const fov = options.fieldOfViewMm ?? DEFAULT_FIELD_OF_VIEW_MM
  if (crop === 'fov' && !(Number.isFinite(fov) && fov > 0)) throw new InputError(`field of view ${fov} mm: give a positive size in mm`, name, 'fieldOfViewMm')
  const side = crop === 'fov' ? fov : extent * (1 + 2 * margin)
  const [cx, cy] = p.centre
  const out = new Float32Array(size * size)
  const outMask = new Uint8Array(size * size)
  const step = side / size
  for (let v = 0; v < size; v++) {
    const y = cy + ((v + 0.5) * step - side / 2) / sy
    for (let u = 0; u < size; u++) {
      const x = cx + ((u + 0.5) * step - side / 2) / sx
      out[u + size * v] = tentSample(p.image, nx, ny, x, y, step / sx, step / sy)
      outMask[u + size * v] = tentSample(p.mask, nx, ny, x, y, step / sx, step / sy) >= 0.5 ? 1 : 0
    }
  }
  scaleToUnit(out, outMask)
  return { size, image: out, mask: outMask, sliceIndex: p.sliceIndex, ...(crop === 'fov' ? { windowMm: side, truncated: extent > side } : {}) }
}

/** Extract the prepared mid-tumour slice (see header) of an image and its mask (same grid). */
export function tumourSlice(image: Volume, mask: Mask, options: SliceOptions, name = 'image'): TumourSlice {
  return cutTumourSlice(tumourPlane(image, mask, name), options, name)
}

/** Min–max scale in place to [0, 1] using the voxels inside the mask (all voxels when the mask is empty). */
export function scaleToUnit(values: Float32Array, mask: Uint8Array): void {
  let lo = Infinity, hi = -Infinity
  let any = false
  for (let q = 0; q < values.length; q++) if (mask[q]) { any = true; if (values[q] < lo) lo = values[q]; if (values[q] > hi) hi = values[q] }
  if (!any) for (let q = 0; q < values.length; q++) { if (values[q] < lo) lo = values[q]; if (values[q] > hi) hi = values[q] }
  const r = hi > lo ? hi - lo : 1
  for (let q = 0; q < values.length; q++) values[q] = Math.min(1, Math.max(0, (values[q] - lo) / r))
}

/** The model input: the scaled slice with the background outside the mask set to 0. */
export function maskedInput(slice: Pick<TumourSlice, 'image' | 'mask'>): Float32Array {
  const out = new Float32Array(slice.image.length)
  for (let q = 0; q < out.length; q++) out[q] = slice.mask[q] ? slice.image[q] : 0
  return out
}
