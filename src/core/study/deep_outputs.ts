// The outputs of a deep-radiomics run as plain records: metrics (the CLI's
// metrics.json shape), groups per patient and the latent table. The CLI, the worker
// and the UI only format these.
import type { TrainResult, ReconstructionError } from '../deep/train.ts'
import { latentCIndex, latentGroups } from './deep_latents.ts'

export interface DeepMetrics {
  mse: ReconstructionError
  relativeMsePercent: ReconstructionError
  /** the same inside the tumour masks (train = each model's training patients, test) */
  tumourRelativeMsePercent?: { train: number; test: number }
  backend: string
  latentSize: number
  /** HSCAE: risk head; CAE: Cox model on the leading PCs of the latent vectors */
  cindex: { train: number; test: number }
  seconds: number
}

export interface DeepOutputs {
  metrics: DeepMetrics
  groups: { patient_id: string; cohort: 'train' | 'test'; group: string }[]
  /** what the C-index is of */
  cindexSource: string
  /** risk score per patient (higher = worse): HSCAE head or the CAE's PC-Cox linear predictor */
  risk: number[]
}

export interface DeepOutputOptions {
  backend: string
  /** number of groups (default 2) */
  groups?: number
  /** principal components for the CAE's Cox model (default 3) */
  components?: number
  /** total seconds (default the training's) */
  seconds?: number
}

/** Groups, C-index and metrics of a training result; `time`/`event` per patient in result order (NaN = unknown). */
export function deepOutputs(result: TrainResult, time: ArrayLike<number>, event: ArrayLike<number>, o: DeepOutputOptions): DeepOutputs {
  const g = latentGroups(result.latents, result.latentSize, result.cohorts, o.groups ?? 2)
  let ti = 0, si = 0
  const groups = result.ids.map((id, i) => ({ patient_id: id, cohort: result.cohorts[i], group: result.cohorts[i] === 'train' ? g.train[ti++] : g.test[si++] }))
  const c = latentCIndex(result.latents, result.latentSize, result.cohorts, time, event, result.risk, o.components ?? 3)
  return {
    metrics: {
      mse: result.mse,
      relativeMsePercent: result.relativeMsePercent,
      tumourRelativeMsePercent: result.tumourRelativeMsePercent,
      backend: o.backend,
      latentSize: result.latentSize,
      cindex: { train: c.train, test: c.test },
      seconds: o.seconds ?? result.seconds,
    },
    groups,
    cindexSource: c.source,
    risk: Array.from(c.risk),
  }
}

/** Header and rows of the latent table: patient_id, latent_1 … latent_L. */
export function latentTable(ids: string[], latents: Float32Array, latentSize: number): { columns: string[]; rows: (string | number)[][] } {
  const columns = ['patient_id', ...Array.from({ length: latentSize }, (_, f) => `latent_${f + 1}`)]
  const rows = ids.map((id, i) => [id, ...Array.from(latents.subarray(i * latentSize, (i + 1) * latentSize))])
  return { columns, rows }
}
