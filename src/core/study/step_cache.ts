// Step results cached by a content key: the SHA-256 of the step's name, its settings
// and the keys of its inputs. Changing a setting changes that step's key and, through
// the input keys, every step downstream of it — and nothing else — so a re-run only
// recomputes what the change invalidates. Storage is pluggable (memory, IndexedDB, disk).

import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

export interface CacheStore {
  get(key: string): Promise<unknown | undefined>
  set(key: string, value: unknown): Promise<void>
}

/** In-memory store (the default; the UI persists to IndexedDB, the CLI to a folder). */
export function memoryStore(): CacheStore {
  const m = new Map<string, unknown>()
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v) }
}

/** Stable JSON (sorted object keys) for hashing settings. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return '[' + value.map(stableJson).join(',') + ']'
  if (ArrayBuffer.isView(value)) return '[' + Array.from(value as unknown as ArrayLike<number>).join(',') + ']'
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + stableJson(v)).join(',') + '}'
}

/** Hex SHA-256 of text or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data))
}

/** The cache key of a step. */
export function stepKey(step: string, settings: unknown, inputKeys: string[]): string {
  return sha256Hex(stableJson({ step, settings, inputs: inputKeys }))
}

export interface StepRun<T> {
  key: string
  value: T
  /** true when the value came from the cache */
  cached: boolean
}

/** Run `compute` unless a value for this step's key is stored. */
export async function cachedStep<T>(store: CacheStore, step: string, settings: unknown, inputKeys: string[], compute: () => Promise<T> | T): Promise<StepRun<T>> {
  const key = stepKey(step, settings, inputKeys)
  const hit = await store.get(key)
  if (hit !== undefined) return { key, value: hit as T, cached: true }
  const value = await compute()
  await store.set(key, value)
  return { key, value, cached: false }
}
