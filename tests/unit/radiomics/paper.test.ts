// The study's `paper` preset on the three STS MRIs (T1 used for every sequence): every column
// finite, and identical between two runs.
import { describe, expect, it } from 'vitest'
import { readVolume } from '../../../src/cli/image_io.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { extractPaperFeatures, paperColumns, PAPER_FEATURES } from '../../../src/core/radiomics/paper.ts'
import { DATA, haveData } from '../shared_data.ts'

describe.skipIf(!haveData('paper preset on the STS MRIs', 'sts/STS_001/mr_t1/image.nii.gz', 'sts/STS_002/mr_t1/image.nii.gz', 'sts/STS_003/mr_t1/image.nii.gz'))('paper preset on STS MRIs', () => {
  it('has 59 features per sequence and 4 CE-T1 shape features', () => {
    expect(PAPER_FEATURES.length).toBe(59)
    expect(paperColumns().length).toBe(3 * 59 + 4)
    expect(paperColumns()).toContain('ce_t1.glcm_contrast_d2')
  })
  for (const id of ['STS_001', 'STS_002', 'STS_003']) {
    it(`${id}: finite and reproducible`, async () => {
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
    })
  }
})
