// The one FFT (src/core/math/fft.ts) against the O(n²) DFT written out, for lengths that use every
// radix (2, 3, 4, 5) alone and mixed, both directions, and fft3 against three passes of the 1D DFT.
import { describe, expect, it } from 'vitest'
import { AnyLengthFft, fft, fft3, nextFastSize } from '../../../src/core/math/fft.ts'

function dft(re: Float64Array, im: Float64Array, sign: number): [Float64Array, Float64Array] {
  const n = re.length
  const or = new Float64Array(n), oi = new Float64Array(n)
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n
      or[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a)
      oi[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a)
    }
  return [or, oi]
}

let seed = 7
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5

describe('fft', () => {
  it('nextFastSize is the smallest 2-3-5-smooth length ≥ n', () => {
    expect([1, 7, 11, 13, 17, 49, 97, 121].map(nextFastSize)).toEqual([1, 8, 12, 15, 18, 50, 100, 125])
  })

  for (const n of [1, 2, 3, 4, 5, 8, 9, 16, 25, 6, 10, 12, 15, 30, 60, 64, 90, 120])
    it(`equals the DFT at n = ${n}, forward and inverse (unnormalised)`, () => {
      for (const sign of [-1, 1] as const) {
        const re = Float64Array.from({ length: n }, rnd), im = Float64Array.from({ length: n }, rnd)
        const [er, ei] = dft(re, im, sign)
        fft(re, im, sign)
        for (let k = 0; k < n; k++) {
          expect(re[k]).toBeCloseTo(er[k], 11)
          expect(im[k]).toBeCloseTo(ei[k], 11)
        }
      }
    })

  it('inverse after forward gives n · x', () => {
    const n = 120
    const x = Float64Array.from({ length: n }, rnd)
    const re = x.slice(), im = new Float64Array(n)
    fft(re, im, -1)
    fft(re, im, 1)
    for (let k = 0; k < n; k++) { expect(re[k] / n).toBeCloseTo(x[k], 13); expect(im[k] / n).toBeCloseTo(0, 13) }
  })

  it('fft3 is the 1D DFT along x, then y, then z', () => {
    const dims: [number, number, number] = [6, 5, 4]
    const [nx, ny, nz] = dims
    const re = Float64Array.from({ length: nx * ny * nz }, rnd), im = Float64Array.from({ length: nx * ny * nz }, rnd)
    const er = re.slice(), ei = im.slice()
    const axis = (stride: number, n: number, starts: number[]) => {
      for (const s of starts) {
        const lr = Float64Array.from({ length: n }, (_, i) => er[s + i * stride]), li = Float64Array.from({ length: n }, (_, i) => ei[s + i * stride])
        const [or, oi] = dft(lr, li, -1)
        for (let i = 0; i < n; i++) { er[s + i * stride] = or[i]; ei[s + i * stride] = oi[i] }
      }
    }
    const all = (f: (i: number, j: number, k: number) => boolean) => {
      const out: number[] = []
      for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (f(i, j, k)) out.push(i + nx * (j + ny * k))
      return out
    }
    axis(1, nx, all((i) => i === 0))
    axis(nx, ny, all((_, j) => j === 0))
    axis(nx * ny, nz, all((_, __, k) => k === 0))
    fft3(re, im, dims, -1)
    for (let v = 0; v < re.length; v++) { expect(re[v]).toBeCloseTo(er[v], 11); expect(im[v]).toBeCloseTo(ei[v], 11) }
  })
})

describe('AnyLengthFft (Bluestein for lengths with a prime factor above 5)', () => {
  for (const n of [7, 11, 13, 14, 49, 97])
    it(`equals the DFT at n = ${n}`, () => {
      for (const sign of [-1, 1] as const) {
        const re = Float64Array.from({ length: n }, rnd), im = Float64Array.from({ length: n }, rnd)
        const [er, ei] = dft(re, im, sign)
        new AnyLengthFft(n, sign).run(re, im)
        for (let k = 0; k < n; k++) { expect(re[k]).toBeCloseTo(er[k], 10); expect(im[k]).toBeCloseTo(ei[k], 10) }
      }
    })
})
