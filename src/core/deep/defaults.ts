// The deep models' architecture record and training defaults, which places without tfjs
// need too (the study plan, the UI's settings, model files): kept free of imports so that
// reading them does not load tfjs. model.ts builds the tfjs models from these records.

/**
 * Default views of each training patient per epoch (the slice + 11 augmentations). Chosen
 * by measurement (docs/status/deep.md): on the 60-patient demo at 32 px with 8 epochs × 2
 * repeats, test reconstruction error fell from 1.14 % (4 views) to 1.00 % (8) and 0.78 % (12);
 * the augmented views mostly buy generalisation (train ≈ 0.6–0.85 % throughout).
 */
export const DEFAULT_VIEWS = 12

/**
 * Default weight λ of the HSCAE's Cox partial-likelihood loss against the reconstruction
 * MSE (loss = MSE + λ·Cox). At convergence the batch Cox loss is ≈ 1 and the MSE ≈ 0.01,
 * so λ = 0.005 gives the prognostic term about half the weight of the reconstruction
 * term; the earlier 0.05 let it outweigh the reconstruction five-fold (test error 1.8 %
 * against 0.87 % now on the 60-patient demo, docs/status/deep.md) while the risk head,
 * whose own weights see only the Cox term, learns the outcome either way (training C
 * 0.87–0.92).
 */
export const DEFAULT_LAMBDA = 0.005

/**
 * Default crop of the model input (src/core/deep/slice.ts): 'fov' = a fixed physical field
 * of view around the tumour centre (DEFAULT_FIELD_OF_VIEW_MM), so tumour size, one of the
 * strongest prognostic signals, is kept in the input; 'fill' = the tumour's bounding box
 * stretched to the frame (size discarded; the first sessions' default, kept as an option).
 * Measured on the demo cohorts of seeds 1, 2 and 4 (docs/status/deep.md, issue 21).
 */
export const DEFAULT_CROP: 'fill' | 'fov' = 'fov'

/** Side (mm) of the fixed field of view of crop 'fov': most limb and trunk STS fit (median largest diameter about 10 cm). */
export const DEFAULT_FIELD_OF_VIEW_MM = 200

/**
 * λ values of the study's HSCAE sensitivity analysis (plan.deep.sensitivityLambdas): no
 * prognostic term, the default, and the first sessions' ten-fold larger weight.
 */
export const DEFAULT_SENSITIVITY_LAMBDAS: [number, number, number] = [0, 0.005, 0.05]

export type DeepModelKind = 'cae' | 'hscae'

/** Everything needed to rebuild a model; saved with its weights. */
export interface DeepArchitecture {
  model: DeepModelKind
  /** side of the square input slice */
  size: number
  /** filters of each encoder block (the decoder mirrors them) */
  filters: number[]
  latentSize: number
  /** weight of the Cox loss against the reconstruction MSE (HSCAE) */
  lambda: number
  learningRate: number
  batchSize: number
  /** momentum of the batch-normalisation moving statistics */
  bnMomentum: number
  seed: number
}

/** Default filters per block: 3 blocks below 64 pixels, 4 from 64 (the paper's 4-block design). */
export function defaultFilters(size: number): number[] {
  return size >= 64 ? [16, 32, 64, 128] : [8, 16, 32]
}

export function defaultArchitecture(partial: Partial<DeepArchitecture> = {}): DeepArchitecture {
  const size = partial.size ?? 128
  return {
    model: partial.model ?? 'cae',
    size,
    filters: partial.filters ?? defaultFilters(size),
    latentSize: partial.latentSize ?? 1024,
    lambda: partial.lambda ?? DEFAULT_LAMBDA,
    learningRate: partial.learningRate ?? 3e-3,
    batchSize: partial.batchSize ?? 8,
    bnMomentum: partial.bnMomentum ?? 0.8,
    seed: partial.seed ?? 1,
  }
}
