// The NIfTI writer round-trips through itk-wasm's reader (the trusted reader) with
// the same grid, direction and voxels, and writes identical bytes every time.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { encodeNifti } from '../../../src/core/image/nifti_write.ts'
import { readVolume } from '../../../src/cli/image_io.ts'
import type { Volume } from '../../../src/core/image/volume.ts'

describe('encodeNifti', () => {
  it('round-trips an oblique, anisotropic volume through itk-wasm', async () => {
    const c = Math.cos(0.3), s = Math.sin(0.3)
    const v: Volume<Float32Array> = {
      dims: [5, 4, 3],
      spacing: [0.8, 1.1, 4],
      origin: [-12.5, 30.25, -100],
      direction: [c, -s, 0, s, c, 0, 0, 0, 1],
      data: Float32Array.from({ length: 60 }, (_, i) => i * 1.5 - 7),
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nii-'))
    const file = path.join(dir, 'a.nii.gz')
    fs.writeFileSync(file, encodeNifti(v))
    const r = await readVolume(file)
    expect(r.dims).toEqual(v.dims)
    for (let i = 0; i < 3; i++) {
      expect(r.spacing[i]).toBeCloseTo(v.spacing[i], 5)
      expect(r.origin[i]).toBeCloseTo(v.origin[i], 4)
    }
    for (let i = 0; i < 9; i++) expect(r.direction[i]).toBeCloseTo(v.direction[i], 5)
    expect(Array.from(r.data)).toEqual(Array.from(v.data))
    expect(Buffer.compare(Buffer.from(encodeNifti(v)), fs.readFileSync(file))).toBe(0)
  })
})
