// Pseudonymisation of exported results: each patient id is replaced by a stable pseudonym,
// "PSN-" + the first 10 hex digits of HMAC-SHA-256(secret, id) (RFC 2104 with WebCrypto, the
// same in Node and the browser). The secret stays with the user (a key file exported apart
// from the results); the same secret always gives the same pseudonyms, so exports made on
// different days can be joined, and the key's table maps them back.

export interface PseudonymKey {
  /** hex secret (32 random bytes) */
  secret: string
  /** patient id → pseudonym (filled as ids are pseudonymised) */
  pseudonyms: Record<string, string>
}

/** A new key with a random secret. */
export function newPseudonymKey(): PseudonymKey {
  const b = new Uint8Array(32)
  crypto.getRandomValues(b)
  return { secret: Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''), pseudonyms: {} }
}

/** The pseudonyms of `ids` under the key's secret (recorded in key.pseudonyms). */
export async function pseudonymise(key: PseudonymKey, ids: string[]): Promise<Map<string, string>> {
  const raw = new Uint8Array(key.secret.match(/../g)!.map((h) => parseInt(h, 16)))
  const k = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const out = new Map<string, string>()
  for (const id of ids) {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(id)))
    const p = 'PSN-' + Array.from(mac.subarray(0, 5), (x) => x.toString(16).padStart(2, '0')).join('')
    out.set(id, p)
    key.pseudonyms[id] = p
  }
  return out
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Replace every occurrence of an id in a text (CSV, JSON, HTML) by its pseudonym; an id is
 * not replaced inside a longer alphanumeric run (P1 does not touch P10 or SP1).
 */
export function replaceIds(text: string, map: Map<string, string>): string {
  if (map.size === 0) return text
  const ids = [...map.keys()].sort((a, b) => b.length - a.length).map(escapeRe)
  // not inside a longer alphanumeric token; separators around it (_ / . -) are fine, so file
  // names such as STS_001_t1.nii.gz are pseudonymised too
  const re = new RegExp(`(?<![A-Za-z0-9])(${ids.join('|')})(?![A-Za-z0-9])`, 'g')
  return text.replace(re, (m) => map.get(m) ?? m)
}

/**
 * The same replacement through a structured value (a project snapshot, a result record):
 * every string and every object key; typed arrays, Blobs and numbers are kept as they are.
 */
export function replaceIdsDeep<T>(value: T, map: Map<string, string>): T {
  if (map.size === 0) return value
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return replaceIds(v, map)
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer || (typeof Blob !== 'undefined' && v instanceof Blob)) return v
    if (Array.isArray(v)) return v.map(walk)
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [walk(k), walk(x)]))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [replaceIds(k, map), walk(x)]))
  }
  return walk(value) as T
}
