// Mixed-radix (2, 3, 4, 5) complex FFT, iterative decimation in time, in place after a
// digit-reversal permutation: one line (`fft`, unnormalised in both directions as vnl_fft_1d, which
// ITK's N4 histogram sharpening uses) or one axis of a 3D array at a time (`fft3`; for the y and z
// axes all lines of a block are transformed together so the inner loops run over contiguous
// memory), used for the exact O(N log N) spatial autocorrelation sums (Moran's I, Geary's C).
// AnyLengthFft: any length, by Bluestein's chirp-z algorithm over the mixed-radix transform (IBSI-2 filters).

/** Smallest n' ≥ n whose prime factors are 2, 3 and 5. */
export function nextFastSize(n: number): number {
  for (let m = Math.max(1, n); ; m++) {
    let r = m
    for (const p of [2, 3, 5]) while (r % p === 0) r /= p
    if (r === 1) return m
  }
}

/** Whether n has no prime factor above 5 (a length FftPlan takes). */
export const isFastSize = (n: number): boolean => nextFastSize(n) === n

interface Stage { p: number; m: number; twr: Float64Array; twi: Float64Array }

/** A transform plan for one length: permutation and stages (sizes growing from the innermost). */
export class FftPlan {
  readonly n: number
  readonly perm: Int32Array
  readonly stages: Stage[]
  constructor(n: number) {
    this.n = n
    const factors: number[] = []
    let r = n
    while (r % 4 === 0) { factors.push(4); r /= 4 }
    for (const p of [2, 3, 5]) while (r % p === 0) { factors.push(p); r /= p }
    if (r !== 1) throw new Error(`FFT length ${n} has a prime factor above 5`)
    // permutation: x[q + p·j] goes to block q (offset q·n/p) at the sub-permuted position of j
    const build = (len: number, fi: number): Int32Array => {
      if (len === 1) return Int32Array.of(0)
      const p = factors[fi], m = len / p
      const sub = build(m, fi + 1)
      const out = new Int32Array(len)
      for (let q = 0; q < p; q++) for (let j = 0; j < m; j++) out[q + p * j] = q * m + sub[j]
      return out
    }
    this.perm = build(n, 0)
    // stages from the last factor (smallest blocks) to the first
    this.stages = []
    let size = 1
    for (let fi = factors.length - 1; fi >= 0; fi--) {
      const p = factors[fi], m = size
      size *= p
      const twr = new Float64Array(m * p), twi = new Float64Array(m * p)
      for (let k = 0; k < m; k++)
        for (let q = 0; q < p; q++) {
          const a = (2 * Math.PI * q * k) / size // w = cos a + sign·i·sin a = exp(sign·2πi qk/size)
          twr[k * p + q] = Math.cos(a)
          twi[k * p + q] = Math.sin(a)
        }
      this.stages.push({ p, m, twr, twi })
    }
  }
}

const C3 = Math.sqrt(3) / 2
const C51 = Math.cos((2 * Math.PI) / 5), C52 = Math.cos((4 * Math.PI) / 5), S51 = Math.sin((2 * Math.PI) / 5), S52 = Math.sin((4 * Math.PI) / 5)

/**
 * Transform `blocks` consecutive blocks, each holding `n` lines' elements `stride` apart with
 * `stride` lines side by side (stride 1: one contiguous line per block). sign −1 forward, +1 inverse (unnormalised).
 */
export function fftLines(re: Float64Array, im: Float64Array, plan: FftPlan, stride: number, firstBlock: number, blocks: number, sign: number): void {
  const n = plan.n
  if (n === 1) return
  const tr = new Float64Array(n * stride), ti = new Float64Array(n * stride)
  for (let b = firstBlock; b < firstBlock + blocks; b++) {
    const base = b * n * stride
    // digit-reversal permutation through a scratch copy
    for (let i = 0; i < n; i++) {
      const src = base + i * stride, dst = plan.perm[i] * stride
      for (let x = 0; x < stride; x++) { tr[dst + x] = re[src + x]; ti[dst + x] = im[src + x] }
    }
    for (const { p, m, twr, twi } of plan.stages) {
      const size = m * p
      for (let start = 0; start < n; start += size)
        for (let k = 0; k < m; k++) {
          const o0 = (start + k) * stride, step = m * stride
          const tw = k * p
          if (p === 2) {
            const w1r = twr[tw + 1], w1i = sign * twi[tw + 1]
            const o1 = o0 + step
            for (let x = 0; x < stride; x++) {
              const ar = tr[o1 + x], ai = ti[o1 + x]
              const br = ar * w1r - ai * w1i, bi = ar * w1i + ai * w1r
              const cr = tr[o0 + x], ci = ti[o0 + x]
              tr[o0 + x] = cr + br; ti[o0 + x] = ci + bi
              tr[o1 + x] = cr - br; ti[o1 + x] = ci - bi
            }
          } else {
            // radix 3, 4 or 5: the twiddled elements a1 … a(p−1) are loaded the same way, the butterflies differ
            const w1r = twr[tw + 1], w1i = sign * twi[tw + 1], w2r = twr[tw + 2], w2i = sign * twi[tw + 2]
            const w3r = p > 3 ? twr[tw + 3] : 0, w3i = p > 3 ? sign * twi[tw + 3] : 0
            const w4r = p > 4 ? twr[tw + 4] : 0, w4i = p > 4 ? sign * twi[tw + 4] : 0
            const o1 = o0 + step, o2 = o1 + step, o3 = o2 + step, o4 = o3 + step
            for (let x = 0; x < stride; x++) {
              const a0r = tr[o0 + x], a0i = ti[o0 + x]
              let r = tr[o1 + x], i = ti[o1 + x]
              const a1r = r * w1r - i * w1i, a1i = r * w1i + i * w1r
              r = tr[o2 + x]; i = ti[o2 + x]
              const a2r = r * w2r - i * w2i, a2i = r * w2i + i * w2r
              if (p === 3) {
                const sr = a1r + a2r, si = a1i + a2i, dr = a1r - a2r, di = a1i - a2i
                const mr = a0r - 0.5 * sr, mi = a0i - 0.5 * si
                // sign·i·(√3/2)·d
                const er = -sign * C3 * di, ei = sign * C3 * dr
                tr[o0 + x] = a0r + sr; ti[o0 + x] = a0i + si
                tr[o1 + x] = mr + er; ti[o1 + x] = mi + ei
                tr[o2 + x] = mr - er; ti[o2 + x] = mi - ei
                continue
              }
              r = tr[o3 + x]; i = ti[o3 + x]
              const a3r = r * w3r - i * w3i, a3i = r * w3i + i * w3r
              if (p === 4) {
                const t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i
                const t2r = a1r + a3r, t2i = a1i + a3i
                // (a1 − a3) · sign·i
                const t3r = -sign * (a1i - a3i), t3i = sign * (a1r - a3r)
                tr[o0 + x] = t0r + t2r; ti[o0 + x] = t0i + t2i
                tr[o2 + x] = t0r - t2r; ti[o2 + x] = t0i - t2i
                tr[o1 + x] = t1r + t3r; ti[o1 + x] = t1i + t3i
                tr[o3 + x] = t1r - t3r; ti[o3 + x] = t1i - t3i
                continue
              }
              r = tr[o4 + x]; i = ti[o4 + x]
              const a4r = r * w4r - i * w4i, a4i = r * w4i + i * w4r
              const t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i
              const d1r = a1r - a4r, d1i = a1i - a4i, d2r = a2r - a3r, d2i = a2i - a3i
              const m1r = a0r + C51 * t1r + C52 * t2r, m1i = a0i + C51 * t1i + C52 * t2i
              const m2r = a0r + C52 * t1r + C51 * t2r, m2i = a0i + C52 * t1i + C51 * t2i
              const e1r = S51 * d1r + S52 * d2r, e1i = S51 * d1i + S52 * d2i
              const e2r = S52 * d1r - S51 * d2r, e2i = S52 * d1i - S51 * d2i
              // sign·i·e
              const f1r = -sign * e1i, f1i = sign * e1r, f2r = -sign * e2i, f2i = sign * e2r
              tr[o0 + x] = a0r + t1r + t2r; ti[o0 + x] = a0i + t1i + t2i
              tr[o1 + x] = m1r + f1r; ti[o1 + x] = m1i + f1i
              tr[o4 + x] = m1r - f1r; ti[o4 + x] = m1i - f1i
              tr[o2 + x] = m2r + f2r; ti[o2 + x] = m2i + f2i
              tr[o3 + x] = m2r - f2r; ti[o3 + x] = m2i - f2i
            }
          }
        }
    }
    for (let i = 0; i < n * stride; i++) { re[base + i] = tr[i]; im[base + i] = ti[i] }
  }
}

/**
 * 3D FFT in place (x fastest). `support` (optional) bounds the non-zero input (forward) or the
 * needed output (inverse) to [0, support) per axis, so empty lines are skipped.
 */
export function fft3(re: Float64Array, im: Float64Array, dims: [number, number, number], sign: number, support?: [number, number, number]): void {
  const [nx, ny, nz] = dims
  const [, sy, sz] = support ?? dims
  const px = new FftPlan(nx), py = new FftPlan(ny), pz = new FftPlan(nz)
  const doX = () => {
    for (let k = 0; k < sz; k++) fftLines(re, im, px, 1, k * ny, sy, sign)
  }
  if (sign < 0) {
    doX()
    fftLines(re, im, py, nx, 0, sz, sign)
    fftLines(re, im, pz, nx * ny, 0, 1, sign)
  } else {
    fftLines(re, im, pz, nx * ny, 0, 1, sign)
    fftLines(re, im, py, nx, 0, sz, sign)
    doX()
  }
}

/** In-place 1D transform of (re, im) of any 2-3-5-smooth length; sign −1 forward, +1 backward (unnormalised, as vnl_fft_1d). */
export function fft(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
  fftLines(re, im, new FftPlan(re.length), 1, 0, 1, sign)
}

/**
 * FFT of any length: the mixed-radix plan when n has no prime factor above 5, else Bluestein's
 * chirp-z algorithm (a convolution of length ≥ 2n − 1 done with the mixed-radix FFT).
 */
export class AnyLengthFft {
  private plan: FftPlan | null = null
  private m = 0
  private chirpRe = new Float64Array(0)
  private chirpIm = new Float64Array(0)
  private bRe = new Float64Array(0)
  private bIm = new Float64Array(0)
  constructor(readonly n: number, readonly sign: -1 | 1) {
    if (isFastSize(n)) { this.plan = new FftPlan(n); return }
    const m = nextFastSize(2 * n - 1)
    this.m = m
    this.chirpRe = new Float64Array(n); this.chirpIm = new Float64Array(n)
    // w_k = exp(sign·iπ k²/n); k² taken mod 2n to keep the angle small
    for (let k = 0; k < n; k++) { const a = (sign * Math.PI * ((k * k) % (2 * n))) / n; this.chirpRe[k] = Math.cos(a); this.chirpIm[k] = Math.sin(a) }
    this.bRe = new Float64Array(m); this.bIm = new Float64Array(m)
    for (let k = 0; k < n; k++) {
      this.bRe[k] = this.chirpRe[k]; this.bIm[k] = -this.chirpIm[k]
      if (k > 0) { this.bRe[m - k] = this.chirpRe[k]; this.bIm[m - k] = -this.chirpIm[k] }
    }
    fftLines(this.bRe, this.bIm, new FftPlan(m), 1, 0, 1, -1)
    this.plan = null
  }
  private big: FftPlan | null = null
  /** Transform one line in place. */
  run(re: Float64Array, im: Float64Array): void {
    if (this.plan) return fftLines(re, im, this.plan, 1, 0, 1, this.sign)
    const { n, m } = this
    this.big ??= new FftPlan(m)
    const ar = new Float64Array(m), ai = new Float64Array(m)
    for (let k = 0; k < n; k++) { const cr = this.chirpRe[k], ci = this.chirpIm[k]; ar[k] = re[k] * cr - im[k] * ci; ai[k] = re[k] * ci + im[k] * cr }
    fftLines(ar, ai, this.big, 1, 0, 1, -1)
    for (let k = 0; k < m; k++) { const r = ar[k] * this.bRe[k] - ai[k] * this.bIm[k]; ai[k] = ar[k] * this.bIm[k] + ai[k] * this.bRe[k]; ar[k] = r }
    fftLines(ar, ai, this.big, 1, 0, 1, 1)
    for (let k = 0; k < n; k++) { const cr = this.chirpRe[k], ci = this.chirpIm[k], xr = ar[k] / m, xi = ai[k] / m; re[k] = xr * cr - xi * ci; im[k] = xr * ci + xi * cr }
  }
}
