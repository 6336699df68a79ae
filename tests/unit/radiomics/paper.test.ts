// The study's `paper` preset on the three STS MRIs (T1 used for every sequence): every column
// finite and identical between two runs, and 31 of the 59 columns per sequence equal to an
// independent computation written here from the IBSI-1 definitions (first-order statistics,
// intensity histogram after fixed-bin-number discretisation to 256 levels, and GLCM contrast,
// energy, joint entropy, inverse difference and dissimilarity with 13 directions merged at
// distances 1, 2, 4) to 1e-9 relative (different summation order only).
import { describe, expect, it } from 'vitest'
import { readVolume } from '../../../src/cli/image_io.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { extractPaperFeatures, paperColumns, PAPER_FEATURES } from '../../../src/core/radiomics/paper.ts'
import { DATA, haveData } from '../shared_data.ts'
import type { Volume } from '../../../src/core/image/volume.ts'

/** The IBSI-1 definitions, written independently of src/core/radiomics, on the voxels of `mask`. */
function independent(image: Volume, mask: Volume): Record<string, number> {
  const [nx, ny, nz] = image.dims
  const inRoi = Uint8Array.from(mask.data, (m) => (m > 0.5 ? 1 : 0))
  const x: number[] = []
  for (let i = 0; i < inRoi.length; i++) if (inRoi[i]) x.push(image.data[i])
  const n = x.length
  const moments = (v: number[]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length
    let m2 = 0, m3 = 0, m4 = 0
    for (const t of v) (m2 += (t - mean) ** 2), (m3 += (t - mean) ** 3), (m4 += (t - mean) ** 4)
    m2 /= v.length; m3 /= v.length; m4 /= v.length
    return { mean, sd: Math.sqrt(m2), skew: m3 / m2 ** 1.5, kurt: m4 / m2 ** 2 - 3 }
  }
  const sorted = [...x].sort((a, b) => a - b)
  const q = (p: number) => { const h = (n - 1) * p, lo = Math.floor(h); return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]) } // R type 7
  const m = moments(x)
  const out: Record<string, number> = {
    conv_min: sorted[0], conv_max: sorted[n - 1], conv_mean: m.mean, conv_std: m.sd, conv_q1: q(0.25), conv_median: q(0.5), conv_q3: q(0.75), conv_skewness: m.skew, conv_kurtosis: m.kurt,
  }
  // fixed bin number: level = ⌊256 (x − min) / (max − min)⌋ + 1, the maximum in bin 256
  const lo = sorted[0], range = sorted[n - 1] - lo
  const level = new Int32Array(inRoi.length)
  for (let i = 0; i < inRoi.length; i++) if (inRoi[i]) level[i] = Math.min(256, Math.floor((256 * (image.data[i] - lo)) / range) + 1)
  const lv = Array.from(level).filter((l) => l > 0)
  const hm = moments(lv)
  const hist = new Map<number, number>()
  for (const l of lv) hist.set(l, (hist.get(l) ?? 0) + 1)
  out.hist_skewness = hm.skew
  out.hist_kurtosis = hm.kurt
  out.hist_entropy_log2 = -[...hist.values()].reduce((a, c) => a + (c / n) * Math.log2(c / n), 0)
  out.hist_energy = [...hist.values()].reduce((a, c) => a + (c / n) ** 2, 0)
  // GLCM: ordered pairs both ways for the 13 directions × d, counted into one map
  const dirs = [[1, 0, 0], [0, 1, 0], [1, 1, 0], [1, -1, 0], [0, 0, 1], [1, 0, 1], [1, 0, -1], [0, 1, 1], [0, 1, -1], [1, 1, 1], [1, 1, -1], [1, -1, 1], [1, -1, -1]]
  for (const d of [1, 2, 4]) {
    const pairs = new Map<number, number>()
    let total = 0
    for (const [a, b, c] of dirs) {
      const dx = a * d, dy = b * d, dz = c * d
      for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
        const l1 = level[i + nx * (j + ny * k)]
        if (!l1) continue
        const i2 = i + dx, j2 = j + dy, k2 = k + dz
        if (i2 < 0 || i2 >= nx || j2 < 0 || j2 >= ny || k2 < 0 || k2 >= nz) continue
        const l2 = level[i2 + nx * (j2 + ny * k2)]
        if (!l2) continue
        pairs.set(l1 * 1000 + l2, (pairs.get(l1 * 1000 + l2) ?? 0) + 1)
        pairs.set(l2 * 1000 + l1, (pairs.get(l2 * 1000 + l1) ?? 0) + 1)
        total += 2
      }
    }
    let contrast = 0, energy = 0, entropy = 0, invDiff = 0, dissimilarity = 0
    for (const [key, c] of pairs) {
      const p = c / total, diff = Math.abs(Math.floor(key / 1000) - (key % 1000))
      contrast += p * diff * diff
      energy += p * p
      entropy -= p * Math.log2(p)
      invDiff += p / (1 + diff)
      dissimilarity += p * diff
    }
    Object.assign(out, { [`glcm_contrast_d${d}`]: contrast, [`glcm_energy_d${d}`]: energy, [`glcm_entropy_log2_d${d}`]: entropy, [`glcm_entropy_log10_d${d}`]: entropy / Math.log2(10), [`glcm_homogeneity_d${d}`]: invDiff, [`glcm_dissimilarity_d${d}`]: dissimilarity })
  }
  return out
}

describe.skipIf(!haveData('paper preset on the STS MRIs', 'sts/STS_001/mr_t1/image.nii.gz', 'sts/STS_002/mr_t1/image.nii.gz', 'sts/STS_003/mr_t1/image.nii.gz'))('paper preset on STS MRIs', () => {
  it('has 59 features per sequence and 4 CE-T1 shape features', () => {
    expect(PAPER_FEATURES.length).toBe(59)
    expect(paperColumns().length).toBe(3 * 59 + 4)
    expect(paperColumns()).toContain('ce_t1.glcm_contrast_d2')
  })
  for (const id of ['STS_001', 'STS_002', 'STS_003']) {
    it(`${id}: finite, reproducible, and 31 columns per sequence equal to the IBSI definitions computed here`, async () => {
      const image = await readVolume(`${DATA}/sts/${id}/mr_t1/image.nii.gz`)
      const mask = await readVolume(`${DATA}/sts/${id}/mr_t1/mask.nii.gz`)
      const images = { t1: image, t2: image, ce_t1: image }
      const a = extractPaperFeatures(images, mask, loadPreset('paper')).features
      const b = extractPaperFeatures(images, mask, loadPreset('paper')).features
      const cols = paperColumns()
      const nonFinite = cols.filter((c) => !Number.isFinite(a[c]))
      expect(nonFinite).toEqual([])
      for (const c of cols) expect(Object.is(a[c], b[c]), c).toBe(true)
      expect(Object.keys(a).sort()).toEqual([...cols].sort())
      const ref = independent(image, mask)
      expect(Object.keys(ref).length).toBe(31)
      for (const seq of ['t1', 't2', 'ce_t1'])
        for (const [name, v] of Object.entries(ref)) expect(Math.abs(a[`${seq}.${name}`] - v), `${seq}.${name}: ${a[`${seq}.${name}`]} vs ${v}`).toBeLessThanOrEqual(1e-9 * Math.abs(v))
    })
  }
})
