// Rasterisation of planar contours (DICOM RTSTRUCT CLOSED_PLANAR, PS3.3 §C.8.8.6) onto
// an image grid in patient coordinates. Each point (LPS mm) is mapped to a continuous
// voxel index with the grid's origin, spacing and direction (physicalToIndex); a contour
// is put on the slice nearest to its plane (|Δk| ≤ ½ slice spacing), and the slice is
// filled by a scanline even-odd rule over all contours of that slice, so holes (a contour
// inside another) and several pieces per slice come out as drawn. A voxel belongs to the
// mask when its centre lies inside (half-open on the right, so two abutting pieces do not
// share voxels). This is the centre-sampling convention of plastimatch and of 3D Slicer's
// planar-contour → labelmap conversion; contours whose plane lies between two slices, off
// the series, partly outside the field of view or not parallel to the slices are reported.

import { physicalToIndex, type Mask } from '../volume.ts'
import type { Grid } from '../volume.ts'
import type { Contour } from './rtstruct.ts'

export interface RasteriseOptions {
  /** a contour farther than this from its nearest slice (in slice spacings) is reported as between slices; default 0.25 */
  betweenTolerance?: number
}

export interface RasterReport {
  /** CLOSED_PLANAR contours given */
  contours: number
  /** contours drawn onto a slice */
  rasterised: number
  /** slices holding at least one contour */
  slices: number
  /** voxels in the mask */
  voxels: number
  /** contours whose plane is more than betweenTolerance from the nearest slice: drawn on that slice */
  betweenSlices: { contour: number; slice: number; offsetMm: number }[]
  /** contours off the series (plane more than ½ slice beyond the first or last slice): left out */
  outsideSeries: number[]
  /** contours with points outside the image in-plane: drawn, clipped */
  clipped: number[]
  /** contours whose points spread over more than ½ slice: drawn on the slice of their mean */
  notParallel: number[]
  /** contours of another geometric type (POINT, OPEN_PLANAR …) or with fewer than 3 points: left out */
  skipped: { contour: number; reason: string }[]
}

/**
 * Rasterise contours onto a grid.
 * @param contours - contours in patient coordinates (LPS mm), in any order
 * @param grid - the image grid (dims, spacing, origin, direction)
 * @returns a mask on the grid (1 inside) and what happened to each contour
 * @example rasteriseContours(rt.rois[0].contours, t1).mask.dims // → t1.dims
 */
export function rasteriseContours(contours: Contour[], grid: Grid, opts: RasteriseOptions = {}): { mask: Mask; report: RasterReport } {
  const tol = opts.betweenTolerance ?? 0.25
  const [nx, ny, nz] = grid.dims
  const data = new Uint8Array(nx * ny * nz)
  const report: RasterReport = { contours: 0, rasterised: 0, slices: 0, voxels: 0, betweenSlices: [], outsideSeries: [], clipped: [], notParallel: [], skipped: [] }
  // slice index → polygons in (i, j) continuous index coordinates
  const bySlice = new Map<number, Float64Array[]>()
  contours.forEach((c, ci) => {
    const n = Math.floor(c.points.length / 3)
    if (c.type !== 'CLOSED_PLANAR') {
      report.skipped.push({ contour: ci, reason: `geometric type ${c.type}` })
      return
    }
    report.contours++
    if (n < 3) {
      report.skipped.push({ contour: ci, reason: `${n} point(s)` })
      return
    }
    const poly = new Float64Array(2 * n)
    let kSum = 0, kMin = Infinity, kMax = -Infinity, out = false
    for (let p = 0; p < n; p++) {
      const [i, j, k] = physicalToIndex(grid, [c.points[3 * p], c.points[3 * p + 1], c.points[3 * p + 2]])
      // a point on a voxel centre up to float noise is on it: the half-open rule then decides
      // the same way whatever the grid's orientation
      poly[2 * p] = snap(i)
      poly[2 * p + 1] = snap(j)
      kSum += k
      if (k < kMin) kMin = k
      if (k > kMax) kMax = k
      if (i < -0.5 || j < -0.5 || i > nx - 0.5 || j > ny - 0.5) out = true
    }
    const kMean = kSum / n
    // nearest slice; at an exact tie (½ slice) the upper one
    const slice = Math.round(kMean + 1e-9)
    if (slice < 0 || slice >= nz) {
      report.outsideSeries.push(ci)
      return
    }
    if (kMax - kMin > 0.5) report.notParallel.push(ci)
    const offset = Math.abs(kMean - slice)
    if (offset > tol) report.betweenSlices.push({ contour: ci, slice, offsetMm: offset * grid.spacing[2] })
    if (out) report.clipped.push(ci)
    const list = bySlice.get(slice) ?? []
    list.push(poly)
    bySlice.set(slice, list)
    report.rasterised++
  })
  const xs: number[] = []
  for (const [k, polys] of bySlice) {
    let yMin = Infinity, yMax = -Infinity
    for (const poly of polys) {
      for (let p = 1; p < poly.length; p += 2) {
        if (poly[p] < yMin) yMin = poly[p]
        if (poly[p] > yMax) yMax = poly[p]
      }
    }
    const j0 = Math.max(0, Math.ceil(yMin)), j1 = Math.min(ny - 1, Math.floor(yMax))
    for (let j = j0; j <= j1; j++) {
      xs.length = 0
      for (const poly of polys) {
        const n = poly.length / 2
        for (let p = 0, q = n - 1; p < n; q = p++) {
          const y1 = poly[2 * q + 1], y2 = poly[2 * p + 1]
          // half-open crossing rule: a vertex exactly on the scanline is counted once
          if ((y1 <= j) !== (y2 <= j)) {
            const x1 = poly[2 * q], x2 = poly[2 * p]
            xs.push(x1 + ((j - y1) * (x2 - x1)) / (y2 - y1))
          }
        }
      }
      xs.sort((a, b) => a - b)
      const row = nx * (j + ny * k)
      for (let m = 0; m + 1 < xs.length; m += 2) {
        const i0 = Math.max(0, Math.ceil(xs[m])), i1 = Math.min(nx - 1, Math.ceil(xs[m + 1]) - 1)
        for (let i = i0; i <= i1; i++) data[row + i] = 1 // consecutive crossing pairs: the even-odd rule
      }
    }
  }
  report.slices = bySlice.size
  for (let i = 0; i < data.length; i++) report.voxels += data[i]
  return { mask: { dims: [nx, ny, nz], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data }, report }
}

function snap(x: number): number {
  const r = Math.round(x)
  return Math.abs(x - r) < 1e-6 ? r : x
}

/** One line per problem of a rasterisation, for warnings (empty when all contours fit). */
export function rasterProblems(r: RasterReport, what: string): string[] {
  const out: string[] = []
  if (r.outsideSeries.length) out.push(`${what}: ${r.outsideSeries.length} of ${r.contours} contour(s) lie off the image series (beyond its first or last slice) and were left out`)
  if (r.betweenSlices.length) {
    const worst = Math.max(...r.betweenSlices.map((b) => b.offsetMm))
    out.push(`${what}: ${r.betweenSlices.length} contour(s) lie between slices (up to ${worst.toFixed(2)} mm from the nearest one) and were drawn on the nearest slice; check that the RTSTRUCT belongs to this series`)
  }
  if (r.notParallel.length) out.push(`${what}: ${r.notParallel.length} contour(s) are not parallel to the image slices; each was drawn on the slice nearest to its centre`)
  if (r.clipped.length) out.push(`${what}: ${r.clipped.length} contour(s) extend outside the image's field of view and were clipped`)
  const other = r.skipped.filter((s) => !/^\d+ point/.test(s.reason))
  if (other.length) out.push(`${what}: ${other.length} contour(s) of another type (${[...new Set(other.map((s) => s.reason))].join(', ')}) were left out`)
  return out
}
