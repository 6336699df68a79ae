// ComBat-seq: batch correction of RNA-seq counts with a negative-binomial model (Zhang,
// Parmigiani & Johnson 2020, NAR Genomics and Bioinformatics 2:lqaa078), as sva::ComBat_seq
// (sva 3.46; shrink = FALSE, the default, no covar_mod):
// 1. genes with only zeros in some batch are left as they are; the rest are corrected;
// 2. per batch, edgeR's Cox–Reid common then gene-wise dispersions (prior.df = 0) under the
//    biological model (~group when full_mod and a group with ≥ 2 levels is given, else ~1), or
//    the common one under ~1 when the batch is too small for the model or misses a group level;
// 3. the NB GLM log μ = offset + batch + group (edgeR glmFit, prior.count 1e-4) fitted twice: the
//    second time with the size-weighted mean batch coefficient folded into the offset, giving the
//    batch effects γ̂ and fitted means μ̂;
// 4. batch-free means μ* = μ̂·e^(−γ̂_batch) and dispersion φ* = the mean of the batches' φ̂;
// 5. every count > 1 mapped by quantile matching: p = F_NB(y − 1; μ̂, φ̂_batch), the new count
//    1 + F⁻¹_NB(p; μ*, φ*) (counts 0 and 1, and p within 1e-4 of 1, kept).
// The output is integer counts, ready for TMM + voom. A batch of one sample is refused, as sva.
// NB GLM and dispersions: ./nb_glm.ts, ./nb_dispersion.ts; NB distribution: ./negbin.ts.

import { InputError } from '../errors.ts'
import type { JobContext } from '../job.ts'
import { throwIfCancelled } from '../job.ts'
import { factorLevels } from './design.ts'
import { nbGlmFitPrior } from './nb_glm.ts'
import { commonDispersion, tagwiseDispersion } from './nb_dispersion.ts'
import { pnbinomMu, qnbinomMu } from './negbin.ts'

export interface ComBatSeqOptions {
  /** biological condition per sample, protected by the model (sva `group`) */
  group?: string[]
  /** use the group in the model (sva `full_mod`, TRUE by default) */
  fullMod?: boolean
}

export interface ComBatSeqResult {
  /** adjusted counts, genes × samples row-major, integers */
  counts: Float64Array
  batches: string[]
  /** 'full' when the group entered the model, else 'null' */
  model: 'full' | 'null'
  /** genes corrected (0-based); the others are all zero in some batch and are returned unchanged */
  kept: number[]
  unadjusted: number[]
  /** per kept gene and batch: the batch coefficient γ̂ (natural log), kept × batches */
  gammaHat: Float64Array
  /** per kept gene and batch: the gene-wise dispersion φ̂, kept × batches */
  phiHat: Float64Array
  /** fitted means μ̂, kept × samples */
  muHat: Float64Array
  /** batches whose dispersion was estimated under ~1 only (too few samples for the model, or a group level missing) */
  commonOnly: string[]
  warnings: string[]
}

/** Numerical rank of the n × p row-major matrix (Gram–Schmidt, columns dependent below 1e-7 relative). */
function matrixRank(x: Float64Array, n: number, p: number): number {
  const basis: Float64Array[] = []
  for (let c = 0; c < p; c++) {
    const v = new Float64Array(n)
    for (let i = 0; i < n; i++) v[i] = x[i * p + c]
    const norm0 = Math.hypot(...v)
    for (const q of basis) {
      let d = 0
      for (let i = 0; i < n; i++) d += q[i] * v[i]
      for (let i = 0; i < n; i++) v[i] -= d * q[i]
    }
    const norm = Math.hypot(...v)
    if (norm0 > 0 && norm > 1e-7 * norm0) {
      for (let i = 0; i < n; i++) v[i] /= norm
      basis.push(v)
    }
  }
  return basis.length
}

function selectRows(x: Float64Array, p: number, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length * p)
  rows.forEach((r, k) => out.set(x.subarray(r * p, (r + 1) * p), k * p))
  return out
}

export function combatSeq(counts: Float64Array, G: number, batch: string[], opts: ComBatSeqOptions = {}, ctx?: JobContext): ComBatSeqResult {
  const n = batch.length
  if (counts.length !== G * n) throw new InputError(`the count matrix has ${counts.length / Math.max(G, 1)} samples but the batch vector has ${n}`)
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i]
    if (!Number.isFinite(v) || v < 0 || !Number.isInteger(v))
      throw new InputError(`gene ${Math.floor(i / n) + 1}, sample ${(i % n) + 1}: ComBat-seq needs non-negative integer counts, got ${v}`)
  }
  const levels = factorLevels(batch)
  const nb = levels.length
  if (nb < 2) throw new InputError(`ComBat-seq needs at least two batches, got one ("${levels[0] ?? ''}")`)
  const bi = batch.map((b) => levels.indexOf(b))
  const members = levels.map((_, k) => bi.flatMap((v, i) => (v === k ? [i] : [])))
  const single = levels.filter((_, k) => members[k].length <= 1)
  if (single.length)
    throw new InputError(`batch${single.length > 1 ? 'es' : ''} ${single.map((b) => `"${b}"`).join(', ')} ${single.length > 1 ? 'have' : 'has'} a single sample: ComBat-seq needs at least two samples per batch (as sva::ComBat_seq); merge it with another batch or drop it`)
  if (opts.group && opts.group.length !== n) throw new InputError(`the group vector has ${opts.group.length} values for ${n} samples`)

  // genes all zero in some batch are not corrected
  const kept: number[] = []
  const unadjusted: number[] = []
  for (let g = 0; g < G; g++) {
    const ok = members.every((m) => m.some((j) => counts[g * n + j] !== 0))
    ;(ok ? kept : unadjusted).push(g)
  }
  if (kept.length === 0) throw new InputError('every gene is all zero in at least one batch: ComBat-seq has nothing to correct')
  const K = kept.length
  const y = new Float64Array(K * n)
  kept.forEach((g, k) => y.set(counts.subarray(g * n, (g + 1) * n), k * n))

  // biological model and the full design [batch indicators | group columns]
  const groupLevels = opts.group ? factorLevels(opts.group) : []
  const full = (opts.fullMod ?? true) && groupLevels.length > 1
  const q = full ? groupLevels.length : 1 // columns of mod (intercept + group indicators)
  const mod = new Float64Array(n * q)
  for (let i = 0; i < n; i++) {
    mod[i * q] = 1
    if (full) {
      const gl = groupLevels.indexOf(opts.group![i])
      if (gl > 0) mod[i * q + gl] = 1
    }
  }
  const p = nb + q - 1
  const design = new Float64Array(n * p)
  for (let i = 0; i < n; i++) {
    design[i * p + bi[i]] = 1
    for (let c = 1; c < q; c++) design[i * p + nb - 1 + c] = mod[i * q + c]
  }
  if (matrixRank(design, n, p) < p) {
    if (p === nb + 1) throw new InputError('the group is confounded with batch: every group level falls in a single batch; remove the group or rerun ComBat-seq without it')
    throw new InputError('at least one group level is confounded with batch; remove the group or merge levels and rerun ComBat-seq')
  }
  throwIfCancelled(ctx)

  // per-batch dispersions
  const warnings: string[] = []
  const commonOnly: string[] = []
  const phiHat = new Float64Array(K * nb)
  const intercept = (m: number) => new Float64Array(m).fill(1)
  for (let b = 0; b < nb; b++) {
    const m = members[b]
    const nB = m.length
    const yb = new Float64Array(K * nB)
    for (let k = 0; k < K; k++) for (let t = 0; t < nB; t++) yb[k * nB + t] = y[k * n + m[t]]
    const modB = selectRows(mod, q, m)
    const what = `batch "${levels[b]}"`
    let disp: Float64Array
    if (nB <= p - nb + 1 || matrixRank(modB, nB, q) < q) {
      if (full) commonOnly.push(levels[b])
      disp = new Float64Array(K).fill(commonDispersion(yb, K, nB, intercept(nB), 1, what))
    } else {
      const common = commonDispersion(yb, K, nB, modB, q, what)
      disp = tagwiseDispersion(yb, K, nB, modB, q, common)
    }
    for (let k = 0; k < K; k++) phiHat[k * nb + b] = disp[k]
    throwIfCancelled(ctx)
    ctx?.progress?.((0.5 * (b + 1)) / nb, `dispersions of batch ${levels[b]}`)
  }
  if (commonOnly.length)
    warnings.push(`batch${commonOnly.length > 1 ? 'es' : ''} ${commonOnly.map((b) => `"${b}"`).join(', ')}: too few samples for the group model (or a group level missing), one common dispersion under ~1 used, as sva`)

  // two NB GLM fits, the second with the mean batch effect in the offset
  const phi = new Float64Array(K * n)
  for (let k = 0; k < K; k++) for (let j = 0; j < n; j++) phi[k * n + j] = phiHat[k * nb + bi[j]]
  const logLib = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let k = 0; k < K; k++) s += y[k * n + j]
    logLib[j] = Math.log(s)
  }
  const offset = new Float64Array(K * n)
  for (let k = 0; k < K; k++) offset.set(logLib, k * n)
  const fit1 = nbGlmFitPrior(y, K, n, design, p, phi, offset, 1e-4)
  for (let k = 0; k < K; k++) {
    let alpha = 0
    for (let b = 0; b < nb; b++) alpha += (fit1.coefficients[k * p + b] * members[b].length) / n
    for (let j = 0; j < n; j++) offset[k * n + j] = logLib[j] + alpha
  }
  throwIfCancelled(ctx)
  const fit2 = nbGlmFitPrior(y, K, n, design, p, phi, offset, 1e-4)
  const gammaHat = new Float64Array(K * nb)
  for (let k = 0; k < K; k++) for (let b = 0; b < nb; b++) gammaHat[k * nb + b] = fit2.coefficients[k * p + b]
  const muHat = fit2.fitted
  ctx?.progress?.(0.8, 'quantile matching')

  // quantile matching to the batch-free NB distributions
  const out = Float64Array.from(counts)
  for (let k = 0; k < K; k++) {
    let phiStar = 0
    for (let b = 0; b < nb; b++) phiStar += phiHat[k * nb + b]
    phiStar /= nb
    const g = kept[k]
    for (let j = 0; j < n; j++) {
      const c = y[k * n + j]
      if (c <= 1) continue
      const b = bi[j]
      const mu = muHat[k * n + j]
      const tmp = pnbinomMu(c - 1, 1 / phiHat[k * nb + b], mu)
      if (Math.abs(tmp - 1) < 1e-4) continue
      const muStar = Math.exp(Math.log(mu) - gammaHat[k * nb + b])
      out[g * n + j] = 1 + qnbinomMu(tmp, 1 / phiStar, muStar)
    }
  }
  if (unadjusted.length) warnings.push(`${unadjusted.length} gene(s) with only zero counts in some batch left unadjusted, as sva`)
  return { counts: out, batches: levels, model: full ? 'full' : 'null', kept, unadjusted, gammaHat, phiHat, muHat, commonOnly, warnings }
}
