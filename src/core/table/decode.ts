// Text of a table file's bytes, whatever the spreadsheet or LIMS wrote: gzip (a truncated
// stream is an error naming the file), UTF-8 with or without a BOM, UTF-16 LE/BE with a
// BOM (Excel's "Unicode text") or without one (recognised by its NUL bytes), and, when the
// bytes are not valid UTF-8, Windows-1252/Latin-1 with a warning — never a silent U+FFFD.
// Binary files (Excel workbooks, zip, images) are refused with what to export instead.
// Encodings per the WHATWG Encoding Standard (TextDecoder labels).

import { gunzipSync } from 'fflate'
import { InputError } from '../errors.ts'
import { inputWarning } from '../validate/warnings.ts'

export interface DecodedText {
  text: string
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
  gzip: boolean
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b

/** Gunzip with an error naming the file when the stream is truncated or corrupt. */
export function gunzipNamed(bytes: Uint8Array, name: string): Uint8Array {
  try {
    return gunzipSync(bytes)
  } catch (e) {
    throw new InputError(`the gzip stream is truncated or corrupt (${(e as Error).message}); copy or download the file again`, name)
  }
}

function binaryKind(b: Uint8Array): string | null {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'a zip archive (an Excel .xlsx workbook is one); export the sheet as CSV (UTF-8)'
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'an old Excel .xls workbook; export the sheet as CSV (UTF-8)'
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'a PDF; export the table as CSV'
  return null
}

/** UTF-16 without a BOM: about half of the bytes NUL, all at even (BE) or odd (LE) offsets. */
function utf16WithoutBom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length - (b.length % 2), 4096)
  if (n < 4) return null
  let evenNul = 0, oddNul = 0
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++
    if (b[i + 1] === 0) oddNul++
  }
  const half = n / 2
  if (oddNul > 0.4 * half && evenNul < 0.05 * half) return 'utf-16le'
  if (evenNul > 0.4 * half && oddNul < 0.05 * half) return 'utf-16be'
  return null
}

/** 1-based line of byte offset `at`. */
function lineOf(b: Uint8Array, at: number): number {
  let line = 1
  for (let i = 0; i < at && i < b.length; i++) if (b[i] === 0x0a) line++
  return line
}

/** Decode a text file's bytes (see the header); warnings go to the input-warning sink. */
export function decodeTextFile(input: Uint8Array, name = 'file'): DecodedText {
  const gzip = isGzip(input)
  const b = gzip ? gunzipNamed(input, name) : input
  const bin = binaryKind(b)
  if (bin) throw new InputError(`is ${bin}`, name)
  if (b.length >= 4 && ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)))
    throw new InputError('is UTF-32 text; save it as UTF-8 (or UTF-16)', name)
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8', gzip }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le', gzip }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be', gzip }
  const u16 = utf16WithoutBom(b)
  if (u16) {
    inputWarning(`${name}: no byte-order mark but the text is ${u16.toUpperCase()}; read as ${u16.toUpperCase()}`)
    return { text: new TextDecoder(u16).decode(b), encoding: u16, gzip }
  }
  const nul = b.indexOf(0)
  if (nul >= 0) throw new InputError(`holds a NUL byte (line ${lineOf(b, nul)}), so it is not a text table; export it as CSV (UTF-8)`, name)
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8', gzip }
  } catch {
    // the first byte sequence that is not UTF-8, for the warning
    let bad = 0
    for (let i = 0; i < b.length; i++) {
      if (b[i] < 0x80) continue
      const len = b[i] >= 0xf0 ? 4 : b[i] >= 0xe0 ? 3 : b[i] >= 0xc0 ? 2 : 0
      let ok = len > 0 && i + len <= b.length
      for (let k = 1; ok && k < len; k++) ok = (b[i + k] & 0xc0) === 0x80
      if (!ok) { bad = i; break }
      i += len - 1
    }
    const text = new TextDecoder('windows-1252').decode(b)
    inputWarning(`${name}: not valid UTF-8 (first at line ${lineOf(b, bad)}); read as Latin-1 (Windows-1252) — check accented names, or save the file as UTF-8`)
    return { text, encoding: 'windows-1252', gzip }
  }
}

/** Just the text (see decodeTextFile). */
export function decodeText(input: Uint8Array, name = 'file'): string {
  return decodeTextFile(input, name).text
}
