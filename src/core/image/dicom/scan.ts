// A folder of DICOM files as a PACS exports it (one flat folder, meaningless file names,
// several series mixed, RTSTRUCT / SEG objects beside the images) → a list of series:
// files grouped by Series Instance UID (0020,000E), image slices sorted by their position
// along the slice normal (ImagePositionPatient · (row × column cosines), PS3.3 §C.7.6.2.1.1),
// the grid each image series makes (dims, spacing, origin, direction in ITK's convention:
// columns of the direction matrix are the row cosine, column cosine and normal), and for
// RTSTRUCT / SEG the series they reference and their ROI / segment names. Pure: the caller
// reads the files (Node or browser) and passes their bytes.

import { items, nums, num, parseDataset, str, us, type DataSet, SOP_CLASS } from './dataset.ts'
import { rtStructFromDataset } from './rtstruct.ts'
import type { Grid } from '../volume.ts'
import type { Vec3 } from '../volume.ts'
import { seriesGeometry, type SliceHeader } from './geometry.ts'
import { isMultiFrameImage, multiFrameGeometry } from './multiframe.ts'

export { seriesGeometry, type SliceHeader }

export interface DicomFile {
  name: string
  bytes: Uint8Array
}


export interface SeriesInfo {
  uid: string
  number: number | null
  description: string
  modality: string
  /** image / rtstruct / seg */
  kind: 'image' | 'rtstruct' | 'seg'
  /** columns × rows × slices (frames for SEG); [0,0,0] for RTSTRUCT */
  dims: Vec3
  /** column spacing, row spacing, slice spacing (mm) */
  spacing: Vec3
  /** ImageOrientationPatient of the series (6 cosines), when it has one */
  orientation?: number[]
  frameOfReference: string | null
  /** file names, image slices in order along the normal */
  files: string[]
  /** for RTSTRUCT / SEG: Series Instance UIDs of the image series they were drawn on */
  references?: string[]
  /** for RTSTRUCT: ROI names; for SEG: segment labels */
  rois?: string[]
  /** ImageType (0008,0008), e.g. ORIGINAL\PRIMARY\LOCALIZER */
  imageType?: string
  /** PatientID (0010,0020) used only to group the files by patient; never written to outputs by the scan's callers */
  patientKey: string
  /** what makes the series unusable as a volume (several orientations, missing slices …) */
  problems: string[]
  /** where `description` came from when SeriesDescription (0008,103E) is absent */
  descriptionFrom?: 'ProtocolName' | 'SequenceName'
  /** an enhanced (multi-frame) image: one file holding every slice as a frame */
  multiFrame?: boolean
  /** the image grid (image series with a consistent geometry) */
  grid?: Grid
}

export interface ScanResult {
  series: SeriesInfo[]
  /** files that are not DICOM or could not be parsed */
  skipped: { file: string; reason: string }[]
}

interface Parsed {
  file: string
  ds: DataSet
}

/**
 * Group and describe the DICOM files of a folder.
 * @param files - name and bytes of each file (non-DICOM files are listed under `skipped`)
 * @example scanDicomFiles(files).series.map((s) => s.description) // → ['T1 TSE AX', …]
 */
export function scanDicomFiles(files: DicomFile[]): ScanResult {
  const skipped: ScanResult['skipped'] = []
  const bySeries = new Map<string, Parsed[]>()
  for (const f of files) {
    let ds: DataSet
    try {
      ds = parseDataset(f.bytes, '7fe0,0010')
    } catch (e) {
      skipped.push({ file: f.name, reason: (e as Error).message })
      continue
    }
    if (!ds.elements.x0020000e && !ds.elements.x00080016) {
      skipped.push({ file: f.name, reason: 'no Series Instance UID (0020,000E)' })
      continue
    }
    const uid = str(ds, '0020,000e') ?? `(no series UID: ${str(ds, '0020,000d') ?? 'no study UID'})`
    const list = bySeries.get(uid) ?? []
    list.push({ file: f.name, ds })
    bySeries.set(uid, list)
  }
  const series = [...bySeries.entries()].map(([uid, list]) => describeSeries(uid, list))
  resolveReferences(series, bySeries)
  series.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.uid.localeCompare(b.uid))
  return { series, skipped }
}

/**
 * Segmentations whose header names no referenced series (an RTSTRUCT without an RT Referenced
 * Series Sequence, a SEG without a Referenced Series Sequence — common after anonymisation or
 * from some tools): the series is found from the image instances the contours / frames cite
 * (Contour Image Sequence 3006,0016; SEG Derivation Image → Source Image Sequence
 * 0008,9124 → 0008,2112), matched to the scanned images' SOP Instance UIDs (0008,0018).
 */
function resolveReferences(series: SeriesInfo[], bySeries: Map<string, Parsed[]>): void {
  const seriesOf = new Map<string, string>()
  for (const s of series) {
    if (s.kind !== 'image') continue
    for (const p of bySeries.get(s.uid) ?? []) {
      const sop = str(p.ds, '0008,0018')
      if (sop) seriesOf.set(sop, s.uid)
    }
  }
  for (const s of series) {
    if (s.kind === 'image' || (s.references && s.references.length)) continue
    const cited = new Set<string>()
    for (const p of bySeries.get(s.uid) ?? []) for (const u of citedInstances(p.ds, s.kind)) cited.add(u)
    const refs = [...new Set([...cited].map((u) => seriesOf.get(u)).filter((u): u is string => !!u))]
    if (refs.length) s.references = refs
  }
}

function citedInstances(ds: DataSet, kind: SeriesInfo['kind']): string[] {
  const out: string[] = []
  if (kind === 'rtstruct') {
    for (const rc of items(ds, '3006,0039')) for (const c of items(rc, '3006,0040')) for (const ci of items(c, '3006,0016')) {
      const u = str(ci, '0008,1155')
      if (u) out.push(u)
    }
  } else {
    const groups = [...items(ds, '5200,9230'), ...items(ds, '5200,9229')]
    for (const g of groups) for (const d of items(g, '0008,9124')) for (const src of items(d, '0008,2112')) {
      const u = str(src, '0008,1155')
      if (u) out.push(u)
    }
  }
  return out
}

function kindOf(ds: DataSet): SeriesInfo['kind'] {
  const sop = str(ds, '0008,0016')
  const mod = str(ds, '0008,0060')
  if (sop === SOP_CLASS.rtstruct || mod === 'RTSTRUCT') return 'rtstruct'
  if (sop === SOP_CLASS.seg || mod === 'SEG') return 'seg'
  return 'image'
}

function describeSeries(uid: string, list: Parsed[]): SeriesInfo {
  const first = list[0].ds
  const kind = kindOf(first)
  // no SeriesDescription (some exports, anonymisers): the protocol or sequence name describes the series
  const seriesDescription = str(first, '0008,103e')
  const protocol = seriesDescription === undefined ? str(first, '0018,1030') : undefined
  const sequenceName = seriesDescription === undefined && protocol === undefined ? str(first, '0018,0024') : undefined
  const base: SeriesInfo = {
    uid,
    number: num(first, '0020,0011') ?? null,
    description: seriesDescription ?? protocol ?? sequenceName ?? '',
    ...(protocol !== undefined ? { descriptionFrom: 'ProtocolName' as const } : sequenceName !== undefined ? { descriptionFrom: 'SequenceName' as const } : {}),
    modality: str(first, '0008,0060') ?? '',
    kind,
    dims: [0, 0, 0],
    spacing: [0, 0, 0],
    frameOfReference: str(first, '0020,0052') ?? null,
    files: list.map((p) => p.file).sort(),
    imageType: str(first, '0008,0008'),
    patientKey: str(first, '0010,0020') ?? str(first, '0020,000d') ?? '',
    problems: [],
  }
  if (kind === 'rtstruct') {
    // the full data set (parsing stopped at pixel data, which an RTSTRUCT does not have)
    const refs = new Set<string>()
    const rois: string[] = []
    for (const p of list) {
      try {
        const rt = rtStructFromDataset(p.ds)
        if (rt.referencedSeries) refs.add(rt.referencedSeries)
        rois.push(...rt.rois.map((r) => r.name))
        base.frameOfReference ??= rt.frameOfReference ?? null
      } catch (e) {
        base.problems.push(`${p.file}: ${(e as Error).message}`)
      }
    }
    return { ...base, references: [...refs], rois }
  }
  if (kind === 'seg') {
    const refs = new Set<string>()
    for (const r of items(first, '0008,1115')) {
      const u = str(r, '0020,000e')
      if (u) refs.add(u)
    }
    const rois = items(first, '0062,0002').map((s, i) => str(s, '0062,0005') ?? `segment ${us(s, '0062,0004') ?? i + 1}`)
    const frames = num(first, '0028,0008') ?? 1
    const shared = items(first, '5200,9229')[0]
    const pm = shared ? items(shared, '0028,9110')[0] : undefined
    const ps = pm ? nums(pm, '0028,0030') : undefined
    const po = shared ? items(shared, '0020,9116')[0] : undefined
    return {
      ...base,
      dims: [us(first, '0028,0011') ?? 0, us(first, '0028,0010') ?? 0, frames],
      spacing: [ps?.[1] ?? 0, ps?.[0] ?? 0, (pm && (num(pm, '0018,0088') ?? num(pm, '0018,0050'))) ?? 0],
      orientation: po ? nums(po, '0020,0037') : undefined,
      references: [...refs],
      rois,
    }
  }
  if (list.length === 1 && isMultiFrameImage(first)) {
    // an enhanced (multi-frame) image: the frames' functional groups give the geometry
    const geo = multiFrameGeometry(first)
    const o = geo.grid ? [geo.grid.direction[0], geo.grid.direction[3], geo.grid.direction[6], geo.grid.direction[1], geo.grid.direction[4], geo.grid.direction[7]] : undefined
    return { ...base, dims: geo.dims, spacing: geo.spacing, orientation: o, files: [list[0].file], problems: geo.problems.map((p) => p.replace(/slices/g, 'frames')), grid: geo.grid, multiFrame: true }
  }
  if (list.length > 1 && list.some((p) => isMultiFrameImage(p.ds))) base.problems.push(`${list.length} multi-frame files in one series; import each file as its own series`)
  const slices: SliceHeader[] = list.map((p) => ({
    file: p.file,
    position: vec3(nums(p.ds, '0020,0032')),
    orientation: nums(p.ds, '0020,0037'),
    instance: num(p.ds, '0020,0013'),
  }))
  const geo = seriesGeometry(slices, {
    rows: us(first, '0028,0010') ?? 0,
    columns: us(first, '0028,0011') ?? 0,
    pixelSpacing: nums(first, '0028,0030'),
    sliceThickness: num(first, '0018,0050'),
    frames: num(first, '0028,0008'),
  })
  const problems = [...base.problems, ...geo.problems]
  return { ...base, dims: geo.dims, spacing: geo.spacing, orientation: slices[0].orientation, files: geo.files, problems, grid: problems.length && base.problems.length ? undefined : geo.grid }
}

function vec3(v: number[] | undefined): Vec3 | undefined {
  return v && v.length === 3 ? [v[0], v[1], v[2]] : undefined
}

/** The JSON record of `dicom-scan --json` for one series (the contract, plus orientation and kind). */
export function seriesRecord(s: SeriesInfo): Record<string, unknown> {
  const r: Record<string, unknown> = {
    uid: s.uid,
    number: s.number,
    description: s.description,
    modality: s.modality,
    kind: s.kind,
    dims: s.dims,
    spacing: s.spacing,
    orientation: s.orientation ?? null,
    frameOfReference: s.frameOfReference,
    files: s.files,
  }
  if (s.references) r.references = s.references
  if (s.rois) r.rois = s.rois
  if (s.problems.length) r.problems = s.problems
  if (s.descriptionFrom) r.descriptionFrom = s.descriptionFrom
  if (s.multiFrame) r.multiFrame = true
  return r
}
