// pyradiomics pre-processing (imageoperations.normalizeImage, resampleImage, resegmentMask,
// checkMask) with SimpleITK's conventions:
// - normalisation over the whole image (not the ROI): (x − μ)/σ with σ the sample SD of
//   itk::StatisticsImageFilter, outliers clipped at ±removeOutliers, then × normalizeScale;
// - resampling on pyradiomics' grid: aligned to the input *corner* (new origin index
//   ½(s' − s)/s), covering the ROI bounding box ± padDistance, not resampled along axes where the
//   ROI is one voxel thick; image by ITK's cubic B-spline (BSplineDecompositionImageFilter,
//   mirror boundaries, tolerance 1e-10) / linear / nearest, mask by nearest neighbour; samples
//   outside [−½, n − ½) are 0 and the result is cast back to the input pixel type (truncation,
//   as itk::ResampleImageFilter does for integer images);
// - re-segmentation: absolute, relative (× ROI max) or sigma (mean + k·population SD) thresholds,
//   one bound (≥ lower) or two (closed range).

import type { Volume } from '../../image/volume.ts'
import { InputError } from '../../errors.ts'
import type { Interpolator, PyrSettings } from './params.ts'

export interface Grid3 {
  dims: [number, number, number]
  spacing: [number, number, number]
  data: Float64Array
  /** integer pixel type of the source (resampled values are truncated to it) */
  integer: boolean
}

/** Whole-image normalisation as sitk.Normalize (+ outlier clipping and scale). */
export function normalizeImage(img: Grid3, scale: number, outliers: number | null): Grid3 {
  const x = img.data
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]
  const mean = s / x.length
  let ss = 0
  for (let i = 0; i < x.length; i++) { const d = x[i] - mean; ss += d * d }
  const sd = Math.sqrt(ss / (x.length - 1))
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) {
    let v = sd > 0 ? (x[i] - mean) / sd : 0
    if (outliers !== null) { if (v > outliers) v = outliers; else if (v < -outliers) v = -outliers }
    out[i] = v * scale
  }
  return { ...img, data: out, integer: false }
}

/** Bounding box of the label: lower index and size per axis (LabelShapeStatistics order). */
export function labelBox(mask: Uint8Array, dims: [number, number, number]): { lo: number[]; size: number[]; count: number } | null {
  const [nx, ny, nz] = dims
  const lo = [Infinity, Infinity, Infinity], hi = [-1, -1, -1]
  let count = 0
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!mask[v]) continue
        count++
        if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i
        if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j
        if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k
      }
  if (count === 0) return null
  return { lo, size: [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1], count }
}

// ---- ITK cubic B-spline ----------------------------------------------------------------------

const POLE = Math.sqrt(3) - 2

function decomposeLine(c: Float64Array, off: number, stride: number, n: number): void {
  if (n === 1) return
  const z = POLE
  const lambda = (1 - z) * (1 - 1 / z)
  for (let k = 0; k < n; k++) c[off + k * stride] *= lambda
  // initial causal coefficient (itk::BSplineDecompositionImageFilter::SetInitialCausalCoefficient)
  const horizon = Math.ceil(Math.log(1e-10) / Math.log(Math.abs(z)))
  let zn = z
  if (horizon < n) {
    let sum = c[off]
    for (let k = 1; k < horizon; k++) { sum += zn * c[off + k * stride]; zn *= z }
    c[off] = sum
  } else {
    const iz = 1 / z
    let z2n = Math.pow(z, n - 1)
    let sum = c[off] + z2n * c[off + (n - 1) * stride]
    z2n *= z2n * iz
    for (let k = 1; k <= n - 2; k++) { sum += (zn + z2n) * c[off + k * stride]; zn *= z; z2n *= iz }
    c[off] = sum / (1 - zn * zn)
  }
  for (let k = 1; k < n; k++) c[off + k * stride] += z * c[off + (k - 1) * stride]
  c[off + (n - 1) * stride] = (z / (z * z - 1)) * (z * c[off + (n - 2) * stride] + c[off + (n - 1) * stride])
  for (let k = n - 2; k >= 0; k--) c[off + k * stride] = z * (c[off + (k + 1) * stride] - c[off + k * stride])
}

function bsplineCoefficients(img: Grid3): Float64Array {
  const [nx, ny, nz] = img.dims
  const c = Float64Array.from(img.data)
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) decomposeLine(c, nx * (j + ny * k), 1, nx)
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) decomposeLine(c, i + nx * ny * k, nx, ny)
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) decomposeLine(c, i + nx * j, nx * ny, nz)
  return c
}

function mirrorIndex(i: number, n: number): number {
  if (n === 1) return 0
  const n2 = 2 * n - 2
  i = i < 0 ? -i - n2 * Math.floor(-i / n2) : i - n2 * Math.floor(i / n2)
  return i >= n ? n2 - i : i
}

/** Per-axis sampling table: for each output index the 4 (B-spline), 2 (linear) or 1 (nearest) source indices and weights; -1 marks outside. */
interface AxisTable { idx: Int32Array; w: Float64Array; taps: number; inside: Uint8Array }

function axisTable(n: number, start: number, step: number, m: number, method: Interpolator): AxisTable {
  const taps = method === 'sitkBSpline' ? 4 : method === 'sitkLinear' ? 2 : 1
  const idx = new Int32Array(m * taps), w = new Float64Array(m * taps), inside = new Uint8Array(m)
  for (let t = 0; t < m; t++) {
    const x = start + t * step
    if (!(x >= -0.5 && x < n - 0.5)) continue
    inside[t] = 1
    if (method === 'sitkBSpline') {
      const base = Math.floor(x) - 1
      const f = x - (base + 1)
      const w3 = (f * f * f) / 6
      const w0 = 1 / 6 + 0.5 * f * (f - 1) - w3
      const w2 = f + w0 - 2 * w3
      const w1 = 1 - w0 - w2 - w3
      const ws = [w0, w1, w2, w3]
      for (let q = 0; q < 4; q++) { idx[t * 4 + q] = mirrorIndex(base + q, n); w[t * 4 + q] = ws[q] }
    } else if (method === 'sitkLinear') {
      const b = Math.floor(x)
      const f = x - b
      idx[t * 2] = Math.min(Math.max(b, 0), n - 1); w[t * 2] = 1 - f
      idx[t * 2 + 1] = Math.min(Math.max(b + 1, 0), n - 1); w[t * 2 + 1] = f
    } else {
      idx[t] = Math.min(n - 1, Math.max(0, Math.floor(x + 0.5))); w[t] = 1
    }
  }
  return { idx, w, taps, inside }
}

function sampleGrid(src: Float64Array, dims: [number, number, number], tables: AxisTable[], out: [number, number, number]): Float64Array {
  const [nx, ny] = dims
  const [mx, my, mz] = out
  const res = new Float64Array(mx * my * mz)
  const [tx, ty, tz] = tables
  let o = 0
  for (let k = 0; k < mz; k++)
    for (let j = 0; j < my; j++)
      for (let i = 0; i < mx; i++, o++) {
        if (!tx.inside[i] || !ty.inside[j] || !tz.inside[k]) continue
        let acc = 0
        for (let c = 0; c < tz.taps; c++) {
          const zk = tz.idx[k * tz.taps + c] * nx * ny, wz = tz.w[k * tz.taps + c]
          if (wz === 0) continue
          for (let b = 0; b < ty.taps; b++) {
            const yj = zk + ty.idx[j * ty.taps + b] * nx, wy = wz * ty.w[j * ty.taps + b]
            if (wy === 0) continue
            for (let a = 0; a < tx.taps; a++) acc += wy * tx.w[i * tx.taps + a] * src[yj + tx.idx[i * tx.taps + a]]
          }
        }
        res[o] = acc
      }
  return res
}

export interface Resampled { image: Grid3; mask: Uint8Array; resampled: boolean }

/** pyradiomics resampleImage (or its crop-only path when the spacing already matches). */
export function resampleImage(img: Grid3, mask: Uint8Array, s: PyrSettings): Resampled {
  const box = labelBox(mask, img.dims)
  if (!box) throw new InputError(`label ${s.label} not present in the mask`, undefined, 'setting.label')
  const req = s.resampledPixelSpacing!
  const newSp = [0, 1, 2].map((a) => (req[a] === 0 ? img.spacing[a] : req[a]))
  for (let a = 0; a < 3; a++) if (box.size[a] === 1) newSp[a] = img.spacing[a]
  const same = [0, 1, 2].every((a) => Math.abs(img.spacing[a] - newSp[a]) <= 1e-8 + 1e-5 * Math.abs(newSp[a]))
  const starts: number[] = [], steps: number[] = [], sizes: number[] = []
  for (let a = 0; a < 3; a++) {
    if (same) {
      // crop to the bounding box ± padDistance on the original grid
      const lo = Math.max(0, box.lo[a] - s.padDistance)
      const hi = Math.min(img.dims[a] - 1, box.lo[a] + box.size[a] - 1 + s.padDistance)
      starts.push(lo); steps.push(1); sizes.push(hi - lo + 1)
      continue
    }
    const ratio = img.spacing[a] / newSp[a]
    let lb = Math.floor((box.lo[a] - 0.5) * ratio - s.padDistance)
    let ub = Math.ceil((box.lo[a] + box.size[a] - 0.5) * ratio + s.padDistance)
    const maxU = Math.ceil(img.dims[a] * ratio) - 1
    if (lb < 0) lb = 0
    if (ub > maxU) ub = maxU
    sizes.push(ub - lb + 1)
    starts.push((0.5 * (newSp[a] - img.spacing[a])) / img.spacing[a] + lb / ratio)
    steps.push(1 / ratio)
  }
  const out: [number, number, number] = [sizes[0], sizes[1], sizes[2]]
  const spacing: [number, number, number] = same ? [img.spacing[0], img.spacing[1], img.spacing[2]] : [newSp[0], newSp[1], newSp[2]]
  const method: Interpolator = same ? 'sitkNearestNeighbor' : (s.interpolator ?? 'sitkBSpline')
  const imgTables = [0, 1, 2].map((a) => axisTable(img.dims[a], starts[a], steps[a], out[a], method))
  const src = method === 'sitkBSpline' ? bsplineCoefficients(img) : img.data
  const data = sampleGrid(src, img.dims, imgTables, out)
  if (img.integer) for (let v = 0; v < data.length; v++) data[v] = Math.trunc(data[v])
  const maskTables = [0, 1, 2].map((a) => axisTable(img.dims[a], starts[a], steps[a], out[a], 'sitkNearestNeighbor'))
  const m = sampleGrid(Float64Array.from(mask), img.dims, maskTables, out)
  const maskOut = new Uint8Array(m.length)
  for (let v = 0; v < m.length; v++) maskOut[v] = m[v] > 0.5 ? 1 : 0
  return { image: { dims: out, spacing, data, integer: img.integer }, mask: maskOut, resampled: !same }
}

/** pyradiomics resegmentMask (returns a new mask). */
export function resegmentMask(img: Grid3, mask: Uint8Array, range: number[], mode: PyrSettings['resegmentMode']): Uint8Array {
  const th = range.slice().sort((a, b) => a - b)
  let thresholds = th
  if (mode === 'relative') {
    let mx = -Infinity
    for (let v = 0; v < mask.length; v++) if (mask[v] && img.data[v] > mx) mx = img.data[v]
    thresholds = th.map((t) => mx * t)
  } else if (mode === 'sigma') {
    let n = 0, s = 0
    for (let v = 0; v < mask.length; v++) if (mask[v]) { n++; s += img.data[v] }
    const mean = s / n
    let ss = 0
    for (let v = 0; v < mask.length; v++) if (mask[v]) { const d = img.data[v] - mean; ss += d * d }
    const sd = Math.sqrt(ss / n)
    thresholds = th.map((t) => mean + sd * t)
  }
  const out = new Uint8Array(mask.length)
  let kept = 0
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue
    const x = img.data[v]
    if (x < thresholds[0]) continue
    if (thresholds.length === 2 && x > thresholds[1]) continue
    out[v] = 1
    kept++
  }
  if (kept <= 1) throw new InputError(`re-segmentation kept ${kept} voxel(s); widen resegmentRange`, undefined, 'setting.resegmentRange')
  return out
}

/** pyradiomics checkMask: dimensionality and size limits of the ROI. */
export function checkRoi(mask: Uint8Array, dims: [number, number, number], s: PyrSettings): NonNullable<ReturnType<typeof labelBox>> {
  const box = labelBox(mask, dims)
  if (!box) throw new InputError(`label ${s.label} not present in the mask`, undefined, 'setting.label')
  const nd = box.size.filter((x) => x > 1).length
  if (nd === 0) throw new InputError('the ROI is a single voxel; features cannot be extracted', undefined, 'mask')
  if (nd < s.minimumROIDimensions) throw new InputError(`the ROI has ${nd} dimension(s), fewer than minimumROIDimensions = ${s.minimumROIDimensions}`, undefined, 'setting.minimumROIDimensions')
  if (s.minimumROISize !== null && box.count <= s.minimumROISize) throw new InputError(`the ROI has ${box.count} voxels, not more than minimumROISize = ${s.minimumROISize}`, undefined, 'setting.minimumROISize')
  return box
}

/** Copy the sub-box [lo, lo + size) of a volume. */
export function cropBox<T extends Float64Array | Uint8Array>(data: ArrayLike<number>, dims: [number, number, number], lo: number[], size: number[], make: (n: number) => T): T {
  const [nx, ny] = dims
  const out = make(size[0] * size[1] * size[2])
  let o = 0
  for (let k = lo[2]; k < lo[2] + size[2]; k++)
    for (let j = lo[1]; j < lo[1] + size[1]; j++) {
      const base = nx * (j + ny * k)
      for (let i = lo[0]; i < lo[0] + size[0]; i++) out[o++] = data[base + i]
    }
  return out
}

/** A Grid3 from a Volume (pixel type kept as the `integer` flag). */
export function gridFromVolume(v: Volume): Grid3 {
  const integer = !(v.data instanceof Float32Array || v.data instanceof Float64Array)
  return { dims: [v.dims[0], v.dims[1], v.dims[2]], spacing: [v.spacing[0], v.spacing[1], v.spacing[2]], data: Float64Array.from(v.data as ArrayLike<number>), integer }
}
