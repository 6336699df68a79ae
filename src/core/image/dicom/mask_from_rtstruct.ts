// An RTSTRUCT's chosen ROIs as one binary mask on an image grid: ROI selection
// (selectRois), a frame-of-reference / series check against the image when both sides
// record it, rasterisation of each ROI (rasteriseContours) and their union. The one entry
// point that the CLI and the browser worker both call, so both give the same mask.

import { InputError } from '../../errors.ts'
import type { Mask } from '../volume.ts'
import type { Grid } from '../volume.ts'
import { selectRois, DEFAULT_ROI_PATTERN, type RtStruct } from './rtstruct.ts'
import { rasteriseContours, rasterProblems, type RasterReport } from './rasterise.ts'

export interface RtMaskOptions {
  /** ROI name or regular expression; default DEFAULT_ROI_PATTERN */
  roi?: string
  /** frame of reference UID of the image (when known): an RTSTRUCT of another frame is refused */
  frameOfReference?: string
  /** series instance UID of the image (when known): a mismatch is a warning */
  seriesUid?: string
  /** file name for messages */
  file: string
}

export interface RtMask {
  mask: Mask
  /** names of the ROIs in the mask */
  rois: string[]
  reports: { roi: string; report: RasterReport }[]
  warnings: string[]
}

/**
 * Rasterise the selected ROIs of a structure set onto `grid`.
 * @throws InputError when no ROI matches (naming the ROIs there are), when the frames of
 *   reference differ, or when nothing lands on the grid
 */
export function maskFromRtStruct(rt: RtStruct, grid: Grid, opts: RtMaskOptions): RtMask {
  const { file } = opts
  const chosen = selectRois(rt.rois, opts.roi)
  const names = rt.rois.map((r) => `"${r.name}"`).join(', ') || 'none'
  if (chosen.length === 0)
    throw new InputError(`no ROI matches ${opts.roi ? `"${opts.roi}"` : `the default pattern /${DEFAULT_ROI_PATTERN}/i`} (ROIs: ${names}); choose one with --roi NAME (or a regular expression)`, file)
  if (opts.frameOfReference && rt.frameOfReference && opts.frameOfReference !== rt.frameOfReference)
    throw new InputError(`its contours are in frame of reference ${rt.frameOfReference}, the image in ${opts.frameOfReference}; use the RTSTRUCT drawn on this image's study`, file)
  const warnings = rt.warnings.map((w) => `${file}: ${w}`)
  // with the same frame of reference, patient coordinates place the contours; a differing
  // series UID alone (common after de-identification) is only worth a word when the frame is unknown
  if (!(opts.frameOfReference && rt.frameOfReference) && opts.seriesUid && rt.referencedSeries && opts.seriesUid !== rt.referencedSeries)
    warnings.push(`${file}: the contours were drawn on series ${rt.referencedSeries}, not on this image's series ${opts.seriesUid}; they are placed by patient coordinates`)
  const [nx, ny, nz] = grid.dims
  const data = new Uint8Array(nx * ny * nz)
  const reports: RtMask['reports'] = []
  for (const roi of chosen) {
    const { mask, report } = rasteriseContours(roi.contours, grid)
    for (let i = 0; i < data.length; i++) data[i] |= mask.data[i]
    reports.push({ roi: roi.name, report })
    warnings.push(...rasterProblems(report, `${file} ROI "${roi.name}"`))
  }
  let voxels = 0
  for (let i = 0; i < data.length; i++) voxels += data[i]
  if (voxels === 0)
    throw new InputError(`ROI ${chosen.map((r) => `"${r.name}"`).join(', ')} covers no voxel of the image (${reports.reduce((a, r) => a + r.report.contours, 0)} contour(s)); check that the RTSTRUCT belongs to this image`, file)
  return { mask: { dims: [nx, ny, nz], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data }, rois: chosen.map((r) => r.name), reports, warnings }
}
