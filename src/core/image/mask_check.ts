// Checks a tumour mask against its image before feature extraction, with messages that
// name both files and say what to do: same grid (dims, spacing, origin, direction), at
// least one label present and a single label chosen when the mask holds several, and
// enough voxels for texture analysis (pyradiomics likewise refuses a one-voxel ROI).

import { InputError } from '../errors.ts'
import type { Volume } from './volume.ts'

export interface MaskCheckOptions {
  /** label to use; undefined = any voxel > 0, allowed only when the mask holds one label */
  label?: number
  maskFile: string
  imageFile: string
  /** smallest ROI accepted (default 2 voxels) */
  minVoxels?: number
}

const fmt = (v: ArrayLike<number>, d = 4) => Array.from(v, (x) => Number(x.toFixed(d))).join(' × ')

/** Throws an InputError naming the mask file when the mask cannot be used with the image. */
export function checkMask(image: Volume, mask: Volume, o: MaskCheckOptions): { labels: number[]; voxels: number } {
  const where = `image ${o.imageFile}`
  if (mask.dims.some((d, i) => d !== image.dims[i]))
    throw new InputError(`the mask has ${mask.dims.join('×')} voxels but the image has ${image.dims.join('×')} (${where}); resample the mask onto the image grid (Viewer → propagate, or "preprocess --reference-grid")`, o.maskFile)
  const sp = mask.spacing.map((s, i) => Math.abs(s - image.spacing[i]) > 1e-3 * Math.max(1, image.spacing[i]))
  if (sp.some(Boolean)) throw new InputError(`the mask spacing ${fmt(mask.spacing)} mm differs from the image spacing ${fmt(image.spacing)} mm (${where}); resample the mask onto the image grid`, o.maskFile)
  if (mask.origin.some((x, i) => Math.abs(x - image.origin[i]) > 1e-2 * Math.max(1, ...image.spacing)))
    throw new InputError(`the mask origin (${fmt(mask.origin, 2)}) differs from the image origin (${fmt(image.origin, 2)}) (${where}); the two files are not on one grid — resample the mask onto the image`, o.maskFile)
  if (mask.direction.some((x, i) => Math.abs(x - image.direction[i]) > 1e-3))
    throw new InputError(`the mask orientation differs from the image orientation (${where}); resample the mask onto the image`, o.maskFile)
  const counts = new Map<number, number>()
  const d = mask.data
  for (let i = 0; i < d.length; i++) {
    const v = d[i]
    if (v > 0) counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  const labels = [...counts.keys()].sort((a, b) => a - b)
  if (labels.length === 0) throw new InputError('the mask has no voxel > 0; draw the tumour or pick the right mask file', o.maskFile)
  let voxels: number
  if (o.label === undefined) {
    if (labels.length > 1) throw new InputError(`the mask holds labels ${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', …' : ''}; choose the tumour's with --label N`, o.maskFile)
    voxels = counts.get(labels[0])!
  } else {
    voxels = counts.get(o.label) ?? 0
    if (voxels === 0) throw new InputError(`the mask has no voxel with label ${o.label} (labels present: ${labels.join(', ')}); check --label`, o.maskFile)
  }
  const min = o.minVoxels ?? 2
  if (voxels < min) throw new InputError(`the region holds only ${voxels} voxel${voxels === 1 ? '' : 's'}; texture and shape features need at least ${min} — check the segmentation`, o.maskFile)
  return { labels, voxels }
}

/** The tumour mask as 0/1 voxels (any label > 0); an InputError naming the file when it is empty. */
export function binaryMask(v: Volume, file: string): Volume<Uint8Array> {
  const data = new Uint8Array(v.data.length)
  let n = 0
  for (let i = 0; i < data.length; i++)
    if (v.data[i] > 0) {
      data[i] = 1
      n++
    }
  if (n === 0) throw new InputError('the mask is empty (no voxel > 0); draw the tumour or pick the right label file', file)
  return { ...v, data }
}
