// How much of a mask an image's field of view holds: the fraction of the mask's voxel
// centres (in patient coordinates) that fall inside another grid's extent (continuous index
// within [-½, n-½) on each axis). Independent of the two resolutions, unlike a voxel count
// after resampling; used to refuse a mask that lies partly outside a sequence's field of view.

import { indexToPhysical, physicalToIndex, type Volume } from './volume.ts'
import type { Grid } from './volume.ts'
import { InputError } from '../errors.ts'

/** Fraction in [0, 1] below which a mask does not fit a sequence (stated in messages). */
export const MIN_MASK_COVERAGE = 0.95

/**
 * Fraction of the mask's voxels (value > 0) whose centres lie inside `grid`'s field of view.
 * @returns 1 for an empty mask
 * @example maskCoverage(ceT1Mask, t1) // → 0.62 when 38 % of the tumour lies outside T1's slab
 */
export function maskCoverage(mask: Volume, grid: Grid): number {
  const [nx, ny, nz] = mask.dims
  const [gx, gy, gz] = grid.dims
  let all = 0, inside = 0
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!(mask.data[v] > 0)) continue
        all++
        const [a, b, c] = physicalToIndex(grid, indexToPhysical(mask, i, j, k))
        if (a >= -0.5 && b >= -0.5 && c >= -0.5 && a < gx - 0.5 && b < gy - 0.5 && c < gz - 0.5) inside++
      }
  return all === 0 ? 1 : inside / all
}

/**
 * The study's image check for one patient: T1, T2 and CE-T1 present, and each sequence's mask
 * (its own when given in `masks`, else the CE-T1 mask carried over through patient
 * coordinates) inside that sequence's field of view (≥ MIN_MASK_COVERAGE). Throws InputError
 * naming the patient, the file and the reason, so the imaging step leaves the patient out of
 * the analyses that need images (and lists it), instead of filling a missing sequence with
 * CE-T1's values.
 */
export function requireSequencesAndFit(
  id: string,
  images: { t1?: Volume; t2?: Volume; ce_t1?: Volume },
  mask: Volume | undefined,
  maskFile: string,
  masks: Partial<Record<'t1' | 't2' | 'ce_t1', { mask: Volume; file: string }>> = {},
): void {
  const missing = (['t1', 't2', 'ce_t1'] as const).filter((s) => !images[s])
  if (missing.length) throw new InputError(`has no ${missing.join(' or ')} image; left out of the imaging analyses, which need T1, T2 and CE-T1 (a missing sequence is not filled with another's values)`, id)
  for (const s of ['t1', 't2', 'ce_t1'] as const) {
    const m = masks[s]?.mask ?? mask
    if (!m) continue
    const f = maskCoverage(m, images[s]!)
    if (f < MIN_MASK_COVERAGE)
      throw new InputError(`only ${(100 * f).toFixed(1)} % of the mask ${masks[s]?.file ?? maskFile} lies inside the ${s} image's field of view (at least ${100 * MIN_MASK_COVERAGE} % needed); left out of the imaging analyses`, id)
  }
}
