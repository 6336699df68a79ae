// Trained deep models in the browser: saved to IndexedDB (database "sarcoma-deep",
// store "models", one record per name: model.json text + weights bytes) and exported /
// imported as the same two files the CLI writes (model.json, weights.bin).
import { parseModelFiles, type ModelJson } from '../../../core/deep/model_files.ts'
import type { WeightsRecord } from '../../../core/deep/model.ts'

export interface StoredModel {
  name: string
  json: string
  weights: ArrayBuffer
  savedAt: string
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('sarcoma-deep', 1)
    req.onupgradeneeded = () => req.result.createObjectStore('models', { keyPath: 'name' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  try {
    return await new Promise<T>((resolve, reject) => {
      const r = fn(db.transaction('models', mode).objectStore('models'))
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
  } finally {
    db.close()
  }
}

export const saveModel = (m: StoredModel) => tx('readwrite', (s) => s.put(m))
export const listModels = () => tx<StoredModel[]>('readonly', (s) => s.getAll() as IDBRequest<StoredModel[]>)
export const deleteModel = (name: string) => tx('readwrite', (s) => s.delete(name))

export function decodeStored(m: StoredModel): { json: ModelJson; weights: WeightsRecord } {
  return parseModelFiles(m.json, new Uint8Array(m.weights), `${m.name}/model.json`)
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

/** Download model.json and weights.bin (prefixed by the model's name). */
export function exportModel(m: StoredModel): void {
  download(`${m.name}.model.json`, new Blob([m.json], { type: 'application/json' }))
  download(`${m.name}.weights.bin`, new Blob([m.weights], { type: 'application/octet-stream' }))
}

/** A stored model from the two picked files (model.json + weights.bin). */
export async function importModelFiles(files: File[]): Promise<StoredModel> {
  const j = files.find((f) => f.name.endsWith('.json'))
  const w = files.find((f) => f.name.endsWith('.bin'))
  if (!j || !w) throw new Error('pick both files: the model.json and the weights.bin written by "deep train" or exported here')
  const json = await j.text()
  const weights = await w.arrayBuffer()
  parseModelFiles(json, new Uint8Array(weights), j.name) // validates
  return { name: j.name.replace(/(\.model)?\.json$/, ''), json, weights, savedAt: new Date().toISOString() }
}
