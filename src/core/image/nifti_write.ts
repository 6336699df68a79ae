// NIfTI-1 writer (single .nii, optionally gzip-compressed), deterministic byte for byte
// (gzip header with mtime 0), so that a seeded demo cohort has reproducible files.
// Reference: NIfTI-1 header (nifti1.h). ITK's LPS direction becomes RAS by negating the
// first two rows; qform (quaternion) and sform are both written, with code 1 (scanner).
// Written by hand (~100 lines) because itk-wasm's writer embeds no option for a fixed
// gzip timestamp; reading stays with itk-wasm, which checks this writer in the tests.

import { gzipSync } from 'fflate'
import type { Volume } from './volume.ts'
import { componentTypeOf } from './itk_image.ts'

const DATATYPES: Record<string, [code: number, bitpix: number]> = {
  uint8: [2, 8],
  int16: [4, 16],
  int32: [8, 32],
  float32: [16, 32],
  float64: [64, 64],
  int8: [256, 8],
  uint16: [512, 16],
  uint32: [768, 32],
}

/** Encode a volume as NIfTI-1 bytes; gzip when `compress` (for .nii.gz). */
export function encodeNifti(v: Volume, compress = true): Uint8Array {
  const [code, bitpix] = DATATYPES[componentTypeOf(v.data)]
  const header = new ArrayBuffer(352)
  const h = new DataView(header)
  h.setInt32(0, 348, true)
  h.setInt16(40, 3, true)
  h.setInt16(42, v.dims[0], true)
  h.setInt16(44, v.dims[1], true)
  h.setInt16(46, v.dims[2], true)
  for (let i = 4; i <= 7; i++) h.setInt16(40 + 2 * i, 1, true)
  h.setInt16(70, code, true)
  h.setInt16(72, bitpix, true)
  // RAS affine columns: R = diag(-1,-1,1) · D · diag(spacing)
  const d = v.direction
  const ras = [
    [-d[0], -d[1], -d[2]],
    [-d[3], -d[4], -d[5]],
    [d[6], d[7], d[8]],
  ]
  const originRas = [-v.origin[0], -v.origin[1], v.origin[2]]
  const det =
    ras[0][0] * (ras[1][1] * ras[2][2] - ras[1][2] * ras[2][1]) -
    ras[0][1] * (ras[1][0] * ras[2][2] - ras[1][2] * ras[2][0]) +
    ras[0][2] * (ras[1][0] * ras[2][1] - ras[1][1] * ras[2][0])
  const qfac = det < 0 ? -1 : 1
  h.setFloat32(76, qfac, true)
  h.setFloat32(80, v.spacing[0], true)
  h.setFloat32(84, v.spacing[1], true)
  h.setFloat32(88, v.spacing[2], true)
  h.setFloat32(108, 352, true) // vox_offset
  h.setFloat32(112, 1, true) // scl_slope
  h.setFloat32(116, 0, true) // scl_inter
  h.setUint8(123, 10 | 8) // xyzt_units: mm, s
  h.setInt16(252, 1, true) // qform_code
  h.setInt16(254, 1, true) // sform_code
  // quaternion of the rotation with the third column multiplied by qfac
  const r = ras.map((row) => [row[0], row[1], row[2] * qfac])
  const [b, c, dq] = quaternionBcd(r)
  h.setFloat32(256, b, true)
  h.setFloat32(260, c, true)
  h.setFloat32(264, dq, true)
  h.setFloat32(268, originRas[0], true)
  h.setFloat32(272, originRas[1], true)
  h.setFloat32(276, originRas[2], true)
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) h.setFloat32(280 + 16 * row + 4 * col, ras[row][col] * v.spacing[col], true)
    h.setFloat32(280 + 16 * row + 12, originRas[row], true)
  }
  const magic = 'n+1\0'
  for (let i = 0; i < 4; i++) h.setUint8(344 + i, magic.charCodeAt(i))
  const body = new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength)
  const out = new Uint8Array(352 + body.length)
  out.set(new Uint8Array(header), 0)
  out.set(body, 352)
  return compress ? gzipSync(out, { level: 6, mtime: 0 }) : out
}

// NIfTI-1 quaternion (b, c, d) of a proper rotation matrix (nifti_mat44_to_quatern).
function quaternionBcd(r: number[][]): [number, number, number] {
  const [r11, r12, r13] = r[0], [r21, r22, r23] = r[1], [r31, r32, r33] = r[2]
  let a = r11 + r22 + r33 + 1
  let b: number, c: number, d: number
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a)
    b = (0.25 * (r32 - r23)) / a
    c = (0.25 * (r13 - r31)) / a
    d = (0.25 * (r21 - r12)) / a
  } else {
    const xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22)
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = (0.25 * (r12 + r21)) / b; d = (0.25 * (r13 + r31)) / b; a = (0.25 * (r32 - r23)) / b
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = (0.25 * (r12 + r21)) / c; d = (0.25 * (r23 + r32)) / c; a = (0.25 * (r13 - r31)) / c
    } else {
      d = 0.5 * Math.sqrt(zd); b = (0.25 * (r13 + r31)) / d; c = (0.25 * (r23 + r32)) / d; a = (0.25 * (r21 - r12)) / d
    }
    if (a < 0) { b = -b; c = -c; d = -d }
  }
  return [b, c, d]
}
