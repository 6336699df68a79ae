// The saved form of a trained deep model, the same in the CLI (DIR/model.json +
// DIR/weights.bin), in IndexedDB and in exported files: a JSON record (format tag,
// architecture with its seed and hyper-parameters, weight names and shapes, training
// summary) and one little-endian float32 buffer with the weights in that order.
import { InputError } from '../errors.ts'
import type { DeepArchitecture, WeightsRecord } from './model.ts'

export const MODEL_FORMAT = 'sarcoma-omics-lab/deep-model@1'

export interface ModelJson {
  format: typeof MODEL_FORMAT
  architecture: DeepArchitecture
  weightSpecs: { name: string; shape: number[] }[]
  /** training options and figures, for the record */
  training?: Record<string, unknown>
  backend?: string
  savedAt?: string
}

export function modelJson(architecture: DeepArchitecture, weights: WeightsRecord, extra: Omit<ModelJson, 'format' | 'architecture' | 'weightSpecs'> = {}): ModelJson {
  return { format: MODEL_FORMAT, architecture, weightSpecs: weights.specs, ...extra }
}

/** Weights as bytes (float32, little-endian on every platform the app runs on). */
export function weightsBytes(w: WeightsRecord): Uint8Array {
  return new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength).slice()
}

/** Parse model.json text and weights bytes back to an architecture and weights. */
export function parseModelFiles(jsonText: string, bytes: Uint8Array, name = 'model.json'): { json: ModelJson; weights: WeightsRecord } {
  let json: ModelJson
  try {
    json = JSON.parse(jsonText) as ModelJson
  } catch (e) {
    throw new InputError(`is not JSON (${(e as Error).message}); pick the model.json written by "deep train"`, name)
  }
  if (json.format !== MODEL_FORMAT) throw new InputError(`format is "${json.format}", expected "${MODEL_FORMAT}"; pick the model.json written by "deep train"`, name)
  const count = json.weightSpecs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0)
  if (bytes.byteLength !== count * 4) throw new InputError(`holds ${bytes.byteLength} bytes, the architecture needs ${count * 4}; the weights file does not belong to this model.json`, 'weights.bin')
  const data = new Float32Array(bytes.slice().buffer)
  return { json, weights: { specs: json.weightSpecs, data } }
}
