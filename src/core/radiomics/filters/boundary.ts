// Boundary conditions and separable convolution for the IBSI-2 filters (reference manual
// arXiv:2006.05470, "boundary conditions"): outside the image, intensities are zero ('zero'),
// the nearest edge voxel ('nearest'), the image repeated ('periodic') or the image reflected
// about its edge with the edge voxel repeated ('mirror': d c b a | a b c d | d c b a).
// convolve1d is a true convolution (kernel flipped), centred on the middle tap, as
// scipy.ndimage.convolve1d with origin 0; even-length kernels get a trailing zero first.

export type Boundary = 'zero' | 'nearest' | 'periodic' | 'mirror'
export const BOUNDARIES: readonly Boundary[] = ['zero', 'nearest', 'periodic', 'mirror']

/** Index inside [0, n) that position i (any integer) reads under the boundary condition; −1 for zero. */
export function sourceIndex(i: number, n: number, b: Boundary): number {
  if (i >= 0 && i < n) return i
  switch (b) {
    case 'zero':
      return -1
    case 'nearest':
      return i < 0 ? 0 : n - 1
    case 'periodic':
      return ((i % n) + n) % n
    case 'mirror': {
      const p = 2 * n
      const m = ((i % p) + p) % p
      return m < n ? m : p - 1 - m
    }
  }
}

/** An odd-length copy of the kernel (a zero appended to even lengths). */
export function oddKernel(h: ArrayLike<number>): Float64Array {
  const out = new Float64Array(h.length % 2 === 0 ? h.length + 1 : h.length)
  for (let t = 0; t < h.length; t++) out[t] = h[t]
  return out
}

/** The à trous kernel of the next level: a zero between taps (length 2n − 1). */
export function aTrous(h: Float64Array): Float64Array {
  const out = new Float64Array(2 * h.length - 1)
  for (let t = 0; t < h.length; t++) out[2 * t] = h[t]
  return out
}

export function reversed(h: ArrayLike<number>): Float64Array {
  const out = new Float64Array(h.length)
  for (let t = 0; t < h.length; t++) out[t] = h[h.length - 1 - t]
  return out
}

/**
 * Convolve `src` (x fastest, dims) with the 1D kernel `h` along `axis`:
 * out[i] = Σ_t h[t] · src[i + c − t], c = ⌊len/2⌋, reads outside the grid by the boundary condition.
 */
export function convolve1d(src: Float64Array, dims: [number, number, number], axis: 0 | 1 | 2, h0: ArrayLike<number>, b: Boundary): Float64Array {
  const h = oddKernel(h0)
  const [nx, ny] = dims
  const n = dims[axis]
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny
  const len = h.length, c = (len - 1) / 2
  // the line padded by c on each side under the boundary condition: out[i] = Σ_t h[t] · pad[i + 2c − t]
  const src0 = Int32Array.from({ length: n + 2 * c }, (_, p) => sourceIndex(p - c, n, b))
  const taps: number[] = [], weights: number[] = []
  for (let t = 0; t < len; t++) if (h[t] !== 0) { taps.push(2 * c - t); weights.push(h[t]) }
  const T = taps.length, tp = Int32Array.from(taps), w = Float64Array.from(weights)
  const out = new Float64Array(src.length)
  const pad = new Float64Array(n + 2 * c)
  const lines = src.length / n
  for (let l = 0; l < lines; l++) {
    const base = axis === 0 ? l * nx : axis === 1 ? (l % nx) + nx * ny * Math.floor(l / nx) : l
    for (let p = 0; p < pad.length; p++) { const q = src0[p]; pad[p] = q < 0 ? 0 : src[base + q * stride] }
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let t = 0; t < T; t++) s += w[t] * pad[i + tp[t]]
      out[base + i * stride] = s
    }
  }
  return out
}

/** Apply per-axis kernels (null skips an axis) one after the other: z, y, then x. */
export function separable(src: Float64Array, dims: [number, number, number], kernels: [ArrayLike<number> | null, ArrayLike<number> | null, ArrayLike<number> | null], b: Boundary): Float64Array {
  let v = src
  for (const a of [2, 1, 0] as const) if (kernels[a]) v = convolve1d(v, dims, a, kernels[a]!, b)
  return v
}

/** Pad a volume by `pad` voxels per side and axis under the boundary condition. */
export function padVolume(src: Float64Array, dims: [number, number, number], pad: [number, number, number], b: Boundary): { data: Float64Array; dims: [number, number, number] } {
  const [nx, ny, nz] = dims
  const pd: [number, number, number] = [nx + 2 * pad[0], ny + 2 * pad[1], nz + 2 * pad[2]]
  const out = new Float64Array(pd[0] * pd[1] * pd[2])
  const ix = Int32Array.from({ length: pd[0] }, (_, i) => sourceIndex(i - pad[0], nx, b))
  const iy = Int32Array.from({ length: pd[1] }, (_, j) => sourceIndex(j - pad[1], ny, b))
  const iz = Int32Array.from({ length: pd[2] }, (_, k) => sourceIndex(k - pad[2], nz, b))
  let o = 0
  for (let k = 0; k < pd[2]; k++)
    for (let j = 0; j < pd[1]; j++)
      for (let i = 0; i < pd[0]; i++, o++) {
        const x = ix[i], y = iy[j], z = iz[k]
        out[o] = x < 0 || y < 0 || z < 0 ? 0 : src[x + nx * (y + ny * z)]
      }
  return { data: out, dims: pd }
}
