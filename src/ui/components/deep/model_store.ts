// Trained deep models in the browser: saved to IndexedDB (database "sarcoma-deep",
// store "models", one record per name: model.json text + weights bytes) and exported /
// imported as the same two files the CLI writes (model.json, weights.bin).
import { parseModelFiles, type ModelJson } from '../../../core/deep/model_files.ts'
import type { WeightsRecord } from '../../../core/deep/model.ts'
import { idbStore } from '../../../../workers/idb.ts'

export interface StoredModel {
  name: string
  json: string
  weights: ArrayBuffer
  savedAt: string
}

const models = idbStore('sarcoma-deep', 'models', { keyPath: 'name' })

export const saveModel = (m: StoredModel) => models.put(m)
export const listModels = () => models.getAll<StoredModel>()
export const deleteModel = (name: string) => models.delete(name)

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
