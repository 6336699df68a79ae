// Acceptance: STS_002's RTSTRUCT (TCIA soft-tissue sarcoma collection) rasterised onto its
// own T1 series against the collection's NIfTI mask of that patient: Dice ≥ 0.95, and the
// paper preset's radiomics features within 1 % relative for ≥ 95 % of the features.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import { readVolume } from '../../../src/cli/image_io.ts'
import { parseRtStruct } from '../../../src/core/image/dicom/rtstruct.ts'
import { maskFromRtStruct } from '../../../src/core/image/dicom/mask_from_rtstruct.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { extractPaperFeatures } from '../../../src/core/radiomics/paper.ts'
import { DATA } from '../shared_data.ts'

const DIR = `${DATA}/sts/STS_002/mr_t1`
const have = fs.existsSync(`${DIR}/dicom/mask/RS.dcm`)

describe.skipIf(!have)('STS_002 RTSTRUCT → mask (skipped without ../shared/data)', () => {
  it('Dice ≥ 0.95 with the NIfTI mask; paper features within 1 % for ≥ 95 %', async () => {
    const image = await readVolume(`${DIR}/dicom/image`)
    const nii = await readVolume(`${DIR}/mask.nii.gz`)
    const rt = parseRtStruct(new Uint8Array(fs.readFileSync(`${DIR}/dicom/mask/RS.dcm`)))
    const { mask, rois, warnings } = maskFromRtStruct(rt, image, { file: 'RS.dcm' })
    expect(rois).toEqual(['GTV_Mass_MR_T1'])
    expect(warnings).toEqual([])
    let a = 0, b = 0, ab = 0
    for (let i = 0; i < mask.data.length; i++) {
      const x = mask.data[i] ? 1 : 0, y = nii.data[i] ? 1 : 0
      a += x; b += y; ab += x & y
    }
    const dice = (2 * ab) / (a + b)
    console.log(`STS_002: RTSTRUCT ${a} voxels, NIfTI ${b}, overlap ${ab}, Dice ${dice.toFixed(4)}`)
    expect(dice).toBeGreaterThanOrEqual(0.95)

    const settings = loadPreset('paper')
    const images = { t1: image, t2: image, ce_t1: image }
    const fromRt = extractPaperFeatures(images, mask, settings).features
    const fromNii = extractPaperFeatures(images, nii, settings).features
    const names = Object.keys(fromNii)
    expect(names.length).toBeGreaterThan(100)
    const close = names.filter((k) => {
      const x = fromRt[k], y = fromNii[k]
      if (!Number.isFinite(x) || !Number.isFinite(y)) return Number.isNaN(x) && Number.isNaN(y)
      return Math.abs(x - y) <= 0.01 * Math.max(Math.abs(y), 1e-12)
    })
    console.log(`STS_002: ${close.length}/${names.length} paper features within 1 %`)
    expect(close.length / names.length).toBeGreaterThanOrEqual(0.95)
  }, 120000)
})
