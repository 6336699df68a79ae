// Issue 20, radiomics statistics: a tiny ROI keeps the same feature columns as any other
// (variants with no voxel pair to count are NA with a warning, not silently absent), and the
// ICC filter refuses features present in one table only, reports unmatched patients and gives
// NA (not kept) to features without 2 complete pairs.
import { describe, expect, it } from 'vitest'
import { extractFeatures } from '../../../src/core/radiomics/extract.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { iccFilter } from '../../../src/core/radiomics/icc.ts'
import type { Volume } from '../../../src/core/image/volume.ts'

const dims: [number, number, number] = [8, 8, 8]
const image: Volume<Float64Array> = { dims, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: Float64Array.from({ length: 512 }, (_, i) => (i * 37) % 17) }
const mask = (f: (x: number, y: number, z: number) => boolean): Volume<Uint8Array> => ({ ...image, data: Uint8Array.from({ length: 512 }, (_, i) => (f(i % 8, Math.floor(i / 8) % 8, Math.floor(i / 64)) ? 1 : 0)) })
const cube = mask((x, y, z) => x > 0 && x < 7 && y > 0 && y < 7 && z > 0 && z < 7)

describe('tiny ROI: stable feature columns', () => {
  for (const preset of ['paper', 'ibsi-config-a']) {
    it(`${preset}: a 2-voxel ROI has the columns of a 6×6×6 ROI, the uncomputable ones NA with a warning`, () => {
      const s = loadPreset(preset)
      const big = extractFeatures(image, cube, s)
      const two = extractFeatures(image, mask((x, y, z) => x === 3 && y === 3 && (z === 3 || z === 4)), s)
      expect(Object.keys(two.features).sort()).toEqual(Object.keys(big.features).sort())
      const na = Object.keys(two.features).filter((k) => k.startsWith('cm_') && Number.isNaN(two.features[k]))
      expect(na.length).toBeGreaterThanOrEqual(25)
      expect(two.warnings.join(' ')).toMatch(/cm: \d+ feature\(s\) not computable on this ROI/)
      // a real ROI has every variant computable
      expect(big.warnings.join(' ')).not.toMatch(/not computable/)
    })
  }
})

describe('ICC filter on mismatched tables', () => {
  const col = (...v: number[]) => Float64Array.from(v)
  const a = { ids: ['p1', 'p2', 'p3', 'p4'], columns: ['f1', 'f2', 'f3'], values: [col(1, 2, 3, 4), col(5, 3, 2, 8), col(NaN, NaN, NaN, 1)] }
  it('refuses features found in one table only, naming them', () => {
    const b = { ids: a.ids, columns: ['f1', 'f3', 'g9'], values: [col(1.1, 2.1, 2.9, 4.2), col(1, 1, 1, 1), col(1, 2, 3, 4)] }
    expect(() => iccFilter(a, b, '2,1')).toThrow(/1 feature\(s\) only in the first table \(f2\); 1 feature\(s\) only in the second table \(g9\)/)
  })
  it('NA (not kept) for a feature without 2 complete pairs, and unmatched patients reported', () => {
    const b = { ids: ['p1', 'p2', 'p3', 'p4', 'p9'], columns: ['f1', 'f2', 'f3'], values: [col(1.1, 2.1, 2.9, 4.2, 7), col(5, 3.2, 2.1, 8, 1), col(1, 1, 1, 1, 1)] }
    const r = iccFilter(a, b, '2,1')
    expect(r.map((x) => x.feature)).toEqual(['f1', 'f2', 'f3'])
    expect(Number.isNaN(r[2].icc)).toBe(true)
    expect(r[2].keep).toBe(false)
    expect(r[0].icc).toBeGreaterThan(0.9)
    expect(r.warnings.join(' ')).toMatch(/1 patient\(s\) in only one table.*p9/)
    expect(r.warnings.join(' ')).toMatch(/1 feature\(s\) with fewer than 2 patients.*f3/)
  })
  it('a feature constant over patients and segmentations: ICC NA with a warning', () => {
    const b = { ids: a.ids, columns: ['f1', 'f2', 'f3'], values: [col(1.1, 2.1, 2.9, 4.2), col(5, 3.2, 2.1, 8), col(1, 1, 1, 1)] }
    const c = { ids: a.ids, columns: a.columns, values: [col(7, 7, 7, 7), a.values[1], col(1, 1, 1, 1)] }
    const r = iccFilter(c, { ...b, values: [col(7, 7, 7, 7), b.values[1], b.values[2]] }, '3,1')
    expect(Number.isNaN(r[0].icc)).toBe(true)
    expect(r[0].keep).toBe(false)
    expect(r.warnings.join(' ')).toMatch(/feature\(s\) constant over the patients.*f1/)
  })
})
