// The B-spline lattice machinery under N4: refinement keeps the spline, a constant
// lattice evaluates to that constant (partition of unity), the FFT matches a direct DFT.
import { describe, expect, it } from 'vitest'
import { evaluateLattice, fitLattice, refineLattice, type Lattice } from '../../../src/core/preprocess/bspline_fit.ts'
import { fft } from '../../../src/core/math/fft.ts'
import { createRng } from '../../../src/core/random.ts'
import { haveData } from '../shared_data.ts'

describe('B-spline lattice', () => {
  it('refinement (c → 2c − 3) evaluates to the same field', () => {
    const rng = createRng(7)
    const lat: Lattice = { dims: [5, 4, 6], data: Float64Array.from({ length: 120 }, () => rng.normal()) }
    const fine = refineLattice(lat)
    expect(fine.dims).toEqual([7, 5, 9])
    const a = evaluateLattice(lat, [23, 17, 11]), b = evaluateLattice(fine, [23, 17, 11])
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 10)
  })

  it('a constant lattice gives a constant field', () => {
    const lat: Lattice = { dims: [4, 4, 4], data: new Float64Array(64).fill(2.5) }
    for (const v of evaluateLattice(lat, [9, 8, 7])) expect(v).toBeCloseTo(2.5, 12)
  })

  it('one scattered point is reproduced exactly (φ_c = w_c·z / Σw², Lee–Wolberg–Shin)', () => {
    const dims: [number, number, number] = [9, 7, 5]
    const f = new Float64Array(9 * 7 * 5), m = new Uint8Array(f.length)
    const at = 3 + 9 * (2 + 7 * 1)
    f[at] = 1.75
    m[at] = 1
    const lat = fitLattice(f, m, dims, [6, 5, 4])
    expect(evaluateLattice(lat, dims)[at]).toBeCloseTo(1.75, 12)
  })
})

describe('fft', () => {
  it('matches a direct DFT and inverts with 1/n', () => {
    const n = 16
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i) + i / 3), im = new Float64Array(n)
    const r0 = Float64Array.from(re)
    fft(re, im, -1)
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0
      for (let t = 0; t < n; t++) {
        sr += r0[t] * Math.cos((-2 * Math.PI * k * t) / n)
        si += r0[t] * Math.sin((-2 * Math.PI * k * t) / n)
      }
      expect(re[k]).toBeCloseTo(sr, 9)
      expect(im[k]).toBeCloseTo(si, 9)
    }
    fft(re, im, 1)
    for (let t = 0; t < n; t++) expect(re[t] / n).toBeCloseTo(r0[t], 9)
  })
})

describe('multilevel fitting (ITK parity)', () => {
  it.skipIf(!haveData('B-spline ITK parity on brain1', 'mri/brain1_image.nrrd'))('3 levels from 4 control points equal BSplineScatteredDataPointSetToImageFilter’s lattice (brain1 log intensities, shrunk by 4)', async () => {
    const { readVolume } = await import('../../../src/cli/image_io.ts')
    const { shrinkVolume } = await import('../../../src/core/preprocess/shrink.ts')
    const { fitLatticeMultilevel } = await import('../../../src/core/preprocess/bspline_fit.ts')
    const { DATA, FIX, readJson } = await import('./compare.ts')
    const ref = readJson(`${FIX}/brain1_bspline_fit_3levels.json`)
    const img = await readVolume(`${DATA}/mri/brain1_image.nrrd`)
    const s = shrinkVolume({ ...img, data: Float32Array.from(img.data) }, [4, 4, 4])
    const mask = Uint8Array.from(s.data, (v) => (v > 0 ? 1 : 0))
    expect(mask.reduce((a, b) => a + b, 0)).toBe(ref.points)
    const field = Float64Array.from(s.data, (v) => (v > 0 ? Math.log(v) : 0))
    const lat = fitLatticeMultilevel(field, mask, s.dims, [4, 4, 4], 3)
    expect(lat.dims).toEqual(ref.lattice_size)
    let maxDiff = 0
    for (let c = 0; c < lat.data.length; c++) maxDiff = Math.max(maxDiff, Math.abs(lat.data[c] - ref.lattice[c]))
    console.log(`multilevel lattice max |diff| vs ITK = ${maxDiff.toExponential(2)}`)
    expect(maxDiff).toBeLessThan(1e-4)
  })
})
