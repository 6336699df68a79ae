// Checks an image file's bytes before ITK reads it, for the faults ITK lets through
// silently: a NIfTI or raw NRRD whose data is shorter than its header declares (ITK
// zero-fills), a wrong NIfTI magic (ITK falls back to deprecated Analyze), and NaN/Inf
// voxels (which ITK's NIfTI path turns into numbers). Headers per nifti1.h and the
// NRRD0004 specification. Returns the problems as messages naming the file.

import { gunzipSync } from 'fflate'
import { spacingProblem } from '../validate/geometry.ts'
import { isNifti2, nifti2ToNifti1 } from './nifti2.ts'
import { crc32 } from '../math/hash.ts'

export interface PreflightResult {
  /** fatal problems: the file must not be used */
  errors: string[]
  /** non-fatal: e.g. NaN/Inf voxels that will be excluded */
  warnings: string[]
  nonFinite: number
  /** the file is NIfTI-2 (540-byte header) */
  nifti2?: boolean
  /** a NIfTI-2 file as the equivalent NIfTI-1 file (nifti2.ts), which the readers read instead */
  nifti1?: Uint8Array
  /** NIfTI-1: the file size its header declares (vox_offset + voxels) */
  declaredBytes?: number
  /** voxel indices (x fastest) and values of the NaN/Inf voxels, which ITK's reader zeroes */
  nonFiniteVoxels?: { index: Int32Array; value: Float64Array }
}

const BYTES: Record<number, number> = { 2: 1, 4: 2, 8: 4, 16: 4, 64: 8, 256: 1, 512: 2, 768: 4, 1024: 8, 1280: 8 }

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b
}

/**
 * Preflight from the start of the (decompressed) file only, for checking a whole cohort in
 * seconds before any image is read: `head` holds at least the header, `length` is the
 * whole decompressed size. Every header check runs; the voxel scan (NaN/Inf) does not.
 */
export function preflightImageHeader(name: string, head: Uint8Array, length: number): PreflightResult {
  const res: PreflightResult = { errors: [], warnings: [], nonFinite: 0 }
  const lower = name.toLowerCase()
  if (/\.nii(\.gz)?$/.test(lower) && isNifti2(head)) {
    res.nifti2 = true
    try {
      const n1 = nifti2ToNifti1(head, length)
      preflightNifti(name, n1.subarray(0, 352), res, n1.length)
    } catch (e) {
      res.errors.push(`${name}: NIfTI-2 header: ${(e as Error).message}`)
    }
  } else if (/\.nii(\.gz)?$/.test(lower)) preflightNifti(name, head, res, length)
  return res
}

/** Preflight a NIfTI-1/2 or NRRD file; other formats pass through with no findings. */
export function preflightImage(name: string, bytes: Uint8Array): PreflightResult {
  const res: PreflightResult = { errors: [], warnings: [], nonFinite: 0 }
  const lower = name.toLowerCase()
  let b = bytes
  if (isGzip(bytes)) {
    if (!/\.gz$/.test(lower)) {
      res.errors.push(`${name}: the file is gzip-compressed but its name does not end in .gz; rename it to ${name.replace(/^.*[\\/]/, '')}.gz (or decompress it)`)
      return res
    }
    try {
      b = gunzipSync(bytes)
    } catch {
      res.errors.push(`${name}: the gzip stream is truncated or corrupt; copy the file again from its source`)
      return res
    }
    const bad = gzipTrailerProblem(bytes, b)
    if (bad) {
      res.errors.push(`${name}: ${bad}; the file is corrupt — copy it again from its source`)
      return res
    }
  }
  if (/\.nii(\.gz)?$/.test(lower) && isNifti2(b)) {
    res.nifti2 = true
    try {
      res.nifti1 = nifti2ToNifti1(b)
    } catch (e) {
      res.errors.push(`${name}: NIfTI-2 header: ${(e as Error).message}`)
      return res
    }
    preflightNifti(name, res.nifti1, res)
  } else if (/\.nii(\.gz)?$/.test(lower)) preflightNifti(name, b, res)
  else if (/\.nrrd$/.test(lower)) preflightNrrd(name, b, res)
  else if (/\.(mha|mhd)$/.test(lower)) preflightMeta(name, b, res)
  return res
}

/**
 * The gzip trailer (CRC-32 and size of the data, RFC 1952) against the decompressed bytes:
 * fflate does not check it, so a flipped byte in the stream would pass. Only for a single
 * member (a multi-member file's last trailer covers its last member only).
 */
function gzipTrailerProblem(gz: Uint8Array, data: Uint8Array): string | null {
  if (gz.length < 18) return 'the gzip stream is truncated'
  const dv = new DataView(gz.buffer, gz.byteOffset, gz.byteLength)
  const size = dv.getUint32(gz.length - 4, true)
  if (size !== data.length % 2 ** 32) return null // several members, or trailing bytes: left to the reader
  const crc = dv.getUint32(gz.length - 8, true)
  return crc === crc32(data) ? null : 'the gzip checksum (CRC-32) does not match the data'
}

function preflightNifti(name: string, b: Uint8Array, res: PreflightResult, length = b.length): void {
  if (length < 348 || b.length < 348) {
    res.errors.push(`${name}: only ${length} bytes, shorter than a NIfTI header (348); the file is truncated`)
    return
  }
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let le = true
  let sizeof = dv.getInt32(0, true)
  if (sizeof !== 348) {
    le = false
    sizeof = dv.getInt32(0, false)
  }
  if (sizeof !== 348) {
    res.errors.push(`${name}: header size field is ${dv.getInt32(0, true)}, not 348; this is not a NIfTI file`)
    return
  }
  const magic = String.fromCharCode(b[344], b[345], b[346])
  if (magic !== 'n+1' && magic !== 'ni1') {
    res.errors.push(`${name}: NIfTI magic is "${magic.replace(/[^\x20-\x7e]/g, '?')}" instead of "n+1"; the header is corrupt or this is an old Analyze file — re-export it as NIfTI`)
    return
  }
  if (magic === 'ni1') return // header/data pair (.hdr/.img): data not in this file
  const ndim = dv.getInt16(40, le)
  if (ndim < 1 || ndim > 7) {
    res.errors.push(`${name}: dim[0] (number of dimensions) is ${ndim}, not 1–7; the header is corrupt — re-export the image`)
    return
  }
  const dims: number[] = []
  for (let i = 1; i <= ndim; i++) {
    const d = dv.getInt16(40 + 2 * i, le)
    if (d < 1) {
      res.errors.push(`${name}: dim[${i}] is ${d}; every size must be ≥ 1 — the header is corrupt, re-export the image`)
      return
    }
    dims.push(d)
  }
  // header fields ITK would silently replace (NaN/0 spacing → 1 mm) or use as garbage
  for (let i = 1; i <= Math.min(3, ndim); i++) {
    const p = spacingProblem(dv.getFloat32(76 + 4 * i, le), i - 1, `pixdim[${i}]`)
    if (p) {
      res.errors.push(`${name}: ${p}`)
      return
    }
  }
  const voxOffset = dv.getFloat32(108, le)
  if (!Number.isFinite(voxOffset) || voxOffset < 352 || voxOffset !== Math.floor(voxOffset)) {
    res.errors.push(`${name}: vox_offset is ${voxOffset}; it must be a whole number ≥ 352 (where the voxel data starts) — fix the header or re-export the image`)
    return
  }
  const slope = dv.getFloat32(112, le), inter = dv.getFloat32(116, le)
  if (!Number.isFinite(slope) || (slope !== 0 && !Number.isFinite(inter))) {
    res.errors.push(`${name}: scl_slope/scl_inter are ${slope}/${inter}; the intensity scaling must be finite (slope 0 = none) — fix the header`)
    return
  }
  const qform = dv.getInt16(252, le), sform = dv.getInt16(254, le)
  const finiteRange = (from: number, n: number) => Array.from({ length: n }, (_, k) => dv.getFloat32(from + 4 * k, le)).every(Number.isFinite)
  if (qform > 0 && !(finiteRange(256, 6) && Number.isFinite(dv.getFloat32(76, le)))) {
    res.errors.push(`${name}: the qform (quatern_b/c/d, qoffset_x/y/z, pixdim[0]) holds NaN/Inf; fix the orientation header`)
    return
  }
  if (sform > 0 && !finiteRange(280, 12)) {
    res.errors.push(`${name}: the sform (srow_x/y/z) holds NaN/Inf; fix the orientation header`)
    return
  }
  const datatype = dv.getInt16(70, le)
  const UNSCALAR: Record<number, string> = { 32: 'complex', 1792: 'complex', 2048: 'complex', 128: 'RGB colour', 2304: 'RGBA colour', 1536: '128-bit floating point' }
  if (UNSCALAR[datatype]) {
    res.errors.push(`${name}: voxels are ${UNSCALAR[datatype]} (datatype ${datatype}); a scalar grey-level image of a standard type is needed — convert it (e.g. to float32)`)
    return
  }
  const bytesPer = BYTES[datatype]
  const offset = voxOffset
  if (!bytesPer) {
    res.errors.push(`${name}: datatype ${datatype} is not a NIfTI voxel type (uint8, int16, int32, float32, float64, int8, uint16, uint32, int64, uint64); the header is corrupt — re-export the image`)
    return
  }
  const n = dims.reduce((a, d) => a * d, 1)
  const need = offset + n * bytesPer
  res.declaredBytes = need
  if (length < need) {
    res.errors.push(`${name}: header declares ${dims.join('×')} voxels (${need} bytes with the header) but the file holds ${length} bytes; the file is truncated or its header dimensions are wrong — re-export it`)
    return
  }
  if ((datatype === 16 || datatype === 64) && b.length >= need) {
    const found = datatype === 16 ? nonFinite32(b, offset, n, le) : nonFinite64(b, offset, n, le)
    const count = found.index.length
    if (count > 0) {
      res.nonFinite = count
      res.nonFiniteVoxels = found
      res.warnings.push(`${name}: ${count} NaN/Inf voxel(s); they are excluded from the region of interest`)
    }
  }
}

function collect(n: number, read: (i: number) => number): { index: Int32Array; value: Float64Array } {
  const index: number[] = [], value: number[] = []
  for (let i = 0; i < n; i++) {
    const x = read(i)
    if (!Number.isFinite(x)) {
      index.push(i)
      value.push(x)
    }
  }
  return { index: Int32Array.from(index), value: Float64Array.from(value) }
}
function nonFinite32(b: Uint8Array, offset: number, n: number, le: boolean) {
  const dv = new DataView(b.buffer, b.byteOffset + offset, n * 4)
  return collect(n, (i) => dv.getFloat32(4 * i, le))
}
function nonFinite64(b: Uint8Array, offset: number, n: number, le: boolean) {
  const dv = new DataView(b.buffer, b.byteOffset + offset, n * 8)
  return collect(n, (i) => dv.getFloat64(8 * i, le))
}

/** Put the NaN/Inf voxels found by preflight back into a float volume's data. */
export function restoreNonFinite(data: ArrayLike<number> & { [i: number]: number }, found: PreflightResult['nonFiniteVoxels']): void {
  if (!found || !(data instanceof Float32Array || data instanceof Float64Array)) return
  for (let i = 0; i < found.index.length; i++) if (found.index[i] < data.length) data[found.index[i]] = found.value[i]
}

const NRRD_BYTES: Record<string, number> = { float: 4, double: 8, short: 2, int16: 2, 'signed short': 2, ushort: 2, uint16: 2, 'unsigned short': 2, int: 4, int32: 4, uint: 4, uint32: 4, uchar: 1, uint8: 1, 'unsigned char': 1, char: 1, int8: 1, 'signed char': 1 }

function preflightNrrd(name: string, b: Uint8Array, res: PreflightResult): void {
  const head = new TextDecoder().decode(b.subarray(0, Math.min(b.length, 4096)))
  if (!head.startsWith('NRRD')) {
    res.errors.push(`${name}: does not start with "NRRD"; this is not a NRRD file`)
    return
  }
  const end = head.indexOf('\n\n')
  if (end < 0) return
  const fields = new Map<string, string>()
  for (const line of head.slice(0, end).split('\n').slice(1)) {
    const m = /^([^:#]+):=?\s*(.*)$/.exec(line)
    if (m) fields.set(m[1].trim().toLowerCase(), m[2].trim())
  }
  const problem = nrrdGeometryProblem(fields)
  if (problem) {
    res.errors.push(`${name}: ${problem}`)
    return
  }
  if (fields.has('data file') || fields.has('datafile')) return
  const encoding = fields.get('encoding') ?? 'raw'
  const sizes = (fields.get('sizes') ?? '').split(/\s+/).map(Number).filter((x) => x > 0)
  const per = NRRD_BYTES[(fields.get('type') ?? '').toLowerCase()]
  const data = b.subarray(end + 2)
  let raw: Uint8Array | undefined
  if (encoding === 'raw') raw = data
  else if (encoding === 'gzip' || encoding === 'gz') {
    try {
      raw = gunzipSync(data)
    } catch {
      res.errors.push(`${name}: the gzip-encoded voxel data is truncated or corrupt; copy the file again`)
      return
    }
  }
  if (raw && per && sizes.length) {
    const need = sizes.reduce((a, d) => a * d, 1) * per
    if (raw.length < need) res.errors.push(`${name}: header declares sizes ${sizes.join(' ')} (${need} bytes of ${fields.get('type')}) but the data holds ${raw.length} bytes; the file is truncated — re-export it`)
  }
}

/** NRRD number: the spec writes NaN as "nan" / "NaN" (unknown), which ITK then reads as 1 mm. */
function nrrdNumber(t: string): number {
  return /^[-+]?(nan|inf(inity)?)$/i.test(t) ? (/nan/i.test(t) ? NaN : t.startsWith('-') ? -Infinity : Infinity) : Number(t)
}

/** The header's geometry (NRRD0004): sizes, spacings, space directions and origin finite and plausible. */
function nrrdGeometryProblem(fields: Map<string, string>): string | null {
  const sizes = (fields.get('sizes') ?? '').split(/\s+/).filter(Boolean)
  for (let i = 0; i < sizes.length; i++)
    if (!/^\d+$/.test(sizes[i]) || Number(sizes[i]) < 1) return `sizes[${i}] is "${sizes[i]}"; every size must be a whole number ≥ 1 — the header is corrupt, re-export the image`
  const spacings = fields.get('spacings')
  if (spacings !== undefined) {
    const v = spacings.split(/\s+/).filter(Boolean)
    for (let i = 0; i < Math.min(3, v.length); i++) {
      const p = spacingProblem(nrrdNumber(v[i]), i, `spacings[${i}]`)
      if (p) return p
    }
  }
  const dirs = fields.get('space directions')
  if (dirs !== undefined) {
    const vectors = dirs.match(/\([^)]*\)|none/gi) ?? []
    let axis = 0
    for (const vec of vectors) {
      if (/^none$/i.test(vec)) continue
      const comp = vec.slice(1, -1).split(',').map((x) => nrrdNumber(x.trim()))
      if (comp.some((x) => !Number.isFinite(x))) return `space directions vector ${axis} is ${vec}; it must hold finite numbers — fix the header's orientation`
      const p = spacingProblem(Math.hypot(...comp), axis, `the length of space directions vector ${axis}`)
      if (p) return p
      axis++
    }
  }
  const origin = fields.get('space origin')
  if (origin !== undefined) {
    const comp = origin.replace(/[()]/g, '').split(',').map((x) => nrrdNumber(x.trim()))
    if (comp.some((x) => !Number.isFinite(x))) return `space origin is ${origin}; it must hold finite numbers — fix the header's position`
  }
  return null
}

const META_BYTES: Record<string, number> = { MET_UCHAR: 1, MET_CHAR: 1, MET_USHORT: 2, MET_SHORT: 2, MET_UINT: 4, MET_INT: 4, MET_ULONG: 4, MET_LONG: 4, MET_ULONG_LONG: 8, MET_LONG_LONG: 8, MET_FLOAT: 4, MET_DOUBLE: 8 }

/** MetaImage (.mha with LOCAL data, or .mhd): geometry fields finite and plausible, uncompressed LOCAL data as long as declared. */
function preflightMeta(name: string, b: Uint8Array, res: PreflightResult): void {
  const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 8192)))
  const fields = new Map<string, string>()
  let dataStart = -1
  let at = 0
  for (const line of head.split('\n')) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line)
    at += line.length + 1
    if (!m) continue
    fields.set(m[1].toLowerCase(), m[2])
    if (m[1].toLowerCase() === 'elementdatafile') {
      dataStart = at
      break
    }
  }
  const nums = (k: string) => (fields.get(k) ?? '').split(/\s+/).filter(Boolean).map((t) => nrrdNumber(t))
  const dims = nums('dimsize')
  for (let i = 0; i < dims.length; i++)
    if (!Number.isInteger(dims[i]) || dims[i] < 1) {
      res.errors.push(`${name}: DimSize[${i}] is ${dims[i]}; every size must be a whole number ≥ 1 — the header is corrupt, re-export the image`)
      return
    }
  for (const key of ['elementspacing', 'elementsize']) {
    const v = nums(key)
    for (let i = 0; i < Math.min(3, v.length); i++) {
      const p = spacingProblem(v[i], i, `${key === 'elementspacing' ? 'ElementSpacing' : 'ElementSize'}[${i}]`)
      if (p) {
        res.errors.push(`${name}: ${p}`)
        return
      }
    }
  }
  for (const key of ['offset', 'position', 'origin', 'transformmatrix', 'rotation', 'orientation'])
    if (fields.has(key) && nums(key).some((x) => !Number.isFinite(x))) {
      res.errors.push(`${name}: the header field ${key} is "${fields.get(key)}"; it must hold finite numbers — fix the header`)
      return
    }
  const per = META_BYTES[(fields.get('elementtype') ?? '').toUpperCase()]
  const channels = Number(fields.get('elementnumberofchannels') ?? '1')
  const compressed = /^true$/i.test(fields.get('compresseddata') ?? 'false')
  if (fields.get('elementdatafile') === 'LOCAL' && dataStart >= 0 && per && dims.length && !compressed) {
    const need = dims.reduce((a, d) => a * d, 1) * per * (channels > 0 ? channels : 1)
    const have = b.length - dataStart
    if (have < need) res.errors.push(`${name}: header declares DimSize ${dims.join(' ')} (${need} bytes of ${fields.get('elementtype')}) but the data holds ${have} bytes; the file is truncated — re-export it`)
  }
}
