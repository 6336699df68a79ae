// pyradiomics-style image types against references computed by other software:
// Wavelet — pyradiomics' _swt3 procedure run with PyWavelets (tests/fixtures/radiomics/pyradiomics/
// wavelet_reference.py → wavelet_reference.json): every band of every case within 1e-9 of the range.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { waveletImages } from '../../../src/core/radiomics/pyradiomics/filters.ts'
import { laplacianRecursiveGaussian } from '../../../src/core/radiomics/pyradiomics/recursive_gaussian.ts'
import { lbp2D } from '../../../src/core/radiomics/pyradiomics/lbp.ts'
import { defaultSettings } from '../../../src/core/radiomics/pyradiomics/params.ts'

const ref = JSON.parse(fs.readFileSync('tests/fixtures/radiomics/pyradiomics/wavelet_reference.json', 'utf8')) as {
  dims: [number, number, number]
  data: number[]
  cases: { wavelet: string; level: number; start_level: number; bands: Record<string, number[]> }[]
}

describe('pyradiomics Wavelet image type vs PyWavelets', () => {
  for (const c of ref.cases) {
    it(`${c.wavelet}, level ${c.level}, start_level ${c.start_level}: every band`, () => {
      const s = { ...defaultSettings(), wavelet: c.wavelet, level: c.level, start_level: c.start_level }
      const out = waveletImages({ dims: ref.dims, spacing: [1, 1, 1], data: Float64Array.from(ref.data), integer: false }, s)
      expect(out.map((o) => o.name).sort()).toEqual(Object.keys(c.bands).sort())
      for (const o of out) {
        const want = c.bands[o.name]
        let scale = 0, worst = 0
        for (let v = 0; v < want.length; v++) { scale = Math.max(scale, Math.abs(want[v])); worst = Math.max(worst, Math.abs(o.image.data[v] - want[v])) }
        expect(worst, `${o.name}: largest difference ${worst} (scale ${scale})`).toBeLessThanOrEqual(1e-9 * scale)
      }
    })
  }
})

// LoG — ITK's LaplacianRecursiveGaussianImageFilter (what sitk.LaplacianRecursiveGaussian runs)
// through tests/fixtures/radiomics/pyradiomics/log_reference.{cxx,py} → log_reference.json.
const logRef = JSON.parse(fs.readFileSync('tests/fixtures/radiomics/pyradiomics/log_reference.json', 'utf8')) as {
  cases: { dims: [number, number, number]; spacing: [number, number, number]; sigma: number; short: boolean; data: number[]; log: number[] }[]
}

describe('pyradiomics LoG image type vs ITK', () => {
  for (const c of logRef.cases) {
    it(`σ ${c.sigma} mm on ${c.dims.join('×')} (spacing ${c.spacing.join('×')}${c.short ? ', short input' : ''}): every voxel to float32 precision`, () => {
      const out = laplacianRecursiveGaussian(Float64Array.from(c.data), c.dims, c.spacing, c.sigma)
      let scale = 0, worst = 0
      for (let v = 0; v < c.log.length; v++) { scale = Math.max(scale, Math.abs(c.log[v])); worst = Math.max(worst, Math.abs(out[v] - c.log[v])) }
      expect(worst, `largest difference ${worst} (scale ${scale})`).toBeLessThanOrEqual(1e-6 * scale)
    })
  }
})

// LBP2D — scikit-image's local_binary_pattern per slice (lbp_reference.{py,json}).
const lbpRef = JSON.parse(fs.readFileSync('tests/fixtures/radiomics/pyradiomics/lbp_reference.json', 'utf8')) as {
  dims: [number, number, number]
  data: number[]
  cases: { P: number; R: number; method: string; lbp: number[] }[]
}

describe('pyradiomics LBP2D image type vs scikit-image', () => {
  for (const c of lbpRef.cases) {
    it(`P ${c.P}, R ${c.R}, ${c.method}: every voxel`, () => {
      const out = lbp2D(Float64Array.from(lbpRef.data), lbpRef.dims, c.P, c.R, c.method, false)
      let worst = 0, scale = 0
      for (let v = 0; v < c.lbp.length; v++) { scale = Math.max(scale, Math.abs(c.lbp[v])); worst = Math.max(worst, Math.abs(out[v] - c.lbp[v])) }
      expect(worst, `largest difference ${worst}`).toBeLessThanOrEqual(1e-9 * Math.max(1, scale))
    })
  }
})
