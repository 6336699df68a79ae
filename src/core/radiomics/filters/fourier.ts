// FFT plumbing for the non-separable IBSI-2 filters (Gabor, Simoncelli, Riesz): pad under the
// boundary condition, transform (3D, or 2D on every axial slice), multiply by a transfer
// function or a kernel's transform, transform back, crop. Uses the mixed-radix FFT of
// src/core/math/fft.ts (Bluestein for other lengths); axis permutations bring a coronal or sagittal plane to the axial position.
import { AnyLengthFft, fft3, fftLines, FftPlan, isFastSize, nextFastSize } from '../../math/fft.ts'
import { padVolume, type Boundary } from './boundary.ts'

export type Dims = [number, number, number]

/** FFT along one axis of every line (any length). */
function fftAxis(re: Float64Array, im: Float64Array, dims: Dims, axis: 0 | 1 | 2, sign: -1 | 1): void {
  const [nx, ny, nz] = dims
  const n = dims[axis]
  if (n === 1) return
  if (isFastSize(n)) {
    const plan = new FftPlan(n)
    if (axis === 0) fftLines(re, im, plan, 1, 0, ny * nz, sign)
    else if (axis === 1) fftLines(re, im, plan, nx, 0, nz, sign)
    else fftLines(re, im, plan, nx * ny, 0, 1, sign)
    return
  }
  const f = new AnyLengthFft(n, sign)
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny
  const lr = new Float64Array(n), li = new Float64Array(n)
  const lines = re.length / n
  for (let l = 0; l < lines; l++) {
    const base = axis === 0 ? l * nx : axis === 1 ? (l % nx) + nx * ny * Math.floor(l / nx) : l
    for (let i = 0; i < n; i++) { lr[i] = re[base + i * stride]; li[i] = im[base + i * stride] }
    f.run(lr, li)
    for (let i = 0; i < n; i++) { re[base + i * stride] = lr[i]; im[base + i * stride] = li[i] }
  }
}

/** Forward (sign −1) or inverse (+1, unnormalised) FFT along x and y of every slice, or x, y, z; any sizes. */
export function fftAxes(re: Float64Array, im: Float64Array, dims: Dims, planar: boolean, sign: -1 | 1): void {
  if (!planar && dims.every(isFastSize)) return fft3(re, im, dims, sign)
  fftAxis(re, im, dims, 0, sign)
  fftAxis(re, im, dims, 1, sign)
  if (!planar) fftAxis(re, im, dims, 2, sign)
}

/** Reorder axes: output axis a is input axis order[a]. */
export function permuteAxes(src: Float64Array, dims: Dims, order: [number, number, number]): { data: Float64Array; dims: Dims } {
  const od: Dims = [dims[order[0]], dims[order[1]], dims[order[2]]]
  const out = new Float64Array(src.length)
  const st = [1, dims[0], dims[0] * dims[1]]
  const s0 = st[order[0]], s1 = st[order[1]], s2 = st[order[2]]
  let o = 0
  for (let k = 0; k < od[2]; k++) for (let j = 0; j < od[1]; j++) for (let i = 0; i < od[0]; i++) out[o++] = src[i * s0 + j * s1 + k * s2]
  return { data: out, dims: od }
}

/** The inverse of permuteAxes(order). */
export function inverseOrder(order: [number, number, number]): [number, number, number] {
  const inv: [number, number, number] = [0, 0, 0]
  for (let a = 0; a < 3; a++) inv[order[a]] = a
  return inv
}

/** Signed frequency index of bin k on an axis of length n. */
export function signedBin(k: number, n: number): number {
  return k < Math.ceil(n / 2) ? k : k - n
}

/** A padded, transformed volume ready for filtering, and how to get the image back. */
export interface Spectrum {
  re: Float64Array
  im: Float64Array
  /** FFT grid */
  dims: Dims
  /** original dims and the offset of the image inside the FFT grid */
  imageDims: Dims
  offset: Dims
  planar: boolean
}

/**
 * Pad by `pad` voxels per side (boundary condition), place in an FFT-friendly grid (zeros
 * beyond the padding) and transform. pad 0 on every axis with size kept gives a periodic filter.
 */
export function spectrum(data: Float64Array, dims: Dims, pad: Dims, b: Boundary, planar: boolean, exactSize = false): Spectrum {
  const p = padVolume(data, dims, pad, b)
  const fd: Dims = exactSize ? p.dims : [nextFastSize(p.dims[0]), nextFastSize(p.dims[1]), planar ? p.dims[2] : nextFastSize(p.dims[2])]
  const re = new Float64Array(fd[0] * fd[1] * fd[2]), im = new Float64Array(re.length)
  for (let k = 0; k < p.dims[2]; k++) for (let j = 0; j < p.dims[1]; j++) {
    const src = p.dims[0] * (j + p.dims[1] * k), dst = fd[0] * (j + fd[1] * k)
    for (let i = 0; i < p.dims[0]; i++) re[dst + i] = p.data[src + i]
  }
  fftAxes(re, im, fd, planar, -1)
  return { re, im, dims: fd, imageDims: dims, offset: pad, planar }
}

/**
 * Multiply the spectrum by a transfer function H (re, im per bin, x fastest; planar: one
 * slice's bins, applied to every slice), transform back and crop to the image. Returns the
 * complex response (re, im).
 */
export function filterSpectrum(s: Spectrum, hre: Float64Array, him: Float64Array | null): { re: Float64Array; im: Float64Array } {
  const [fx, fy, fz] = s.dims
  const re = new Float64Array(s.re.length), im = new Float64Array(s.re.length)
  const per = s.planar ? fx * fy : re.length
  for (let v = 0; v < re.length; v++) {
    const h = v % per
    const a = s.re[v], c = s.im[v], hr = hre[h], hi = him ? him[h] : 0
    re[v] = a * hr - c * hi
    im[v] = a * hi + c * hr
  }
  fftAxes(re, im, s.dims, s.planar, 1)
  const norm = 1 / (s.planar ? fx * fy : fx * fy * fz)
  const [nx, ny, nz] = s.imageDims, [ox, oy, oz] = s.offset
  const outRe = new Float64Array(nx * ny * nz), outIm = new Float64Array(nx * ny * nz)
  let o = 0
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) {
    const base = ox + fx * (j + oy + fy * (k + oz))
    for (let i = 0; i < nx; i++, o++) { outRe[o] = re[base + i] * norm; outIm[o] = im[base + i] * norm }
  }
  return { re: outRe, im: outIm }
}

/** Transform of a 2D complex kernel (centre at index (rx, ry)) on an fx × fy grid, centre moved to bin 0. */
export function kernelTransform2D(kre: Float64Array, kim: Float64Array, kx: number, ky: number, fx: number, fy: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(fx * fy), im = new Float64Array(fx * fy)
  const rx = (kx - 1) / 2, ry = (ky - 1) / 2
  for (let j = 0; j < ky; j++) for (let i = 0; i < kx; i++) {
    const x = (((i - rx) % fx) + fx) % fx, y = (((j - ry) % fy) + fy) % fy
    re[x + fx * y] += kre[i + kx * j]
    im[x + fx * y] += kim[i + kx * j]
  }
  fftAxes(re, im, [fx, fy, 1], true, -1)
  return { re, im }
}
