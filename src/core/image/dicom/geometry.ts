// The grid of a stack of DICOM image slices (or the frames of a multi-frame image): slices
// sorted by their position along the normal (ImagePositionPatient · (row × column cosines),
// PS3.3 §C.7.6.2.1.1), origin at the first, direction in ITK's convention (columns of the
// matrix are the row cosine, the column cosine and the normal), slice spacing the median
// step between positions (SliceThickness and SpacingBetweenSlices are not needed, nor
// trusted: they may be absent or differ from the real step); what stops the slices making
// one volume is reported.

import type { Grid, Vec3 } from '../volume.ts'

export interface SliceHeader {
  file: string
  position?: Vec3
  orientation?: number[]
  instance?: number
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

