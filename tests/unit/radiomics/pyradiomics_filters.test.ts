// pyradiomics-style image types against references computed by other software:
// Wavelet — pyradiomics' _swt3 procedure run with PyWavelets (tests/fixtures/radiomics/pyradiomics/
// wavelet_reference.py → wavelet_reference.json): every band of every case within 1e-9 of the range.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { waveletImages } from '../../../src/core/radiomics/pyradiomics/filters.ts'
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
