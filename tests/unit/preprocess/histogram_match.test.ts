// Histogram matching STS_001 → STS_002 against ITK 5.2's HistogramMatchingImageFilter
// (1024 levels, 7 match points, threshold at mean). The fixture is the filter's
// output as a table source value → output value (the filter is a pointwise map).
import { describe, expect, it } from 'vitest'
import { readVolume } from '../../../src/cli/image_io.ts'
import { histogramMatch } from '../../../src/core/preprocess/histogram_match.ts'
import { rescaleIntensity } from '../../../src/core/preprocess/rescale.ts'
import { applyNyul, nyulLandmarks, trainNyul } from '../../../src/core/preprocess/nyul.ts'
import type { Volume } from '../../../src/core/image/volume.ts'
import { DATA, FIX, haveData, range, readJson } from './compare.ts'

describe('histogram matching (ITK parity)', () => {
  it.skipIf(!haveData('histogram matching ITK parity on STS_001 → STS_002', 'sts/STS_001/mr_t1/image.nii.gz', 'sts/STS_002/mr_t1/image.nii.gz'))('STS_001 → STS_002: mean absolute difference ≤ 0.5% of the range', async () => {
    const src = await readVolume(`${DATA}/sts/STS_001/mr_t1/image.nii.gz`)
    const refImg = await readVolume(`${DATA}/sts/STS_002/mr_t1/image.nii.gz`)
    const table = readJson(`${FIX}/sts001_to_sts002_match.json`)
    const map = new Map<number, number>()
    table.source.forEach((s: number, i: number) => map.set(Math.fround(s), table.output[i]))
    const itk = Float64Array.from(src.data, (v) => {
      const t = map.get(Math.fround(v))
      if (t === undefined) throw new Error(`value ${v} missing from the ITK table`)
      return t
    })
    const ours = histogramMatch(src, refImg).image
    let mad = 0
    for (let i = 0; i < itk.length; i++) mad += Math.abs(ours.data[i] - itk[i])
    mad /= itk.length
    expect(mad).toBeLessThanOrEqual(0.005 * range(itk))
  })
})

describe('rescale and Nyúl–Udupa', () => {
  const vol = (data: Float32Array): Volume => ({ dims: [data.length, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data })

  it('rescales onto [−10000, 10000]', () => {
    const r = rescaleIntensity(vol(new Float32Array([2, 4, 6])))
    expect(Array.from(r.data)).toEqual([-10000, 0, 10000])
  })

  it('Nyúl: images differing by a linear intensity change standardise to the same values', () => {
    const a = new Float32Array(2000).map((_, i) => (i * 7919) % 1000)
    const b = a.map((x) => 3 * x + 50)
    const model = trainNyul([a, b])
    const ra = applyNyul(vol(a), model), rb = applyNyul(vol(b), model)
    for (let i = 0; i < a.length; i++) expect(rb.data[i]).toBeCloseTo(ra.data[i], 2)
    const l = nyulLandmarks(ra.data)
    for (let k = 1; k < l.length; k++) expect(l[k]).toBeGreaterThanOrEqual(l[k - 1])
    expect(model.landmarks[0]).toBeCloseTo(1, 6)
    expect(model.landmarks[model.landmarks.length - 1]).toBeCloseTo(100, 6)
  })
})
