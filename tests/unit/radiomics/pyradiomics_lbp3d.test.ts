// pyradiomics' LBP3D image type against the steps of imageoperations.getLBP3DImage run with
// numpy/scipy (tests/fixtures/radiomics/pyradiomics/lbp3d_reference.{py,json}): every ROI voxel of
// every lbp-3D-m<level> and lbp-3D-k image within 1e-6 (absolute, per image's range ≥ 1), float and
// int16 pixel types, ROI voxels on the image border included.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { icosphere, lbp3D } from '../../../src/core/radiomics/pyradiomics/lbp3d.ts'
import { InputError } from '../../../src/core/errors.ts'
import { extractPyradiomics, parsePyradiomicsParams } from '../../../src/core/radiomics/pyradiomics/index.ts'

const ref = JSON.parse(fs.readFileSync('tests/fixtures/radiomics/pyradiomics/lbp3d_reference.json', 'utf8')) as {
  dims: [number, number, number]
  float: number[]
  int16: number[]
  constant: number[]
  mask: number[]
  cases: { pixel: 'float' | 'int16' | 'constant'; levels: number; radius: number; subdivision: number; images: (number | null)[][] }[]
}

describe('pyradiomics LBP3D image type vs numpy/scipy', () => {
  it('icosphere sizes: 12, 42, 162 vertices on the sphere', () => {
    for (const [s, n] of [[0, 12], [1, 42], [2, 162]]) {
      const v = icosphere(s, 1.5)
      expect(v.length).toBe(n)
      for (const p of v) expect(Math.abs(Math.hypot(...p) - 1.5)).toBeLessThan(1e-12)
    }
  })
  for (const c of ref.cases) {
    it(`${c.pixel}, levels ${c.levels}, radius ${c.radius}, subdivision ${c.subdivision}: every ROI voxel`, () => {
      const out = lbp3D(Float64Array.from(ref[c.pixel]), ref.mask, ref.dims, c.levels, c.radius, c.subdivision, c.pixel === 'int16')
      expect(out.map((o) => o.name)).toEqual([...Array.from({ length: c.levels }, (_, l) => `lbp-3D-m${l + 1}`), 'lbp-3D-k'])
      c.images.forEach((want, q) => {
        let worst = 0, scale = 1, n = 0
        for (let v = 0; v < want.length; v++) {
          if (!ref.mask[v]) continue
          n++
          const w = want[v]
          if (w === null) { expect(Number.isNaN(out[q].data[v]), `voxel ${v} of ${out[q].name} should be NaN`).toBe(true); continue }
          scale = Math.max(scale, Math.abs(w))
          worst = Math.max(worst, Math.abs(out[q].data[v] - w))
        }
        expect(n).toBeGreaterThan(200)
        expect(worst, `${out[q].name}: largest difference ${worst} (scale ${scale})`).toBeLessThanOrEqual(1e-6 * scale)
      })
    })
  }
  it('rejects lbp3DLevels 1 (pyradiomics fails there)', () => {
    expect(() => lbp3D(Float64Array.from(ref.float), ref.mask, ref.dims, 1, 1, 1, false)).toThrow(InputError)
  })
})

describe('LBP3D in params.yaml (imageType: LBP3D)', () => {
  it('names lbp-3D-m1, lbp-3D-m2, lbp-3D-k features and computes them on the LBP3D images of the ROI', () => {
    const dims: [number, number, number] = [20, 18, 12]
    const n = dims[0] * dims[1] * dims[2]
    const img = new Int16Array(n), m = new Uint8Array(n)
    let v = 0
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++, v++) {
          img[v] = Math.round(300 + 120 * Math.sin(i / 2.5) * Math.cos(j / 3) + 30 * Math.sin(k * 1.3 + i))
          if (((i - 10) / 6) ** 2 + ((j - 9) / 5) ** 2 + ((k - 6) / 3.5) ** 2 <= 1) m[v] = 1
        }
    const geo = { dims, spacing: [0.8, 0.8, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
    const params = parsePyradiomicsParams('setting:\n  binWidth: 0.25\n  lbp3DLevels: 2\nimageType:\n  LBP3D: {}\nfeatureClass:\n  firstorder: [Mean, Maximum]\n', 'lbp3d.yaml')
    const r = extractPyradiomics({ ...geo, data: img }, { ...geo, data: m }, params)
    expect(Object.keys(r.features).sort()).toEqual(['lbp-3D-k_firstorder_Maximum', 'lbp-3D-k_firstorder_Mean', 'lbp-3D-m1_firstorder_Maximum', 'lbp-3D-m1_firstorder_Mean', 'lbp-3D-m2_firstorder_Maximum', 'lbp-3D-m2_firstorder_Mean'])
    // the same images computed directly (preCrop is off by default, as in pyradiomics: the whole image)
    for (const im of lbp3D(Float64Array.from(img), m, dims, 2, 1, 1, true)) {
      let s = 0, c = 0, mx = -Infinity
      for (let q = 0; q < n; q++) if (m[q]) { s += im.data[q]; c++; mx = Math.max(mx, im.data[q]) }
      expect(Math.abs(r.features[`${im.name}_firstorder_Mean`] - s / c)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(s / c)))
      expect(r.features[`${im.name}_firstorder_Maximum`]).toBeCloseTo(mx, 12)
    }
  })
})
