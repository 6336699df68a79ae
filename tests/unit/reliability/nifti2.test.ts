// A valid NIfTI-2 file (540-byte header, the NIfTI-2 format specification) is read as the
// same volume as the NIfTI-1 file of the same image: same voxels, spacing, origin and
// direction. The NIfTI-2 bytes are written here, field by field in the specification's
// order (offsets accumulated from the field sizes, not copied from the reader), from the
// geometry fields of the NIfTI-1 file that core's writer produced.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'fflate'
import { encodeNifti } from '../../../src/core/image/nifti_write.ts'
import { readVolume } from '../../../src/cli/image_io.ts'
import type { Volume } from '../../../src/core/image/volume.ts'

// nifti_2_header, in order: [name, type, count]
const FIELDS: [string, 'i32' | 'i16' | 'i64' | 'f64' | 'c', number][] = [
  ['sizeof_hdr', 'i32', 1], ['magic', 'c', 8], ['datatype', 'i16', 1], ['bitpix', 'i16', 1], ['dim', 'i64', 8],
  ['intent_p1', 'f64', 1], ['intent_p2', 'f64', 1], ['intent_p3', 'f64', 1], ['pixdim', 'f64', 8], ['vox_offset', 'i64', 1],
  ['scl_slope', 'f64', 1], ['scl_inter', 'f64', 1], ['cal_max', 'f64', 1], ['cal_min', 'f64', 1], ['slice_duration', 'f64', 1],
  ['toffset', 'f64', 1], ['slice_start', 'i64', 1], ['slice_end', 'i64', 1], ['descrip', 'c', 80], ['aux_file', 'c', 24],
  ['qform_code', 'i32', 1], ['sform_code', 'i32', 1], ['quatern_b', 'f64', 1], ['quatern_c', 'f64', 1], ['quatern_d', 'f64', 1],
  ['qoffset_x', 'f64', 1], ['qoffset_y', 'f64', 1], ['qoffset_z', 'f64', 1], ['srow_x', 'f64', 4], ['srow_y', 'f64', 4], ['srow_z', 'f64', 4],
  ['slice_code', 'i32', 1], ['xyzt_units', 'i32', 1], ['intent_code', 'i32', 1], ['intent_name', 'c', 16], ['dim_info', 'c', 1], ['unused_str', 'c', 15],
]
const SIZE = { i32: 4, i16: 2, i64: 8, f64: 8, c: 1 }
const OFFSET: Record<string, number> = {}
let total = 0
for (const [name, t, n] of FIELDS) {
  OFFSET[name] = total
  total += SIZE[t] * n
}

/** NIfTI-2 bytes of the image held by a NIfTI-1 file (its header fields read by name from nifti1.h's layout). */
function nifti2Of(n1: Uint8Array, littleEndian = true, voxOffset = 544): Uint8Array {
  const a = new DataView(n1.buffer, n1.byteOffset, n1.byteLength)
  const data = n1.subarray(352)
  const bitpix = a.getInt16(72, true)
  const out = new Uint8Array(voxOffset + data.length)
  const b = new DataView(out.buffer)
  const le = littleEndian
  b.setInt32(OFFSET.sizeof_hdr, 540, le)
  out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], OFFSET.magic)
  b.setInt16(OFFSET.datatype, a.getInt16(70, true), le)
  b.setInt16(OFFSET.bitpix, bitpix, le)
  for (let i = 0; i < 8; i++) b.setBigInt64(OFFSET.dim + 8 * i, BigInt(a.getInt16(40 + 2 * i, true)), le)
  for (let i = 0; i < 8; i++) b.setFloat64(OFFSET.pixdim + 8 * i, a.getFloat32(76 + 4 * i, true), le)
  b.setBigInt64(OFFSET.vox_offset, BigInt(voxOffset), le)
  b.setFloat64(OFFSET.scl_slope, a.getFloat32(112, true), le)
  b.setFloat64(OFFSET.scl_inter, a.getFloat32(116, true), le)
  b.setInt32(OFFSET.qform_code, a.getInt16(252, true), le)
  b.setInt32(OFFSET.sform_code, a.getInt16(254, true), le)
  const q = ['quatern_b', 'quatern_c', 'quatern_d', 'qoffset_x', 'qoffset_y', 'qoffset_z']
  q.forEach((f, i) => b.setFloat64(OFFSET[f], a.getFloat32(256 + 4 * i, true), le))
  for (let i = 0; i < 12; i++) b.setFloat64(OFFSET.srow_x + 8 * i, a.getFloat32(280 + 4 * i, true), le)
  b.setInt32(OFFSET.xyzt_units, a.getUint8(123), le)
  // voxels in the file's byte order
  const bytes = bitpix / 8
  for (let i = 0; i < data.length; i += bytes) for (let k = 0; k < bytes; k++) out[voxOffset + i + k] = data[i + (le ? k : bytes - 1 - k)]
  return out
}

const c = Math.cos(0.3), s = Math.sin(0.3)
const vol: Volume<Float32Array> = {
  dims: [7, 5, 4],
  spacing: [0.75, 0.8, 3.5],
  origin: [-12.5, 30.25, 7],
  direction: [c, -s, 0, s, c, 0, 0, 0, 1],
  data: Float32Array.from({ length: 7 * 5 * 4 }, (_, i) => Math.sin(i) * 100 + i),
}

describe('NIfTI-2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rel-nifti2-'))
  const n1 = encodeNifti(vol, false)
  fs.writeFileSync(path.join(dir, 'v1.nii'), n1)
  it('the header layout is the specification\'s (540 bytes, magic at 4, vox_offset at 168)', () => {
    expect(total).toBe(540)
    expect(OFFSET.vox_offset).toBe(168)
    expect(OFFSET.srow_x).toBe(400)
  })
  for (const [name, le, off, gz] of [['little-endian .nii', true, 544, false], ['big-endian, data at 560 (extension space)', false, 560, false], ['gzipped .nii.gz', true, 544, true]] as const)
    it(`${name} reads as the same volume as the NIfTI-1 file`, async () => {
      const bytes = nifti2Of(n1, le, off)
      const file = path.join(dir, `v2-${le}-${off}.nii${gz ? '.gz' : ''}`)
      fs.writeFileSync(file, gz ? gzipSync(bytes) : bytes)
      const a = await readVolume(path.join(dir, 'v1.nii'))
      const b = await readVolume(file)
      expect(Array.from(b.dims)).toEqual(Array.from(a.dims))
      expect(Array.from(b.spacing)).toEqual(Array.from(a.spacing))
      expect(Array.from(b.origin)).toEqual(Array.from(a.origin))
      expect(Array.from(b.direction)).toEqual(Array.from(a.direction))
      expect(Array.from(b.data)).toEqual(Array.from(a.data))
      // and the volume is the one written (the NIfTI-1 path is ITK's)
      for (let i = 0; i < 3; i++) expect(b.origin[i]).toBeCloseTo(vol.origin[i], 4)
      expect(b.direction[1]).toBeCloseTo(vol.direction[1], 5)
    })
  it('a truncated or malformed NIfTI-2 file is refused naming the field', async () => {
    const bytes = nifti2Of(n1)
    const cut = path.join(dir, 'cut2.nii')
    fs.writeFileSync(cut, bytes.slice(0, 700))
    await expect(readVolume(cut)).rejects.toThrow(/cut2\.nii: NIfTI-2 header: header declares 7×5×4 voxels .* truncated/)
    const nan = bytes.slice()
    new DataView(nan.buffer).setFloat64(OFFSET.pixdim + 8, NaN, true)
    fs.writeFileSync(path.join(dir, 'nan2.nii'), nan)
    await expect(readVolume(path.join(dir, 'nan2.nii'))).rejects.toThrow(/nan2\.nii: pixdim\[1\] is NaN/)
  })
})
