// In-place radix-2 complex FFT (Cooley–Tukey, iterative) and a 3D transform over separate
// real/imaginary arrays, used for the exact O(N log N) spatial autocorrelation sums.

export class Fft1 {
  readonly n: number
  private readonly cos: Float64Array
  private readonly sin: Float64Array
  private readonly rev: Uint32Array
  constructor(n: number) {
    this.n = n
    this.cos = new Float64Array(n / 2)
    this.sin = new Float64Array(n / 2)
    for (let i = 0; i < n / 2; i++) { this.cos[i] = Math.cos((2 * Math.PI * i) / n); this.sin[i] = Math.sin((2 * Math.PI * i) / n) }
    this.rev = new Uint32Array(n)
    const bits = Math.round(Math.log2(n))
    for (let i = 0; i < n; i++) {
      let r = 0
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b)
      this.rev[i] = r
    }
  }
  /** sign −1: forward, +1: inverse (unnormalised) */
  run(re: Float64Array, im: Float64Array, sign: number): void {
    const n = this.n, rev = this.rev
    for (let i = 0; i < n; i++) {
      const j = rev[i]
      if (j > i) {
        let t = re[i]; re[i] = re[j]; re[j] = t
        t = im[i]; im[i] = im[j]; im[j] = t
      }
    }
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1, step = n / size
      for (let start = 0; start < n; start += size) {
        for (let k = 0, tw = 0; k < half; k++, tw += step) {
          const wr = this.cos[tw], wi = sign * this.sin[tw]
          const a = start + k, b = a + half
          const xr = re[b] * wr - im[b] * wi
          const xi = re[b] * wi + im[b] * wr
          re[b] = re[a] - xr; im[b] = im[a] - xi
          re[a] += xr; im[a] += xi
        }
      }
    }
  }
}

export function nextPow2(n: number): number {
  let p = 1
  while (p < n) p <<= 1
  return p
}

/** 3D FFT in place (x fastest), dims powers of two. */
export function fft3(re: Float64Array, im: Float64Array, dims: [number, number, number], sign: number): void {
  const [nx, ny, nz] = dims
  const lineRe = new Float64Array(Math.max(nx, ny, nz)), lineIm = new Float64Array(Math.max(nx, ny, nz))
  const fx = new Fft1(nx), fy = new Fft1(ny), fz = new Fft1(nz)
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const off = nx * (j + ny * k)
      const r = re.subarray(off, off + nx), m = im.subarray(off, off + nx)
      fx.run(r, m, sign)
    }
  const lr = lineRe.subarray(0, ny), li = lineIm.subarray(0, ny)
  for (let k = 0; k < nz; k++)
    for (let i = 0; i < nx; i++) {
      const base = i + nx * ny * k
      for (let j = 0; j < ny; j++) { lr[j] = re[base + nx * j]; li[j] = im[base + nx * j] }
      fy.run(lr, li, sign)
      for (let j = 0; j < ny; j++) { re[base + nx * j] = lr[j]; im[base + nx * j] = li[j] }
    }
  const zr = lineRe.subarray(0, nz), zi = lineIm.subarray(0, nz)
  const sxy = nx * ny
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const base = i + nx * j
      for (let k = 0; k < nz; k++) { zr[k] = re[base + sxy * k]; zi[k] = im[base + sxy * k] }
      fz.run(zr, zi, sign)
      for (let k = 0; k < nz; k++) { re[base + sxy * k] = zr[k]; im[base + sxy * k] = zi[k] }
    }
}
