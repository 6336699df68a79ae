// Grad-CAM maps of a study's trained deep model for every patient, kept with the
// grouping (the trained model itself is not kept: at the paper's size its weights are
// ~70 MB). The model is rebuilt from the TrainResult's architecture and weights and
// src/core/deep/gradcam.ts runs on each patient's model input (maskedInput of the
// mid-tumour slice): target = the HSCAE risk head, or the CAE's reconstruction MSE.
// Stored compactly and structured-clone friendly (the step cache keeps it in IndexedDB
// or on disk): the map quantised to 16 bits (error ≤ 0.5/65535 ≈ 7.6e-6) and the input
// to 8 bits (display only), size × size row-major.
import type { JobContext } from '../job.ts'
import { throwIfCancelled } from '../job.ts'
// tfjs (gradcam.ts, model.ts) is loaded when the maps are computed, not with this module:
// the report and the CLI read stored maps without it (startup of every CLI command)
import type { CamTarget } from '../deep/gradcam.ts'
import type { DeepArchitecture } from '../deep/model.ts'
import { maskedInput } from '../deep/slice.ts'
import type { DeepSample, TrainResult } from '../deep/train.ts'

export interface DeepCams {
  /** what the maps explain: 'risk' (HSCAE head) or 'reconstruction' (CAE reconstruction MSE) */
  target: CamTarget
  /** the activation the maps are computed on, in words */
  layer: string
  /** side of the square maps and inputs */
  size: number
  /** per patient: the Grad-CAM map in [0, 1] as round(65535 · value) */
  maps: Record<string, Uint16Array>
  /** per patient: the target's value for the slice (risk score or reconstruction MSE) */
  values: Record<string, number>
  /** per patient: the model input the map explains (masked slice in [0, 1]) as round(255 · value) */
  inputs: Record<string, Uint8Array>
}

const Q = 65535

/** The last convolutional block's output that gradCam differentiates, in words. */
export function camLayer(a: DeepArchitecture): string {
  const blocks = a.filters.length
  const side = a.size / 2 ** (blocks - 1)
  return `encoder block ${blocks} (3 × 3 convolution → batch normalisation → ReLU, ${side} × ${side} × ${a.filters[blocks - 1]}), before its pooling`
}

/** Grad-CAM of every sample on the model of a training result. */
export async function deepCams(r: Pick<TrainResult, 'architecture' | 'weights'>, samples: Pick<DeepSample, 'id' | 'slice'>[], ctx?: JobContext): Promise<DeepCams> {
  const [{ gradCam }, { buildModel, disposeModel, setWeights }] = await Promise.all([import('../deep/gradcam.ts'), import('../deep/model.ts')])
  const a = r.architecture
  const target: CamTarget = a.model === 'hscae' ? 'risk' : 'reconstruction'
  const model = buildModel(a)
  const maps: DeepCams['maps'] = {}, values: DeepCams['values'] = {}, inputs: DeepCams['inputs'] = {}
  try {
    // a result that crossed a JSON boundary may carry the weights as a plain array
    const data = r.weights.data instanceof Float32Array ? r.weights.data : Float32Array.from(r.weights.data as ArrayLike<number>)
    setWeights(model, { specs: r.weights.specs, data })
    samples.forEach((s, i) => {
      if (i % 8 === 0) {
        throwIfCancelled(ctx)
        ctx?.progress?.(i / samples.length, `Grad-CAM ${i + 1}/${samples.length}`)
      }
      const x = maskedInput(s.slice)
      const cam = gradCam(model, x, target)
      maps[s.id] = Uint16Array.from(cam.map, (v) => Math.round(Q * Math.min(1, Math.max(0, v))))
      values[s.id] = cam.target
      inputs[s.id] = Uint8Array.from(x, (v) => Math.round(255 * Math.min(1, Math.max(0, v))))
    })
  } finally {
    disposeModel(model)
  }
  return { target, layer: camLayer(a), size: a.size, maps, values, inputs }
}

/** One patient's map in [0, 1] (null when the patient has none). */
export function camMapOf(c: DeepCams, id: string): Float32Array | null {
  const m = c.maps[id]
  return m ? Float32Array.from(m, (v) => v / Q) : null
}

/** One patient's model input in [0, 1] (null when the patient has none). */
export function camInputOf(c: DeepCams, id: string): Float32Array | null {
  const x = c.inputs[id]
  return x ? Float32Array.from(x, (v) => v / 255) : null
}
