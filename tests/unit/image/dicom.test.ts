// DICOM series reading in Node (itk-wasm): the STS_002 T1 series must give the same grid as
// the NIfTI of that patient, and `info` on STS_001 reports the study's dims.
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readVolume } from '../../../src/cli/image_io.ts'
import { DATA, haveData } from '../shared_data.ts'

const STS = `${DATA}/sts`

describe.skipIf(!haveData('DICOM series of STS_001/STS_002', 'sts/STS_002/mr_t1/dicom/image', 'sts/STS_001/mr_t1/image.nii.gz'))('DICOM series', () => {
  it('STS_002 DICOM series has the dims, spacing and origin of its NIfTI', async () => {
    const dcm = await readVolume(`${STS}/STS_002/mr_t1/dicom/image`)
    const nii = await readVolume(`${STS}/STS_002/mr_t1/image.nii.gz`)
    expect(dcm.dims).toEqual(nii.dims)
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(dcm.spacing[i] - nii.spacing[i])).toBeLessThan(1e-4)
      // NIfTI stores the origin in float32: 1e-4 relative
      expect(Math.abs(dcm.origin[i] - nii.origin[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(nii.origin[i])))
    }
    for (let i = 0; i < 9; i++) expect(Math.abs(dcm.direction[i] - nii.direction[i])).toBeLessThan(1e-4)
    // and the same voxels
    let maxDiff = 0
    for (let i = 0; i < nii.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(dcm.data[i] - nii.data[i]))
    expect(maxDiff).toBe(0)
  })

  it('info on STS_001 reports dims [174,158,59]', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'info', '--image', `${STS}/STS_001/mr_t1/image.nii.gz`, '--json'], { encoding: 'utf8' })
    const info = JSON.parse(out)
    expect(info.dims).toEqual([174, 158, 59])
    expect(info.spacing).toHaveLength(3)
    expect(info.direction).toHaveLength(9)
  })
})
