// RNA-seq raw counts of the demo cohort: genes = the union of the MSigDB Hallmark symbols
// (src/core/demo/hallmark.ts), one sample per patient of the RNA subset.
//
// Model (negative binomial as in edgeR/DESeq2, drawn as a gamma–Poisson mixture):
//   count_gs ~ NB(mean μ_gs, dispersion φ_g),  Var = μ + φ μ²
//   μ_gs = L_s · p_g · 2^(lfc_g · [group_s = G2]) · exp(β_g,batch(s))
//   p_g     gene's expected share: log-normal (sd 1.8 on the log scale), normalised to sum 1
//   φ_g     = 0.05 + exp(log 0.08 + 0.5 ε)  (biological CV ≈ 0.3–0.5, tumour-like)
//   L_s     library size = 8·10⁶ · exp(0.3 ε) · libraryFactor(batch)
//   lfc_g   planted log2 fold change of the worse-prognosis group G2 versus G1: for each gene of
//           the "up" Hallmark sets (E2F targets, G2M checkpoint, EMT), with probability 0.7,
//           lfc ~ U(log2 2, log2 3); for the "down" sets (interferon-γ response, allograft
//           rejection) the same with a negative sign; genes in both an up and a down set are
//           left unchanged.
//   β_g,b   multiplicative batch effect, N(0, 0.35²) on the log scale per gene and batch, on top
//           of the batch's library-size factor.
// The gene-level parameters depend on the seed only; each sample's counts on its patient's
// own stream, so any sample can be generated alone.

import { createRng, deriveSeed } from '../random.ts'
import { DEMO_GENES, HALLMARK_SETS } from './hallmark.ts'
import { patientRng, type RnaGroup } from './patient.ts'
import { negativeBinomial, uniform } from './sampling.ts'

export const PLANTED_UP = ['HALLMARK_E2F_TARGETS', 'HALLMARK_G2M_CHECKPOINT', 'HALLMARK_EPITHELIAL_MESENCHYMAL_TRANSITION'] as const
export const PLANTED_DOWN = ['HALLMARK_INTERFERON_GAMMA_RESPONSE', 'HALLMARK_ALLOGRAFT_REJECTION'] as const

export const BATCH_LIBRARY_FACTORS = [1, 0.65, 1.4] as const
export const BATCH_GENE_LOG_SD = 0.35
export const PLANTED_FRACTION = 0.7
export const MEDIAN_LIBRARY_SIZE = 8e6

/** Gene-level parameters of the counts model (functions of the seed only). */
export interface DemoGeneModel {
  genes: readonly string[]
  /** expected share p_g of a library */
  share: Float64Array
  dispersion: Float64Array
  /** planted log2 fold change, G2 versus G1 (0 for non-DE genes) */
  log2FoldChange: Float64Array
  /** per batch (B1, B2, B3): natural-log multiplicative effect per gene */
  batchLogEffect: Float64Array[]
}

/** Stream numbers above any patient index, for cohort-level draws. */
export const COHORT_STREAM = 1_000_000
const GENE_STREAM = COHORT_STREAM + 1

export function demoGeneModel(seed: number): DemoGeneModel {
  const rng = createRng(deriveSeed(seed, GENE_STREAM))
  const genes = DEMO_GENES
  const G = genes.length
  const share = new Float64Array(G)
  const dispersion = new Float64Array(G)
  let total = 0
  for (let g = 0; g < G; g++) {
    share[g] = Math.exp(1.8 * rng.normal())
    total += share[g]
    dispersion[g] = 0.05 + Math.exp(Math.log(0.08) + 0.5 * rng.normal())
  }
  for (let g = 0; g < G; g++) share[g] /= total

  const up = new Set(PLANTED_UP.flatMap((s) => HALLMARK_SETS[s]))
  const down = new Set(PLANTED_DOWN.flatMap((s) => HALLMARK_SETS[s]))
  const log2FoldChange = new Float64Array(G)
  // genes in sorted order, so the draw does not depend on set order
  for (let g = 0; g < G; g++) {
    const name = genes[g]
    const inUp = up.has(name), inDown = down.has(name)
    const planted = rng.next() < PLANTED_FRACTION
    const size = uniform(rng, 1, Math.log2(3))
    if (inUp === inDown || !planted) continue
    log2FoldChange[g] = inUp ? size : -size
  }
  const batchLogEffect = BATCH_LIBRARY_FACTORS.map(() => {
    const e = new Float64Array(G)
    for (let g = 0; g < G; g++) e[g] = BATCH_GENE_LOG_SD * rng.normal()
    return e
  })
  return { genes, share, dispersion, log2FoldChange, batchLogEffect }
}

/** Raw counts of one sample (patient `index`), in the model's gene order. */
export function demoSampleCounts(model: DemoGeneModel, seed: number, index: number, group: RnaGroup, batch: number): Float64Array {
  const rng = patientRng(seed, index, 2)
  const library = MEDIAN_LIBRARY_SIZE * Math.exp(0.3 * rng.normal()) * BATCH_LIBRARY_FACTORS[batch]
  const G = model.genes.length
  const out = new Float64Array(G)
  const be = model.batchLogEffect[batch]
  const g2 = group === 'G2'
  for (let g = 0; g < G; g++) {
    const lfc = g2 ? model.log2FoldChange[g] * Math.LN2 : 0
    const mean = library * model.share[g] * Math.exp(lfc + be[g])
    out[g] = negativeBinomial(rng, mean, model.dispersion[g])
  }
  return out
}
