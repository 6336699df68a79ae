// In-place radix-2 complex FFT (Cooley–Tukey, iterative) and a 3D transform over separate
// real/imaginary arrays, used for the exact O(N log N) spatial autocorrelation sums.

export class Fft1 {
  readonly n: number
  readonly cos: Float64Array
  readonly sin: Float64Array
  readonly rev: Uint32Array
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

/**
 * FFT along one axis of a 3D array whose lines are `stride` apart, all lines of a block done at
 * once so the inner loop runs over contiguous memory. `blocks` blocks of n·stride values each.
 */
function fftAxisBlocked(re: Float64Array, im: Float64Array, n: number, stride: number, blockStart: number, blocks: number, f: Fft1, sign: number): void {
  const rev = f.rev, cos = f.cos, sin = f.sin
  for (let bk = 0; bk < blocks; bk++) {
    const base = (blockStart + bk) * n * stride
    for (let i = 0; i < n; i++) {
      const j = rev[i]
      if (j <= i) continue
      const a = base + i * stride, b = base + j * stride
      for (let x = 0; x < stride; x++) {
        let t = re[a + x]; re[a + x] = re[b + x]; re[b + x] = t
        t = im[a + x]; im[a + x] = im[b + x]; im[b + x] = t
      }
    }
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1, step = n / size
      for (let start = 0; start < n; start += size) {
        for (let k = 0, tw = 0; k < half; k++, tw += step) {
          const wr = cos[tw], wi = sign * sin[tw]
          const a = base + (start + k) * stride, b = a + half * stride
          for (let x = 0; x < stride; x++) {
            const br = re[b + x], bi = im[b + x]
            const xr = br * wr - bi * wi
            const xi = br * wi + bi * wr
            re[b + x] = re[a + x] - xr; im[b + x] = im[a + x] - xi
            re[a + x] += xr; im[a + x] += xi
          }
        }
      }
    }
  }
}

/**
 * 3D FFT in place (x fastest), dims powers of two. `support` (optional) bounds the non-zero input
 * (forward) or the needed output (inverse) to [0, support) per axis, so empty lines are skipped.
 */
export function fft3(re: Float64Array, im: Float64Array, dims: [number, number, number], sign: number, support?: [number, number, number]): void {
  const [nx, ny, nz] = dims
  const [sx, sy, sz] = support ?? dims
  void sx
  const fx = new Fft1(nx), fy = new Fft1(ny), fz = new Fft1(nz)
  const doX = (kMax: number, jMax: number) => {
    for (let k = 0; k < kMax; k++)
      for (let j = 0; j < jMax; j++) {
        const off = nx * (j + ny * k)
        fx.run(re.subarray(off, off + nx), im.subarray(off, off + nx), sign)
      }
  }
  if (sign < 0) {
    doX(sz, sy)
    fftAxisBlocked(re, im, ny, nx, 0, sz, fy, sign)
    fftAxisBlocked(re, im, nz, nx * ny, 0, 1, fz, sign)
  } else {
    fftAxisBlocked(re, im, nz, nx * ny, 0, 1, fz, sign)
    fftAxisBlocked(re, im, ny, nx, 0, sz, fy, sign)
    doX(sz, sy)
  }
}
