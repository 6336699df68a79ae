// A DICOM data set read with dicom-parser (pure JavaScript, the same code in Node and in
// the browser): Part 10 files (preamble + "DICM" + file meta group), a meta group without
// the preamble, and raw data sets without a meta group, read as implicit VR little endian
// (PS3.5 §A.1, the default transfer syntax) or explicit when a VR follows the first tag. Values are returned trimmed; multi-valued strings split on "\"
// (PS3.5 §6.4). Tags are written "gggg,eeee" in hexadecimal.

import * as dicomParserNs from 'dicom-parser'
import type { DataSet } from 'dicom-parser'

// dicom-parser is a UMD bundle: Node's ESM loader exposes it as the default export,
// bundlers as named exports
const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs

export type { DataSet }

const IMPLICIT_LE = '1.2.840.10008.1.2'
const EXPLICIT_LE = '1.2.840.10008.1.2.1'

/** The value representations of PS3.5 §6.2 (two upper-case letters after a tag mean explicit VR). */
const VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '))

function isVr(a: number, b: number): boolean {
  return VRS.has(String.fromCharCode(a, b))
}

/** dicom-parser's key of tag "gggg,eeee". */
function key(tag: string): string {
  return 'x' + tag.replace(',', '').toLowerCase()
}

/**
 * Parse a DICOM file. Throws Error (not InputError: the caller names the file) when the
 * bytes are not DICOM.
 * @param bytes - the whole file
 * @param untilTag - stop before this tag (e.g. "7fe0,0010" to skip the pixel data)
 */
export function parseDataset(bytes: Uint8Array, untilTag?: string): DataSet {
  const opts = untilTag ? { untilTag: key(untilTag) } : {}
  try {
    return dicomParser.parseDicom(bytes, opts)
  } catch (e) {
    const text = typeof e === 'string' ? e : (e as Error)?.message ?? String(e)
    if (!/DICM prefix not found/.test(text)) throw new Error(errorText(e))
    // a meta group without the 128-byte preamble and "DICM" (some writers): give it both
    if (bytes.length > 8 && bytes[0] === 0x02 && bytes[1] === 0x00 && isVr(bytes[4], bytes[5])) {
      const full = new Uint8Array(132 + bytes.length)
      full.set([0x44, 0x49, 0x43, 0x4d], 128)
      full.set(bytes, 132)
      try {
        return dicomParser.parseDicom(full, opts)
      } catch (e2) {
        throw new Error(errorText(e2))
      }
    }
    // a raw data set (no preamble / meta group): only plausible if it starts with a group-0008 tag;
    // implicit VR little endian (the default), or explicit when a VR follows the first tag
    if (bytes.length < 8 || bytes[0] !== 0x08 || bytes[1] !== 0x00) throw new Error('not a DICOM file (no "DICM" marker and no data set at the start)')
    try {
      return dicomParser.parseDicom(bytes, { ...opts, TransferSyntaxUID: isVr(bytes[4], bytes[5]) ? EXPLICIT_LE : IMPLICIT_LE })
    } catch (e2) {
      throw new Error(errorText(e2))
    }
  }
}

function errorText(e: unknown): string {
  if (typeof e === 'string') return e
  if (e && typeof e === 'object' && 'exception' in e) return String((e as { exception: unknown }).exception)
  return (e as Error)?.message ?? String(e)
}

/** True when the bytes start with a Part 10 preamble: 128 bytes, then "DICM". */
export function hasPart10Marker(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
}

/** True when the bytes look like a DICOM file (Part 10 marker, or a raw group-0008 data set). */
export function looksLikeDicom(bytes: Uint8Array): boolean {
  if (hasPart10Marker(bytes)) return true
  if (bytes.length > 8 && bytes[0] === 0x02 && bytes[1] === 0x00 && bytes[3] === 0x00 && isVr(bytes[4], bytes[5])) return true // meta group, no preamble
  return bytes.length > 8 && bytes[0] === 0x08 && bytes[1] === 0x00 && bytes[3] === 0x00
}

/** The string value of a tag (all values, "\"-joined, trimmed), or undefined when absent/empty. */
export function str(ds: DataSet, tag: string): string | undefined {
  const el = ds.elements[key(tag)]
  if (!el || el.length === 0) return undefined
  const s = ds.string(key(tag))
  if (s === undefined) return undefined
  // dicom-parser's string() returns only the first value of a multi-valued element
  // when called with an index; without one it returns the raw text, trimmed
  const t = s.replace(/\0+$/, '').trim()
  return t === '' ? undefined : t
}

/** The numeric values of a DS/IS string tag ("\"-separated), or undefined when absent or not numbers. */
export function nums(ds: DataSet, tag: string): number[] | undefined {
  const s = str(ds, tag)
  if (s === undefined) return undefined
  const v = s.split('\\').map((x) => Number(x.trim()))
  return v.some((x) => !Number.isFinite(x)) ? undefined : v
}

/** The first numeric value of a DS/IS tag, or undefined. */
export function num(ds: DataSet, tag: string): number | undefined {
  return nums(ds, tag)?.[0]
}

/** An unsigned 16-bit value (US) of a tag, or undefined. */
export function us(ds: DataSet, tag: string): number | undefined {
  const el = ds.elements[key(tag)]
  if (!el || el.length < 2) return undefined
  return ds.uint16(key(tag))
}

/** The items of a sequence (SQ) tag; an empty list when absent. */
export function items(ds: DataSet, tag: string): DataSet[] {
  const el = ds.elements[key(tag)]
  return (el?.items ?? []).map((it) => it.dataSet).filter((d): d is DataSet => !!d)
}

/** The raw bytes of a tag's value (e.g. pixel data), or undefined. */
export function bytesOf(ds: DataSet, tag: string): Uint8Array | undefined {
  const el = ds.elements[key(tag)]
  if (!el) return undefined
  return new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length)
}

/** The transfer syntax UID of a parsed file (implicit VR little endian when it has no meta group). */
export function transferSyntax(ds: DataSet): string {
  return str(ds, '0002,0010') ?? IMPLICIT_LE
}

export const SOP_CLASS = {
  rtstruct: '1.2.840.10008.5.1.4.1.1.481.3',
  seg: '1.2.840.10008.5.1.4.1.1.66.4',
} as const
