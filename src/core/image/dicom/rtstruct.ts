// DICOM RT Structure Set (RTSTRUCT, PS3.3 §A.19) → ROIs and their contours: the
// Structure Set ROI Sequence (3006,0020) names each ROI (number 3006,0022, name 3006,0026,
// frame of reference 3006,0024); the ROI Contour Sequence (3006,0039) holds, per
// referenced ROI number (3006,0084), a Contour Sequence (3006,0040) of contours with their
// geometric type (3006,0042), points (3006,0050, x\y\z triplets in patient LPS mm) and the
// image slices they were drawn on (Contour Image Sequence 3006,0016). The referenced series
// comes from the Referenced Frame of Reference Sequence (3006,0010 → 3006,0012 → 3006,0014
// → Series Instance UID 0020,000E). Items may come in any order: ROIs are matched by number.

import { items, nums, parseDataset, str, type DataSet, SOP_CLASS } from './dataset.ts'

export interface Contour {
  /** CLOSED_PLANAR, POINT, OPEN_PLANAR, OPEN_NONPLANAR … */
  type: string
  /** x, y, z of each point in patient coordinates (LPS, mm) */
  points: Float64Array
  /** SOP Instance UIDs of the image slices the contour was drawn on (may be empty) */
  imageUids: string[]
}

export interface Roi {
  number: number
  name: string
  frameOfReference?: string
  contours: Contour[]
}

export interface RtStruct {
  frameOfReference?: string
  /** Series Instance UID of the image series the contours were drawn on, when recorded */
  referencedSeries?: string
  /** Series Instance UID of the RTSTRUCT itself */
  seriesUid?: string
  rois: Roi[]
  /** what could not be used (a contour without points …), for the caller to report */
  warnings: string[]
}

/** True when a parsed data set is an RT Structure Set. */
export function isRtStruct(ds: DataSet): boolean {
  return str(ds, '0008,0016') === SOP_CLASS.rtstruct || (str(ds, '0008,0060') === 'RTSTRUCT' && !!ds.elements.x30060039)
}

/**
 * Read an RTSTRUCT file's ROIs and contours.
 * @param bytes - the file
 * @returns ROIs in Structure Set order, each with its contours
 * @example parseRtStruct(bytes).rois.map((r) => r.name) // → ['GTV_Mass_MR_T1']
 */
export function parseRtStruct(bytes: Uint8Array): RtStruct {
  return rtStructFromDataset(parseDataset(bytes))
}

/** The same, from a parsed data set. */
export function rtStructFromDataset(ds: DataSet): RtStruct {
  if (!isRtStruct(ds)) throw new Error('is not a DICOM RTSTRUCT (SOP Class UID 1.2.840.10008.5.1.4.1.1.481.3)')
  const warnings: string[] = []
  const names = new Map<number, { name: string; frameOfReference?: string }>()
  for (const it of items(ds, '3006,0020')) {
    const n = nums(it, '3006,0022')?.[0]
    if (n === undefined) continue
    names.set(n, { name: str(it, '3006,0026') ?? `ROI ${n}`, frameOfReference: str(it, '3006,0024') })
  }
  const contoursOf = new Map<number, Contour[]>()
  for (const it of items(ds, '3006,0039')) {
    const n = nums(it, '3006,0084')?.[0]
    if (n === undefined) {
      warnings.push('an ROI Contour item has no Referenced ROI Number (3006,0084); it was left out')
      continue
    }
    const list = contoursOf.get(n) ?? []
    for (const c of items(it, '3006,0040')) {
      const p = nums(c, '3006,0050')
      if (!p || p.length < 3 || p.length % 3 !== 0) {
        warnings.push(`ROI ${names.get(n)?.name ?? n}: a contour has ${p ? p.length : 'no'} coordinate values (not x\\y\\z triplets); it was left out`)
        continue
      }
      const imageUids = items(c, '3006,0016').map((ci) => str(ci, '0008,1155')).filter((u): u is string => !!u)
      list.push({ type: (str(c, '3006,0042') ?? 'CLOSED_PLANAR').toUpperCase(), points: Float64Array.from(p), imageUids })
    }
    contoursOf.set(n, list)
  }
  const numbers = [...new Set([...names.keys(), ...contoursOf.keys()])]
  const rois: Roi[] = numbers.map((n) => ({
    number: n,
    name: names.get(n)?.name ?? `ROI ${n}`,
    frameOfReference: names.get(n)?.frameOfReference,
    contours: contoursOf.get(n) ?? [],
  }))
  const rfor = items(ds, '3006,0010')[0]
  let referencedSeries: string | undefined
  for (const study of rfor ? items(rfor, '3006,0012') : []) {
    for (const series of items(study, '3006,0014')) referencedSeries ??= str(series, '0020,000e')
  }
  return {
    frameOfReference: (rfor && str(rfor, '0020,0052')) ?? rois.find((r) => r.frameOfReference)?.frameOfReference ?? str(ds, '0020,0052'),
    referencedSeries,
    seriesUid: str(ds, '0020,000e'),
    rois,
    warnings,
  }
}

/** The default ROI name pattern: gross tumour volumes and lesions (case-insensitive). */
export const DEFAULT_ROI_PATTERN = 'GTV|tumou?r|lesion'

/**
 * Pick ROIs by exact name (case-insensitive) or, failing that, by a regular expression on
 * the name. With no selector, the default pattern; when it matches none and the structure
 * set holds a single ROI with contours, that one.
 * @returns the ROIs chosen (possibly several; their union is the mask)
 */
export function selectRois<R extends { name: string; contours?: unknown[] }>(rois: R[], selector?: string): R[] {
  if (selector) {
    const exact = rois.filter((r) => r.name.toLowerCase() === selector.toLowerCase())
    if (exact.length) return exact
    let re: RegExp
    try {
      re = new RegExp(selector, 'i')
    } catch {
      return []
    }
    return rois.filter((r) => re.test(r.name))
  }
  const re = new RegExp(DEFAULT_ROI_PATTERN, 'i')
  const hit = rois.filter((r) => re.test(r.name))
  if (hit.length) return hit
  const drawn = rois.filter((r) => (r.contours?.length ?? 1) > 0)
  return drawn.length === 1 ? drawn : []
}
