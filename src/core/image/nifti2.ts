// NIfTI-2 files (540-byte header, 64-bit dims and offsets, double-precision geometry;
// the NIfTI-2 format specification, nifti2.h of the NIfTI data format working group):
// each header field is carried over to the matching NIfTI-1 field (nifti1.h) and the
// voxel data is copied after a 352-byte NIfTI-1 header, so that the one NIfTI-1 reader
// (ITK's, with its orientation conventions) reads both versions the same way. Extensions
// are dropped (they hold no geometry). A file whose sizes do not fit NIfTI-1 (a dimension
// above 32767, or geometry outside float range) is refused with the field named.

export const NIFTI2_HEADER = 540

export interface Nifti2Header {
  littleEndian: boolean
  datatype: number
  bitpix: number
  dim: number[]
  pixdim: number[]
  voxOffset: number
  sclSlope: number
  sclInter: number
  calMax: number
  calMin: number
  sliceDuration: number
  toffset: number
  sliceStart: number
  sliceEnd: number
  descrip: Uint8Array
  auxFile: Uint8Array
  qformCode: number
  sformCode: number
  quatern: [number, number, number]
  qoffset: [number, number, number]
  srow: number[]
  sliceCode: number
  xyztUnits: number
  intentCode: number
  intentP: [number, number, number]
  intentName: Uint8Array
  dimInfo: number
}

/** True when the bytes start with a NIfTI-2 header (sizeof_hdr 540, either byte order). */
export function isNifti2(b: Uint8Array): boolean {
  if (b.length < 4) return false
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  return dv.getInt32(0, true) === NIFTI2_HEADER || dv.getInt32(0, false) === NIFTI2_HEADER
}

/** Parse a NIfTI-2 header; throws an Error naming the field when it is malformed. */
export function readNifti2Header(b: Uint8Array): Nifti2Header {
  if (b.length < NIFTI2_HEADER) throw new Error(`only ${b.length} bytes, shorter than a NIfTI-2 header (540); the file is truncated`)
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const le = dv.getInt32(0, true) === NIFTI2_HEADER
  const magic = String.fromCharCode(...b.subarray(4, 8))
  if (magic !== 'n+2\0' && magic !== 'ni2\0') throw new Error(`NIfTI-2 magic is "${magic.replace(/[^\x20-\x7e]/g, '?')}" instead of "n+2"; the header is corrupt — re-export the image`)
  if (magic === 'ni2\0') throw new Error('is a NIfTI-2 header whose voxels are in a separate .img file; give a single-file .nii (magic "n+2")')
  const i64 = (o: number) => Number(dv.getBigInt64(o, le))
  const f64 = (o: number) => dv.getFloat64(o, le)
  return {
    littleEndian: le,
    datatype: dv.getInt16(12, le),
    bitpix: dv.getInt16(14, le),
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    intentP: [f64(80), f64(88), f64(96)],
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    calMax: f64(192),
    calMin: f64(200),
    sliceDuration: f64(208),
    toffset: f64(216),
    sliceStart: i64(224),
    sliceEnd: i64(232),
    descrip: b.slice(240, 320),
    auxFile: b.slice(320, 344),
    qformCode: dv.getInt32(344, le),
    sformCode: dv.getInt32(348, le),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: Array.from({ length: 12 }, (_, i) => f64(400 + 8 * i)),
    sliceCode: dv.getInt32(496, le),
    xyztUnits: dv.getInt32(500, le),
    intentCode: dv.getInt32(504, le),
    intentName: b.slice(508, 524),
    dimInfo: b[524],
  }
}

const F32_MAX = 3.4028234663852886e38

/**
 * The same image as a single-file NIfTI-1 (same byte order, same voxel bytes).
 * Throws an Error naming the NIfTI-2 field that NIfTI-1 cannot hold. `length` is the whole
 * file's size when `b` holds only its start (a header check: voxels not copied).
 */
export function nifti2ToNifti1(b: Uint8Array, length = b.length): Uint8Array {
  const h = readNifti2Header(b)
  const le = h.littleEndian
  const ndim = h.dim[0]
  if (ndim < 1 || ndim > 7) throw new Error(`dim[0] (number of dimensions) is ${ndim}, not 1–7; the header is corrupt — re-export the image`)
  for (let i = 1; i <= ndim; i++) {
    if (h.dim[i] < 1) throw new Error(`dim[${i}] is ${h.dim[i]}; every size must be ≥ 1 — the header is corrupt, re-export the image`)
    if (h.dim[i] > 32767) throw new Error(`dim[${i}] is ${h.dim[i]}, more than this reader handles (32767 per axis); crop or split the image`)
  }
  if (!Number.isSafeInteger(h.voxOffset) || h.voxOffset < NIFTI2_HEADER + 4) throw new Error(`vox_offset is ${h.voxOffset}; a single-file NIfTI-2 stores its voxels at 544 bytes or later — fix the header or re-export the image`)
  const n = h.dim.slice(1, ndim + 1).reduce((a, d) => a * d, 1)
  const bytes = n * Math.max(1, h.bitpix / 8)
  if (length < h.voxOffset + bytes) throw new Error(`header declares ${h.dim.slice(1, ndim + 1).join('×')} voxels (${h.voxOffset + bytes} bytes with the header) but the file holds ${length} bytes; the file is truncated or its header dimensions are wrong — re-export it`)
  const out = new Uint8Array(352 + bytes)
  const dv = new DataView(out.buffer)
  const f32 = (o: number, x: number, field: string) => {
    if (Number.isFinite(x) && Math.abs(x) > F32_MAX) throw new Error(`${field} is ${x}, outside the range of a NIfTI-1 header; fix the header`)
    dv.setFloat32(o, x, le)
  }
  dv.setInt32(0, 348, le)
  out[39] = h.dimInfo
  for (let i = 0; i < 8; i++) dv.setInt16(40 + 2 * i, i <= ndim ? h.dim[i] : 1, le)
  h.intentP.forEach((x, i) => f32(56 + 4 * i, x, `intent_p${i + 1}`))
  dv.setInt16(68, h.intentCode, le)
  dv.setInt16(70, h.datatype, le)
  dv.setInt16(72, h.bitpix, le)
  dv.setInt16(74, Math.min(h.sliceStart, 32767), le)
  h.pixdim.forEach((x, i) => f32(76 + 4 * i, x, `pixdim[${i}]`))
  dv.setFloat32(108, 352, le)
  f32(112, h.sclSlope, 'scl_slope')
  f32(116, h.sclInter, 'scl_inter')
  dv.setInt16(120, Math.min(h.sliceEnd, 32767), le)
  out[122] = h.sliceCode
  out[123] = h.xyztUnits
  f32(124, h.calMax, 'cal_max')
  f32(128, h.calMin, 'cal_min')
  f32(132, h.sliceDuration, 'slice_duration')
  f32(136, h.toffset, 'toffset')
  out.set(h.descrip, 148)
  out.set(h.auxFile, 228)
  dv.setInt16(252, h.qformCode, le)
  dv.setInt16(254, h.sformCode, le)
  h.quatern.forEach((x, i) => f32(256 + 4 * i, x, ['quatern_b', 'quatern_c', 'quatern_d'][i]))
  h.qoffset.forEach((x, i) => f32(268 + 4 * i, x, ['qoffset_x', 'qoffset_y', 'qoffset_z'][i]))
  h.srow.forEach((x, i) => f32(280 + 4 * i, x, `srow_${'xyz'[Math.floor(i / 4)]}[${i % 4}]`))
  out.set(h.intentName, 328)
  out.set([0x6e, 0x2b, 0x31, 0], 344) // "n+1\0"; bytes 348–351: no extension
  out.set(b.subarray(h.voxOffset, h.voxOffset + bytes), 352)
  return out
}
