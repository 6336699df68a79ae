import { describe, expect, it } from 'vitest'
import { bilinear, centroidSlice, cohortFieldOfViewMm, cutTumourSlice, maskedInput, tumourPlane, tumourSlice } from '../../../src/core/deep/slice.ts'
import { augmentSlice, morph } from '../../../src/core/deep/augment.ts'
import { createRng } from '../../../src/core/random.ts'
import type { Mask, Volume, Vec3 } from '../../../src/core/image/volume.ts'

function phantom(): { image: Volume<Float32Array>; mask: Mask } {
  const dims: Vec3 = [40, 30, 10]
  const image = new Float32Array(40 * 30 * 10)
  const mask = new Uint8Array(image.length)
  for (let k = 0; k < 10; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) {
    const q = i + 40 * (j + 30 * k)
    image[q] = 100 + 2 * i + j + 1000 * k
    // a box tumour on slices 3..7 (centroid slice 5), x 10..19, y 8..13
    if (k >= 3 && k <= 7 && i >= 10 && i <= 19 && j >= 8 && j <= 13) mask[q] = 1
  }
  const g = { dims, spacing: [1, 1, 3] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
  return { image: { ...g, data: image }, mask: { ...g, data: mask } }
}

describe('mid-tumour slice', () => {
  it('bilinear interpolation is exact on a linear function', () => {
    const d = Float32Array.from({ length: 20 }, (_, q) => 3 * (q % 5) + 7 * Math.floor(q / 5))
    expect(bilinear(d, 5, 4, 1.25, 2.5)).toBeCloseTo(3 * 1.25 + 7 * 2.5, 5)
    expect(bilinear(d, 5, 4, -2, 0)).toBe(0)
  })

  it('takes the centroid slice, crops around the tumour, scales the tumour to [0, 1] and zeroes the background', () => {
    const { image, mask } = phantom()
    expect(centroidSlice(mask)).toBe(5)
    const s = tumourSlice(image, mask, { size: 24, margin: 0.1 })
    expect(s.sliceIndex).toBe(5)
    expect(s.image.length).toBe(24 * 24)
    const inside = Array.from(s.image).filter((_, q) => s.mask[q])
    expect(Math.min(...inside)).toBeCloseTo(0, 6)
    expect(Math.max(...inside)).toBeCloseTo(1, 6)
    // the 10 × 6 box, padded 10% per side of its longest side (12 mm window), covers 24 × 24 at 0.5 mm:
    // rows of mask = 6 / 12 · 24 = 12
    const rows = new Set<number>()
    s.mask.forEach((m, q) => { if (m) rows.add(Math.floor(q / 24)) })
    expect(rows.size).toBe(12)
    const x = maskedInput(s)
    x.forEach((v, q) => { if (!s.mask[q]) expect(v).toBe(0) })
  })

  it('augmentation is seeded, keeps the shape and perturbs the outline by at most a pixel ring', () => {
    const { image, mask } = phantom()
    const s = tumourSlice(image, mask, { size: 24 })
    const a = augmentSlice(s, createRng(3))
    const b = augmentSlice(s, createRng(3))
    expect(Array.from(a.image)).toEqual(Array.from(b.image))
    expect(a.mask.length).toBe(24 * 24)
    const area = (m: Uint8Array) => m.reduce((x, y) => x + y, 0)
    expect(area(morph(s.mask, 24, true))).toBeGreaterThan(area(s.mask))
    expect(area(morph(s.mask, 24, false))).toBeLessThan(area(s.mask))
    expect(area(a.mask)).toBeGreaterThan(0.5 * area(s.mask))
    expect(area(a.mask)).toBeLessThan(1.8 * area(s.mask))
  })

  it("crop 'fov' keeps tumour size: a larger tumour covers more of the input, in proportion to its extent", () => {
    // two disc tumours (radius 6 and 12 mm) on a 1 mm grid; crop 'fill' makes them the same size, 'fov' does not
    const disc = (radius: number) => {
      const dims: Vec3 = [80, 80, 3]
      const image = new Float32Array(80 * 80 * 3), mask = new Uint8Array(image.length)
      for (let k = 0; k < 3; k++) for (let j = 0; j < 80; j++) for (let i = 0; i < 80; i++) {
        const q = i + 80 * (j + 80 * k)
        image[q] = 50 + i + 2 * j
        if ((i - 40) ** 2 + (j - 40) ** 2 <= radius * radius) mask[q] = 1
      }
      const g = { dims, spacing: [1, 1, 4] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
      return { image: { ...g, data: image }, mask: { ...g, data: mask } }
    }
    const area = (m: Uint8Array) => m.reduce((x, y) => x + y, 0)
    const small = disc(6), large = disc(12)
    const fill = (d: ReturnType<typeof disc>) => tumourSlice(d.image, d.mask, { size: 32 })
    const fov = (d: ReturnType<typeof disc>) => tumourSlice(d.image, d.mask, { size: 64, crop: 'fov', fieldOfViewMm: 64 })
    expect(Math.abs(area(fill(large).mask) - area(fill(small).mask))).toBeLessThan(0.1 * area(fill(small).mask))
    const s = fov(small), l = fov(large)
    expect(s.windowMm).toBe(64)
    expect(s.truncated).toBe(false)
    // 64 px over 64 mm = 1 px/mm: discs of π·6² ≈ 113 and π·12² ≈ 452 pixels (area ratio 4)
    expect(area(s.mask)).toBeGreaterThan(100)
    expect(area(s.mask)).toBeLessThan(130)
    expect(area(l.mask) / area(s.mask)).toBeGreaterThan(3.7)
    expect(area(l.mask) / area(s.mask)).toBeLessThan(4.3)
    // a tumour wider than the field of view is cut and says so
    const cut = tumourSlice(large.image, large.mask, { size: 32, crop: 'fov', fieldOfViewMm: 16 })
    expect(cut.truncated).toBe(true)
    expect(() => tumourSlice(small.image, small.mask, { size: 32, crop: 'fov', fieldOfViewMm: 0 })).toThrow(/field of view/)
  })

  it('a field of view sized from the cohort (--fov-mm auto): the largest tumour × 1.2, sizes kept, the largest fills the frame', () => {
    const box = (wx: number, wy: number) => {
      const dims: Vec3 = [120, 120, 3]
      const image = new Float32Array(120 * 120 * 3), mask = new Uint8Array(image.length)
      for (let k = 0; k < 3; k++) for (let j = 0; j < 120; j++) for (let i = 0; i < 120; i++) {
        const q = i + 120 * (j + 120 * k)
        image[q] = 10 + i + j
        if (i >= 60 - wx / 2 && i < 60 + wx / 2 && j >= 60 - wy / 2 && j < 60 + wy / 2) mask[q] = 1
      }
      const g = { dims, spacing: [0.5, 0.5, 4] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
      return { image: { ...g, data: image }, mask: { ...g, data: mask } }
    }
    const small = box(20, 10), large = box(40, 30) // 10 × 5 mm and 20 × 15 mm (0.5 mm voxels)
    const ps = tumourPlane(small.image, small.mask), pl = tumourPlane(large.image, large.mask)
    expect(ps.extentMm).toBeCloseTo(10, 9)
    expect(pl.extentMm).toBeCloseTo(20, 9)
    const fov = cohortFieldOfViewMm([ps.extentMm, pl.extentMm, NaN])
    expect(fov).toBeCloseTo(24, 9)
    // the plane + cut is tumourSlice
    const direct = tumourSlice(large.image, large.mask, { size: 32, crop: 'fov', fieldOfViewMm: fov })
    const viaPlane = cutTumourSlice(pl, { size: 32, crop: 'fov', fieldOfViewMm: fov })
    expect(Array.from(viaPlane.image)).toEqual(Array.from(direct.image))
    // with the cohort window the largest tumour is cut exactly as crop 'fill' cuts it …
    expect(Array.from(cutTumourSlice(pl, { size: 32 }).mask)).toEqual(Array.from(viaPlane.mask))
    expect(viaPlane.truncated).toBe(false)
    // … and the smaller one stays smaller: x extent 10/24 of 32 px against 20/24
    const width = (m: Uint8Array) => { const cols = new Set<number>(); m.forEach((v, q) => { if (v) cols.add(q % 32) }); return cols.size }
    expect(width(cutTumourSlice(ps, { size: 32, crop: 'fov', fieldOfViewMm: fov }).mask)).toBeCloseTo((10 / 24) * 32, -0.5)
    expect(width(viaPlane.mask)).toBeCloseTo((20 / 24) * 32, -0.5)
    expect(() => cohortFieldOfViewMm([])).toThrow(/no tumour extent/)
  })
})
