// Step results cached by a content key: the SHA-256 of the step's name, its settings
// and the keys of its inputs. Changing a setting changes that step's key and, through
// the input keys, every step downstream of it — and nothing else — so a re-run only
// recomputes what the change invalidates. Storage is pluggable (memory, IndexedDB, disk).

import { sha256Hex, stableJson } from '../math/hash.ts'

export interface CacheStore {
  get(key: string): Promise<unknown | undefined>
  set(key: string, value: unknown): Promise<void>
}

/** In-memory store (the default; the UI persists to IndexedDB, the CLI to a folder). */
export function memoryStore(): CacheStore {
  const m = new Map<string, unknown>()
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v) }
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
