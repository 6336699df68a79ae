// N4 against ITK 5.2's N4BiasFieldCorrectionImageFilter with the study's defaults on
// brain1 (tests/fixtures/preprocess/itk: bias field inside ITK's Otsu mask, 0 outside;
// ITK's corrected image is the input divided by that bias).
import { beforeAll, describe, expect, it } from 'vitest'
import { readVolume } from '../../../src/cli/image_io.ts'
import { n4BiasFieldCorrection, sharpenLogImage, type N4Result } from '../../../src/core/preprocess/n4.ts'
import { otsuThreshold } from '../../../src/core/preprocess/otsu.ts'
import { shrinkVolume } from '../../../src/core/preprocess/shrink.ts'
import type { Volume } from '../../../src/core/image/volume.ts'
import { DATA, FIX, pearson, readJson } from './compare.ts'

let img: Volume
let itkBias: Volume
let ours: N4Result
const ref = readJson(`${FIX}/brain1_n4.json`)

beforeAll(async () => {
  img = await readVolume(`${DATA}/mri/brain1_image.nrrd`)
  itkBias = await readVolume(`${FIX}/brain1_n4_bias.nii.gz`)
  ours = n4BiasFieldCorrection(img)
}, 60_000)

describe('N4 (ITK parity, brain1, defaults)', () => {
  it('Otsu threshold (200 bins) and shrunk grid equal ITK', () => {
    expect(otsuThreshold(Float32Array.from(img.data), 200).threshold).toBe(ref.otsu_threshold)
    const s = shrinkVolume({ ...img, data: Float32Array.from(img.data) }, [4, 4, 4])
    expect(s.dims).toEqual(ref.shrunk_size)
    for (let d = 0; d < 3; d++) expect(s.origin[d]).toBeCloseTo(ref.shrunk_origin[d], 6)
    expect(s.data.reduce((a, b) => a + b, 0)).toBe(ref.shrunk_sum)
    expect(ours.lattice.dims).toEqual(ref.lattice_size)
  })

  it('log bias fields correlate r ≥ 0.99 inside the Otsu mask, relative RMS of the bias ≤ 2%', () => {
    const inMask = (i: number) => itkBias.data[i] > 0
    let n = 0
    for (let i = 0; i < itkBias.data.length; i++) if (inMask(i)) n++
    expect(n).toBe(ours.maskVoxels)
    const logOurs = Float64Array.from(ours.bias.data, Math.log)
    const logItk = Float64Array.from(itkBias.data, (x) => (x > 0 ? Math.log(x) : 0))
    const r = pearson(logOurs, logItk, inMask)
    let ss = 0
    for (let i = 0; i < logOurs.length; i++) if (inMask(i)) ss += ((ours.bias.data[i] - itkBias.data[i]) / itkBias.data[i]) ** 2
    const relRms = Math.sqrt(ss / n)
    console.log(`N4 parity: r(log bias) = ${r.toFixed(6)}, relative RMS = ${(100 * relRms).toFixed(3)}%`)
    expect(r).toBeGreaterThanOrEqual(0.99)
    expect(relRms).toBeLessThanOrEqual(0.02)
  })

  it('corrected images correlate r ≥ 0.999 (inside the mask, where ITK’s bias is stored)', () => {
    const inMask = (i: number) => itkBias.data[i] > 0
    const itkCorrected = Float64Array.from(img.data, (v, i) => (itkBias.data[i] > 0 ? v / itkBias.data[i] : 0))
    const r = pearson(ours.corrected.data, itkCorrected, inMask)
    expect(r).toBeGreaterThanOrEqual(0.999)
  })

  it('runs as many iterations per level as ITK (convergence measure computed as ITK’s), first measure of each level within 1e-3', () => {
    // issue 20 item 6: ITK's program (tests/fixtures/preprocess) records the iterations of every level
    expect(ours.levels.map((l) => l.iterations)).toEqual(ref.level_iterations)
    let k = 0
    for (const l of ours.levels) {
      expect(l.trace.length).toBe(l.iterations)
      const itk = ref.convergence_trace.slice(k, k + ref.level_iterations[l.level])
      k += ref.level_iterations[l.level]
      expect(Math.abs(l.trace[0] - itk[0]) / itk[0]).toBeLessThan(1e-3)
      // the level ends on the same side of the threshold as ITK's
      expect(l.trace[l.trace.length - 1] <= 0.001).toBe(itk[itk.length - 1] <= 0.001)
    }
  })

  it('reports per-level iterations and refines the lattice 4 → 5 → 7 → 11', () => {
    expect(ours.levels.map((l) => l.controlPoints[0])).toEqual([4, 5, 7, 11])
    for (const l of ours.levels) expect(l.iterations).toBeGreaterThan(0)
  })

  it('sharpening returns E(u|v) = the log values of a single-intensity mask (no blur to undo)', () => {
    const v = new Float32Array(100).map((_, i) => Math.log(100 + (i % 10)))
    const m = new Uint8Array(100).fill(1)
    const s = sharpenLogImage(v, m, 200, 0.15, 0.01)
    for (let i = 0; i < 100; i++) expect(Number.isFinite(s[i])).toBe(true)
    // sharpened values stay within the data range
    expect(Math.min(...s)).toBeGreaterThanOrEqual(Math.log(100) - 0.05)
    expect(Math.max(...s)).toBeLessThanOrEqual(Math.log(109) + 0.05)
  })

  it('recovers a planted smooth multiplicative bias on a synthetic phantom', () => {
    const n = 40, dims = [n, n, 20] as [number, number, number]
    const data = new Float32Array(n * n * 20)
    const truth = new Float32Array(data.length)
    let q = 0
    for (let k = 0; k < 20; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++, q++) {
          const r2 = ((i - 20) ** 2 + (j - 20) ** 2) / 400
          const tissue = r2 < 0.8 ? (((i >> 3) + (j >> 3)) % 2 ? 200 : 100) : 0
          const b = Math.exp(0.3 * (i / n - 0.5) + 0.2 * (k / 20 - 0.5))
          truth[q] = b
          data[q] = tissue * b
        }
    const vol: Volume = { dims, spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data }
    const r = n4BiasFieldCorrection(vol, { shrinkFactor: 2, levels: 3, iterations: 30 })
    const inside = (i: number) => data[i] > 0
    expect(pearson(Float64Array.from(r.bias.data, Math.log), Float64Array.from(truth, Math.log), inside)).toBeGreaterThan(0.9)
  })
})
