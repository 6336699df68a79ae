// Typed arrays as base64 text, to cross a page boundary (the CLI's headless Chromium)
// as plain JSON: Playwright serialises arguments and results as JSON-like values.
export function bytesToBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

export function f32ToBase64(a: Float32Array): string {
  return bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
}

export function base64ToF32(b64: string): Float32Array {
  const b = base64ToBytes(b64)
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4)
}

const F32 = '__f32__', U8 = '__u8__'

/** JSON-safe copy: Float32Array / Uint8Array → tagged base64 strings (recursively). */
export function pack(v: unknown): unknown {
  if (v instanceof Float32Array) return { [F32]: f32ToBase64(v) }
  if (v instanceof Uint8Array) return { [U8]: bytesToBase64(v) }
  if (Array.isArray(v)) return v.map(pack)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]))
  return v
}

/** Inverse of pack. */
export function unpack(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unpack)
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o[F32] === 'string') return base64ToF32(o[F32] as string)
    if (typeof o[U8] === 'string') return base64ToBytes(o[U8] as string)
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unpack(x)]))
  }
  return v
}
