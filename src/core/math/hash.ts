// Content hashes: hex SHA-256 (FIPS 180-4, @noble/hashes, synchronous so it runs the same in a
// worker, in Node and on the main thread) and the stable JSON (sorted keys, typed arrays as arrays)
// that settings are hashed through, for the step cache and the report's checksums.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** Hex SHA-256 of text (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data))
}

/**
 * The same hex SHA-256 of bytes, by the platform's native digest (WebCrypto, in browsers, workers
 * and Node) when there is one — much faster on large volumes, and off the main thread's call stack —
 * else by sha256Hex.
 */
export async function sha256HexAsync(data: ArrayBufferView): Promise<string> {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const subtle = (globalThis as { crypto?: { subtle?: { digest(alg: string, data: Uint8Array): Promise<ArrayBuffer> } } }).crypto?.subtle
  if (!subtle) return sha256Hex(bytes)
  return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', bytes)))
}

/** Stable JSON (sorted object keys, undefined members dropped) for hashing settings. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return '[' + value.map(stableJson).join(',') + ']'
  if (ArrayBuffer.isView(value)) return '[' + Array.from(value as unknown as ArrayLike<number>).join(',') + ']'
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + stableJson(v)).join(',') + '}'
}

/** CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320), the checksum of gzip members (RFC 1952) and PNG chunks (ISO 15948 Annex D). */
const CRC32_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC32_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
