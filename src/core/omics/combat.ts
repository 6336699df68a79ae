// ComBat batch correction (Johnson, Li & Rabinovic, Biostatistics 2007) as sva::ComBat
// (mean.only = FALSE, no reference batch): per gene a linear model on batch indicators and
// the covariates to protect, standardisation by the pooled residual variance (÷ n), batch
// location/scale estimates shrunk by empirical Bayes — parametric (normal / inverse-gamma
// priors, iterated posterior means to relative change < 1e-4) or non-parametric (posterior
// expectations over the other genes' estimates as an empirical prior) — then re-scaling.
// Genes with zero variance within a batch are left unadjusted, as sva does, and so are genes
// whose within-batch sd is below rounding level relative to the data's scale
// (sd ≤ 1e-10 · max |x|): left in, their standardised values would be rounding noise blown up
// to unit scale and would distort the priors of every other gene. A batch with one sample
// forces the mean-only adjustment with a warning naming it (sva: "setting mean.only=TRUE");
// with no residual degrees of freedom (every batch a single sample, or samples ≤ batches +
// covariates) the pooled variance is 0 and ComBat is refused instead of writing NaN.

import { InputError } from '../errors.ts'
import type { JobContext } from '../job.ts'
import { throwIfCancelled } from '../job.ts'
import { factorLevels } from './design.ts'
import { invertSPD } from '../math/linalg.ts'

export interface CombatOptions {
  /** covariate columns to protect, n × q row-major (no intercept), e.g. model.matrix(~group)[, -1] */
  covariates?: { columns: string[]; data: Float64Array }
  /** parametric priors (TRUE in sva) or non-parametric */
  parametric?: boolean
  /** only adjust the batch means (forced when a batch has one sample) */
  meanOnly?: boolean
}

export interface CombatResult {
  /** adjusted genes × samples matrix */
  data: Float64Array
  batches: string[]
  /** genes left unadjusted (zero variance within a batch, up to rounding), 0-based */
  unadjusted: number[]
  /** of those, the genes not exactly constant (within-batch sd ≤ 1e-10 of the data's scale) */
  nearConstant: number
  warnings: string[]
  /** per batch: prior hyper-parameters */
  priors: { batch: string; gammaBar: number; t2: number; aPrior: number; bPrior: number }[]
}

export function combat(dat: Float64Array, G: number, batch: string[], opts: CombatOptions = {}, ctx?: JobContext): CombatResult {
  const n = batch.length
  if (dat.length !== G * n) throw new InputError(`the matrix has ${dat.length / Math.max(G, 1)} samples but the batch vector has ${n}`)
  const levels = factorLevels(batch)
  const nb = levels.length
  if (nb < 2) throw new InputError('ComBat needs at least two batches')
  const bi = batch.map((b) => levels.indexOf(b))
  const members = levels.map((_, k) => bi.flatMap((v, i) => (v === k ? [i] : [])))
  const nPer = members.map((m) => m.length)
  const warnings: string[] = []
  let meanOnly = opts.meanOnly ?? false
  const single = levels.filter((_, k) => nPer[k] === 1)
  const q0 = opts.covariates?.columns.length ?? 0
  if (n <= nb + q0)
    throw new InputError(
      single.length === nb
        ? `every batch has a single sample (${levels.join(', ')}): ComBat has no within-batch variance to estimate; merge batches or drop the correction`
        : `${n} samples for ${nb} batches${q0 ? ` and ${q0} covariate column(s)` : ''}: no residual degrees of freedom, so ComBat cannot estimate the pooled variance; merge batches or drop covariates`,
    )
  if (single.length) {
    meanOnly = true
    warnings.push(`batch${single.length > 1 ? 'es' : ''} ${single.map((b) => `"${b}"`).join(', ')} ${single.length > 1 ? 'have' : 'has'} one sample: only the batch means are adjusted (mean-only ComBat, as sva)`)
  }
  const parametric = opts.parametric ?? true
  for (let i = 0; i < dat.length; i++)
    if (!Number.isFinite(dat[i])) throw new InputError(`missing or non-finite value for gene ${Math.floor(i / n) + 1}, sample ${(i % n) + 1}; impute or drop it before ComBat`)

  // genes with zero variance within a batch (of ≥ 2 samples), up to rounding, are not adjusted
  let scale = 0
  for (let i = 0; i < dat.length; i++) scale = Math.max(scale, Math.abs(dat[i]))
  const tol = 1e-10 * scale
  const keep: number[] = []
  const unadjusted: number[] = []
  let nearConstant = 0
  for (let g = 0; g < G; g++) {
    let zero = false
    let exact = true
    for (const m of members) {
      if (m.length < 2) continue
      let s = 0
      for (const i of m) s += dat[g * n + i]
      const mu = s / m.length
      let ss = 0
      let same = true
      for (const i of m) {
        ss += (dat[g * n + i] - mu) ** 2
        if (dat[g * n + i] !== dat[g * n + m[0]]) same = false
      }
      if (same || Math.sqrt(ss / (m.length - 1)) <= tol) {
        zero = true
        exact = same
        break
      }
    }
    if (zero && !exact) nearConstant++
    ;(zero ? unadjusted : keep).push(g)
  }
  const K = keep.length
  if (K < 2) throw new InputError(`only ${K} of ${G} genes vary within every batch; ComBat needs at least two to estimate its priors`)
  if (unadjusted.length)
    warnings.push(`${unadjusted.length} gene(s) constant within a batch${nearConstant ? ` (${nearConstant} up to rounding: sd ≤ 1e-10 of the data's scale)` : ''} left unadjusted and out of the priors`)

  // design = [batch indicators | covariates]
  const q = opts.covariates?.columns.length ?? 0
  const p = nb + q
  const X = new Float64Array(n * p)
  for (let i = 0; i < n; i++) {
    X[i * p + bi[i]] = 1
    for (let c = 0; c < q; c++) X[i * p + nb + c] = opts.covariates!.data[i * q + c]
  }
  const xtx = new Float64Array(p * p)
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtx[a * p + b] += X[i * p + a] * X[i * p + b]
  const inv = invertSPD(xtx, p)
  if (!inv) throw new InputError(q ? 'a covariate is confounded with batch (or covariates with each other); remove it and rerun ComBat' : 'the batch design is singular')

  const out = Float64Array.from(dat)
  const sdata = new Float64Array(K * n)
  const standMean = new Float64Array(K * n)
  const sdPooled = new Float64Array(K)
  const B = new Float64Array(p)
  const xty = new Float64Array(p)
  for (let k = 0; k < K; k++) {
    const off = keep[k] * n
    xty.fill(0)
    for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) xty[a] += X[i * p + a] * dat[off + i]
    for (let a = 0; a < p; a++) {
      let s = 0
      for (let b = 0; b < p; b++) s += inv[a * p + b] * xty[b]
      B[a] = s
    }
    let grand = 0
    for (let b = 0; b < nb; b++) grand += (nPer[b] / n) * B[b]
    let vp = 0
    for (let i = 0; i < n; i++) {
      let fit = 0
      for (let a = 0; a < p; a++) fit += X[i * p + a] * B[a]
      const r = dat[off + i] - fit
      vp += r * r
    }
    vp /= n
    const sd = Math.sqrt(vp)
    sdPooled[k] = sd
    for (let i = 0; i < n; i++) {
      let sm = grand
      for (let c = 0; c < q; c++) sm += X[i * p + nb + c] * B[nb + c]
      standMean[k * n + i] = sm
      sdata[k * n + i] = (dat[off + i] - sm) / sd
    }
  }
  throwIfCancelled(ctx)
  ctx?.progress?.(0.2, 'standardised')

  // batch effect estimates per gene
  const gammaHat = new Float64Array(nb * K)
  const deltaHat = new Float64Array(nb * K)
  for (let b = 0; b < nb; b++) {
    const m = members[b]
    for (let k = 0; k < K; k++) {
      let s = 0
      for (const i of m) s += sdata[k * n + i]
      const mu = s / m.length
      gammaHat[b * K + k] = mu
      if (meanOnly) deltaHat[b * K + k] = 1
      else {
        let v = 0
        for (const i of m) v += (sdata[k * n + i] - mu) ** 2
        deltaHat[b * K + k] = v / (m.length - 1)
      }
    }
  }
  const gammaStar = new Float64Array(nb * K)
  const deltaStar = new Float64Array(nb * K)
  const priors: CombatResult['priors'] = []
  for (let b = 0; b < nb; b++) {
    const gh = gammaHat.subarray(b * K, (b + 1) * K)
    const dh = deltaHat.subarray(b * K, (b + 1) * K)
    const [gBar, t2] = meanVar(gh)
    const [dm, dv] = meanVar(dh)
    const aPrior = (2 * dv + dm * dm) / dv
    const bPrior = (dm * dv + dm * dm * dm) / dv
    priors.push({ batch: levels[b], gammaBar: gBar, t2, aPrior, bPrior })
    const gs = gammaStar.subarray(b * K, (b + 1) * K)
    const ds = deltaStar.subarray(b * K, (b + 1) * K)
    const m = members[b]
    if (parametric) {
      if (meanOnly) {
        for (let k = 0; k < K; k++) {
          gs[k] = (t2 * gh[k] + 1 * gBar) / (t2 * 1 + 1)
          ds[k] = 1
        }
      } else iterativeSolution(sdata, n, K, m, gh, dh, gBar, t2, aPrior, bPrior, gs, ds)
    } else {
      const dUse = meanOnly ? new Float64Array(K).fill(1) : dh
      nonparametricPrior(sdata, n, K, m, gh, dUse, gs, ds, ctx)
    }
    throwIfCancelled(ctx)
    ctx?.progress?.(0.2 + (0.7 * (b + 1)) / nb, `batch ${levels[b]}`)
  }

  for (let k = 0; k < K; k++) {
    const off = keep[k] * n
    for (let i = 0; i < n; i++) {
      const b = bi[i]
      const adj = (sdata[k * n + i] - gammaStar[b * K + k]) / Math.sqrt(deltaStar[b * K + k])
      out[off + i] = adj * sdPooled[k] + standMean[k * n + i]
    }
  }
  return { data: out, batches: levels, unadjusted, nearConstant, warnings, priors }
}

/** mean and sample variance (n - 1) */
function meanVar(x: ArrayLike<number>): [number, number] {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]
  const m = s / x.length
  let v = 0
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2
  return [m, v / (x.length - 1)]
}

/** sva it.sol: alternate posterior mean of γ and posterior variance of δ until the relative change < 1e-4. */
function iterativeSolution(
  sdata: Float64Array, n: number, K: number, m: number[], gHat: Float64Array, dHat: Float64Array,
  gBar: number, t2: number, a: number, b: number, gOut: Float64Array, dOut: Float64Array, conv = 1e-4,
): void {
  const nb = m.length
  const gOld = Float64Array.from(gHat)
  const dOld = Float64Array.from(dHat)
  let change = 1
  let iter = 0
  while (change > conv && iter < 10000) {
    change = -Infinity
    for (let k = 0; k < K; k++) {
      const gNew = (t2 * nb * gHat[k] + dOld[k] * gBar) / (t2 * nb + dOld[k])
      let sum2 = 0
      for (const i of m) {
        const r = sdata[k * n + i] - gNew
        sum2 += r * r
      }
      const dNew = (0.5 * sum2 + b) / (nb / 2 + a - 1)
      const c = Math.max(Math.abs(gNew - gOld[k]) / gOld[k], Math.abs(dNew - dOld[k]) / dOld[k])
      if (c > change || Number.isNaN(c)) change = Number.isNaN(c) ? Infinity : c
      gOld[k] = gNew
      dOld[k] = dNew
    }
    iter++
  }
  gOut.set(gOld)
  dOut.set(dOld)
}

/**
 * sva int.eprior: for each gene, the other genes' (γ̂, δ̂) weighted by the likelihood of this
 * gene's standardised data under them. Likelihoods are combined in log space (the same
 * ratio as sva's product formula, without its underflow to 0/0).
 */
function nonparametricPrior(
  sdata: Float64Array, n: number, K: number, m: number[], gHat: Float64Array, dHat: Float64Array,
  gOut: Float64Array, dOut: Float64Array, ctx?: JobContext,
): void {
  const nb = m.length
  const s1 = new Float64Array(K)
  const s2 = new Float64Array(K)
  for (let k = 0; k < K; k++) {
    let a = 0, b = 0
    for (const i of m) {
      const x = sdata[k * n + i]
      a += x
      b += x * x
    }
    s1[k] = a
    s2[k] = b
  }
  const logNorm = new Float64Array(K)
  const half = new Float64Array(K)
  for (let j = 0; j < K; j++) {
    logNorm[j] = -(nb / 2) * Math.log(2 * Math.PI * dHat[j])
    half[j] = 1 / (2 * dHat[j])
  }
  const ll = new Float64Array(K)
  for (let k = 0; k < K; k++) {
    let mx = -Infinity
    for (let j = 0; j < K; j++) {
      if (j === k) continue
      const g = gHat[j]
      const sum2 = s2[k] - 2 * g * s1[k] + nb * g * g
      const v = logNorm[j] - sum2 * half[j]
      ll[j] = v
      if (v > mx) mx = v
    }
    let sw = 0, sg = 0, sd = 0
    for (let j = 0; j < K; j++) {
      if (j === k) continue
      const w = Math.exp(ll[j] - mx)
      sw += w
      sg += w * gHat[j]
      sd += w * dHat[j]
    }
    gOut[k] = sg / sw
    dOut[k] = sd / sw
    if ((k & 255) === 0) throwIfCancelled(ctx)
  }
}
