// A minimal PNG encoder (RGBA 8-bit, no interlace, filter 0 per scanline; zlib by fflate) for
// the report's raster figures (Grad-CAM cases), embedded as data: URLs, which the report's
// CSP allows (img-src data:). PNG: W3C/ISO 15948; CRC-32 as its Annex D.
import { zlibSync } from 'fflate'
import { bytesToBase64 } from '../../deep/wire.ts'
import { crc32 } from '../../math/hash.ts'

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const v = new DataView(out.buffer)
  v.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** PNG bytes of a width × height RGBA image (row-major, 4 bytes per pixel). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, width)
  v.setUint32(4, height)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const raw = new Uint8Array(height * (1 + 4 * width))
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * 4 * width, (y + 1) * 4 * width), y * (1 + 4 * width) + 1)
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))]
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** The PNG as a data: URL. */
export const pngDataUrl = (rgba: Uint8Array, width: number, height: number): string => `data:image/png;base64,${bytesToBase64(encodePng(rgba, width, height))}`
