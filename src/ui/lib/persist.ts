// The project kept on this machine: the app state (cohort with its tables and mapping,
// settings, every step's results) in the browser's IndexedDB, restored on reload; job
// checkpoints (one record per long job, updated as its items finish) so a job resumes where
// it stopped after a reload or crash; export / import of the whole project as one file;
// and "wipe local data" (IndexedDB, Cache Storage, OPFS). IndexedDB through workers/idb.ts.
// Nothing here talks to the network.

import { gunzipSync, gzipSync } from 'fflate'
import { closeDatabases, idbStore } from '../../../workers/idb.ts'
import type { ProjectResults } from './project.ts'

const DB = 'sarcoma-omics-lab'
const STORE = 'kv'
const PROJECT_KEY = 'project'
const CHECKPOINT = 'checkpoint:'

/** What is saved of the app state. */
export interface ProjectSnapshot {
  version: 1
  savedAt: string
  cohort: unknown
  results: ProjectResults
  page: string
  patientId?: string | null
  /** image sources whose bytes were not kept (too large): the folder must be chosen again */
  relink?: string[]
}

const kv = idbStore(DB, STORE)

export const kvGet = <T>(key: string): Promise<T | undefined> => kv.get<T>(key)
export const kvSet = (key: string, value: unknown): Promise<unknown> => kv.put(value, key)
export const kvDelete = (key: string): Promise<unknown> => kv.delete(key)

/** Total bytes of the Blobs inside a value (local images picked from disk). */
function blobBytes(v: unknown, seen = new Set<unknown>()): number {
  if (v instanceof Blob) return v.size
  if (!v || typeof v !== 'object' || ArrayBuffer.isView(v) || seen.has(v)) return 0
  seen.add(v)
  let n = 0
  for (const x of Object.values(v)) n += blobBytes(x, seen)
  return n
}

/** Replace every Blob by a marker; returns the names of what was dropped. */
function dropBlobs(v: unknown, dropped: string[], name = ''): unknown {
  if (v instanceof Blob) {
    dropped.push(name)
    return null
  }
  if (!v || typeof v !== 'object' || ArrayBuffer.isView(v)) return v
  if (Array.isArray(v)) return v.map((x) => dropBlobs(x, dropped, name))
  const out: Record<string, unknown> = {}
  const nm = typeof (v as { name?: unknown }).name === 'string' ? (v as { name: string }).name : name
  for (const [k, x] of Object.entries(v)) out[k] = dropBlobs(x, dropped, nm)
  return out
}

/** Images up to this size are copied into IndexedDB with the project; larger studies are re-linked. */
export const MAX_KEPT_IMAGE_BYTES = 512 * 1024 ** 2

/** Keep only the results that can be stored (structured-clonable); others are left out. */
function clonableResults(results: ProjectResults): ProjectResults {
  const clonable = (v: unknown): boolean => {
    try {
      structuredClone(v)
      return true
    } catch {
      // e.g. a result holding a function or a DOM object: recomputed rather than stored
      return false
    }
  }
  return Object.fromEntries(Object.entries(results).filter(([, v]) => clonable(v))) as ProjectResults
}

/** Build the snapshot of a (plain, already $state.snapshot-ed) app state. */
export function projectSnapshot(
  state: { cohort: unknown; results: ProjectResults; page: string; patientId?: string | null },
  maxImageBytes = MAX_KEPT_IMAGE_BYTES,
): ProjectSnapshot {
  let cohort = state.cohort
  let relink: string[] | undefined
  if (blobBytes(cohort) > maxImageBytes) {
    relink = []
    cohort = dropBlobs(cohort, relink)
  }
  return { version: 1, savedAt: new Date().toISOString(), cohort, results: clonableResults(state.results), page: state.page, patientId: state.patientId ?? null, ...(relink ? { relink: [...new Set(relink)] } : {}) }
}

const COHORT_KEY = 'project.cohort'

/**
 * Save the snapshot. The cohort (which may hold the imported images' bytes) is stored under its
 * own key and rewritten only when `cohortChanged`; results and settings are rewritten each time.
 */
export async function saveProject(snap: ProjectSnapshot, cohortChanged = true): Promise<void> {
  if (cohortChanged) await kvSet(COHORT_KEY, { cohort: snap.cohort, relink: snap.relink })
  await kvSet(PROJECT_KEY, { ...snap, cohort: undefined, relink: undefined })
}

export async function loadProject(): Promise<ProjectSnapshot | undefined> {
  const snap = await kvGet<ProjectSnapshot>(PROJECT_KEY)
  if (!snap) return undefined
  const c = await kvGet<{ cohort: unknown; relink?: string[] }>(COHORT_KEY)
  return { ...snap, cohort: c?.cohort ?? null, ...(c?.relink ? { relink: c.relink } : {}) }
}

// ---------------------------------------------------------------- job checkpoints

/** A long job's progress: the finished items' results, keyed by item id. */
export interface Checkpoint<T = unknown> {
  job: string
  /** identifies the input (cohort, parameters): a checkpoint for other inputs is ignored */
  inputKey: string
  total: number
  done: Record<string, T>
  startedAt: string
}

export const saveCheckpoint = (c: Checkpoint): Promise<unknown> => kvSet(CHECKPOINT + c.job, c)
export const loadCheckpoint = <T>(job: string): Promise<Checkpoint<T> | undefined> => kvGet<Checkpoint<T>>(CHECKPOINT + job)
export const clearCheckpoint = (job: string): Promise<unknown> => kvDelete(CHECKPOINT + job)

// ---------------------------------------------------------------- one-file export

// Typed arrays and Blobs survive JSON as tagged base64 records.
type Tagged = { __typed: string; b64: string } | { __blob: string; type: string; b64: string }

function toB64(u8: Uint8Array): string {
  let s = ''
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000))
  return btoa(s)
}
function fromB64(b64: string): Uint8Array {
  const s = atob(b64)
  const u8 = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i)
  return u8
}

const TYPED: Record<string, new (b: ArrayBuffer) => ArrayBufferView> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
}

async function encodeValue(v: unknown): Promise<unknown> {
  if (v instanceof Blob) return { __blob: (v as File).name ?? '', type: v.type, b64: toB64(new Uint8Array(await v.arrayBuffer())) } satisfies Tagged
  if (ArrayBuffer.isView(v)) return { __typed: v.constructor.name, b64: toB64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) } satisfies Tagged
  if (Array.isArray(v)) return Promise.all(v.map(encodeValue))
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = await encodeValue(x)
    return out
  }
  return typeof v === 'number' && !Number.isFinite(v) ? { __num: String(v) } : v
}

function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue)
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.__typed === 'string' && typeof o.b64 === 'string') {
      const Ctor = TYPED[o.__typed]
      if (!Ctor) throw new Error(`unknown array type ${o.__typed}`)
      return new Ctor(fromB64(o.b64).slice().buffer)
    }
    if (typeof o.__blob === 'string' && typeof o.b64 === 'string') return new File([fromB64(o.b64) as BlobPart], o.__blob, { type: String(o.type ?? '') })
    if (typeof o.__num === 'string' && Object.keys(o).length === 1) return Number(o.__num)
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x)
    return out
  }
  return v
}

const EXPORT_FORMAT = 'sarcoma-omics-lab project'

/** The whole project (images included when they were kept) as one gzipped JSON file. */
export async function exportProject(snap: ProjectSnapshot): Promise<Uint8Array> {
  const body = { format: EXPORT_FORMAT, ...(await encodeValue(snap) as object) }
  return gzipSync(new TextEncoder().encode(JSON.stringify(body)), { mtime: 0 })
}

/** Read a file made by exportProject; throws a message naming the file when it is not one. */
export function importProject(bytes: Uint8Array, name: string): ProjectSnapshot {
  let obj: Record<string, unknown>
  try {
    const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes
    obj = JSON.parse(new TextDecoder().decode(raw))
  } catch {
    throw new Error(`${name}: not a project file (expected the .solab.gz file made by "Export project"); choose another file`)
  }
  if (obj?.format !== EXPORT_FORMAT || obj.version !== 1)
    throw new Error(`${name}: field "format" is ${JSON.stringify(obj?.format)}, not a sarcoma-omics-lab project of version 1; choose a file made by "Export project"`)
  return decodeValue(obj) as ProjectSnapshot
}

// ---------------------------------------------------------------- wipe

/** Delete everything this app keeps in the browser: IndexedDB, Cache Storage, OPFS. */
export async function wipeLocalData(): Promise<string[]> {
  const done: string[] = []
  await closeDatabases()
  const names = indexedDB.databases ? (await indexedDB.databases()).map((x) => x.name).filter((n): n is string => !!n) : [DB]
  for (const n of names)
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(n)
      req.onsuccess = req.onerror = req.onblocked = () => resolve()
    })
  done.push(`${names.length} IndexedDB database(s)`)
  if (typeof caches !== 'undefined') {
    const keys = await caches.keys()
    for (const k of keys) await caches.delete(k)
    done.push(`${keys.length} cache(s)`)
  }
  const storage = navigator.storage as StorageManager & { getDirectory?: () => Promise<FileSystemDirectoryHandle> }
  if (storage?.getDirectory) {
    const root = await storage.getDirectory()
    let n = 0
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
      await root.removeEntry(name, { recursive: true })
      n++
    }
    done.push(`${n} OPFS entr${n === 1 ? 'y' : 'ies'}`)
  }
  return done
}

// ---------------------------------------------------------------- restore signal

let markRestored: () => void = () => {}
/** Resolves once the saved project, if any, is back in the app state (jobs wait for it before resuming). */
export const projectRestored: Promise<void> = new Promise((resolve) => (markRestored = resolve))
/** Called by the component that restores the project. */
export function signalRestored(): void {
  markRestored()
}

// ---------------------------------------------------------------- re-link

/** Image sources of a restored cohort whose bytes were not kept (file or DICOM slices null). */
export function missingImages(cohort: { patients: { images: Record<string, unknown> }[] } | null | undefined): number {
  let n = 0
  for (const p of cohort?.patients ?? [])
    for (const src of Object.values(p.images) as ({ kind?: string; file?: unknown; files?: unknown[] } | undefined)[])
      if ((src?.kind === 'file' && !src.file) || (src?.kind === 'dicom' && (src.files ?? []).some((f) => !f))) n++
  return n
}
