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

export interface DicomFile {
  name: string
  bytes: Uint8Array
}

export interface SliceHeader {
  file: string
  position?: Vec3
  orientation?: number[]
  instance?: number
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
  series.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.uid.localeCompare(b.uid))
  return { series, skipped }
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
  const base: SeriesInfo = {
    uid,
    number: num(first, '0020,0011') ?? null,
    description: str(first, '0008,103e') ?? '',
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
  return { ...base, dims: geo.dims, spacing: geo.spacing, orientation: slices[0].orientation, files: geo.files, problems: geo.problems, grid: geo.grid }
}

function vec3(v: number[] | undefined): Vec3 | undefined {
  return v && v.length === 3 ? [v[0], v[1], v[2]] : undefined
}

function cross(a: number[], b: number[]): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

/**
 * The grid of an image series from its slice headers: slices sorted along the normal,
 * origin at the first, slice spacing the median step (SliceThickness for a single slice).
 */
export function seriesGeometry(
  slices: SliceHeader[],
  info: { rows: number; columns: number; pixelSpacing?: number[]; sliceThickness?: number; frames?: number },
): { dims: Vec3; spacing: Vec3; files: string[]; problems: string[]; grid?: Grid } {
  const problems: string[] = []
  const ps = info.pixelSpacing && info.pixelSpacing.length >= 2 ? info.pixelSpacing : undefined
  const inPlane: [number, number] = ps ? [ps[1], ps[0]] : [1, 1]
  if (!ps) problems.push('no Pixel Spacing (0028,0030): 1 mm assumed')
  const o = slices[0].orientation
  const byName = () => [...slices].sort((a, b) => (a.instance ?? 0) - (b.instance ?? 0) || a.file.localeCompare(b.file)).map((s) => s.file)
  const nFrames = slices.length === 1 && info.frames && info.frames > 1 ? info.frames : slices.length
  const dims: Vec3 = [info.columns, info.rows, nFrames]
  if (!o || o.length !== 6 || slices.some((s) => !s.position)) {
    problems.push('slices lack ImagePositionPatient / ImageOrientationPatient: no geometry')
    return { dims, spacing: [inPlane[0], inPlane[1], info.sliceThickness ?? 1], files: byName(), problems }
  }
  if (slices.some((s) => !s.orientation || s.orientation.some((x, i) => Math.abs(x - o[i]) > 1e-3))) {
    problems.push('slices have different orientations (a localiser?): not one stack')
    return { dims, spacing: [inPlane[0], inPlane[1], info.sliceThickness ?? 0], files: byName(), problems }
  }
  const n = cross(o.slice(0, 3), o.slice(3, 6))
  const z = (s: SliceHeader) => s.position![0] * n[0] + s.position![1] * n[1] + s.position![2] * n[2]
  const sorted = [...slices].sort((a, b) => z(a) - z(b) || a.file.localeCompare(b.file))
  const steps = sorted.slice(1).map((s, i) => z(s) - z(sorted[i]))
  const med = steps.length ? [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)] : info.sliceThickness ?? 1
  if (steps.some((d) => d < 1e-4)) problems.push('two slices share a position (duplicate slices)')
  else if (steps.some((d) => d > 1.5 * med)) problems.push('slices missing (uneven spacing along the normal)')
  const spacing: Vec3 = [inPlane[0], inPlane[1], med > 0 ? med : 1]
  const p0 = sorted[0].position!
  const direction = [o[0], o[3], n[0], o[1], o[4], n[1], o[2], o[5], n[2]]
  return { dims, spacing, files: sorted.map((s) => s.file), problems, grid: { dims, spacing, origin: [p0[0], p0[1], p0[2]], direction } }
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
  return r
}
