// Dissimilarities between items (rows) over features (columns), as ConsensusClusterPlus
// and R compute them: Pearson and Spearman as 1 − cor(t(x)) (R `cor`, Spearman = Pearson
// on average ranks), Euclidean and Manhattan as R `dist` (same summation order, so ties
// in integer data stay exact ties). Optional column centring/scaling as R `scale`.

import { averageRanks } from '../math/ranks.ts'
import { meanAndSs } from '../math/moments.ts'
import { InputError } from '../errors.ts'

export type DistanceName = 'pearson' | 'spearman' | 'euclidean' | 'manhattan'
export const DISTANCES: DistanceName[] = ['pearson', 'spearman', 'euclidean', 'manhattan']

/** Items × features, row-major: item i, feature j at data[i * nFeatures + j]. */
export interface FeatureMatrix {
  nItems: number
  nFeatures: number
  data: Float64Array
}

/** A feature matrix with its item ids and feature names (what the cluster page and job exchange). */
export interface LabelledMatrix {
  ids: string[]
  features: string[]
  matrix: FeatureMatrix
}

/** Parse a distance name, or an InputError listing the choices. */
export function parseDistance(name: string): DistanceName {
  if ((DISTANCES as string[]).includes(name)) return name as DistanceName
  throw new InputError(`unknown distance "${name}"; use one of ${DISTANCES.join(', ')}`, undefined, '--distance')
}

export interface ColumnStats {
  mean: Float64Array
  /** standard deviation (n − 1 denominator), as R `sd` */
  sd: Float64Array
}

/** Column means and standard deviations (two-pass, as R `scale`). */
export function columnStats(m: FeatureMatrix): ColumnStats {
  const { nItems: n, nFeatures: p, data } = m
  const mean = new Float64Array(p)
  const sd = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    const { mean: mu, ss } = meanAndSs(data, j, p, n)
    mean[j] = mu
    sd[j] = Math.sqrt(ss / (n - 1))
  }
  return { mean, sd }
}

/**
 * Centre and/or scale columns as R `scale(x, center, scale)`, with the given column
 * statistics (default: the matrix's own). A constant column (sd 0) becomes 0 where R
 * would give NaN, so that it simply carries no information.
 */
export function scaleColumns(m: FeatureMatrix, opts: { center?: boolean; scale?: boolean } = { center: true, scale: true }, stats = columnStats(m)): FeatureMatrix {
  const { nItems: n, nFeatures: p, data } = m
  const out = new Float64Array(n * p)
  const center = opts.center ?? true
  const scale = opts.scale ?? true
  for (let j = 0; j < p; j++) {
    const mu = center ? stats.mean[j] : 0
    // R scales an uncentred column by its root mean square; we only scale centred data
    const s = scale ? stats.sd[j] : 1
    for (let i = 0; i < n; i++) {
      const v = (data[i * p + j] - mu) / s
      out[i * p + j] = Number.isFinite(v) ? v : 0
    }
  }
  return { nItems: n, nFeatures: p, data: out }
}

/** Rows replaced by their average ranks (for Spearman). */
function rankRows(m: FeatureMatrix): FeatureMatrix {
  const { nItems: n, nFeatures: p } = m
  const out = new Float64Array(n * p)
  for (let i = 0; i < n; i++) out.set(averageRanks(m.data.subarray(i * p, (i + 1) * p)), i * p)
  return { nItems: n, nFeatures: p, data: out }
}

/** Relative tolerance under which a row counts as constant: sd ≤ ZERO_VARIANCE_REL · max |x|. */
export const ZERO_VARIANCE_REL = 1e-10

/**
 * Rows (0-based) whose correlation with any other row is undefined: zero variance across
 * the features, up to rounding (sd ≤ 1e-10 of the row's largest magnitude), where R `cor`
 * gives NA. Empty for the non-correlation distances.
 */
export function zeroVarianceRows(m: FeatureMatrix, distance: DistanceName): number[] {
  if (distance !== 'pearson' && distance !== 'spearman') return []
  const { nItems: n, nFeatures: p, data } = m
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    let s = 0
    let big = 0
    for (let j = 0; j < p; j++) {
      s += data[i * p + j]
      big = Math.max(big, Math.abs(data[i * p + j]))
    }
    const mu = s / p
    let ss = 0
    for (let j = 0; j < p; j++) ss += (data[i * p + j] - mu) ** 2
    const sd = p > 1 ? Math.sqrt(ss / (p - 1)) : 0
    if (!(sd > ZERO_VARIANCE_REL * big)) out.push(i)
  }
  return out
}

/** InputError naming the items with zero variance (by id when given), for Pearson/Spearman. */
export function refuseZeroVarianceRows(m: FeatureMatrix, distance: DistanceName, ids?: string[]): void {
  const bad = zeroVarianceRows(m, distance)
  if (!bad.length) return
  const names = bad.slice(0, 5).map((i) => (ids ? `"${ids[i]}"` : `item ${i + 1}`)).join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '')
  throw new InputError(
    `${bad.length === 1 ? 'item' : `${bad.length} items`} ${names} ${bad.length === 1 ? 'has' : 'have'} zero variance across the features: ` +
      `the ${distance} correlation is undefined (R cor gives NA); drop ${bad.length === 1 ? 'it' : 'them'} or use --distance euclidean`,
    undefined,
    '--distance',
  )
}

/**
 * Full symmetric n × n dissimilarity matrix (row-major, zero diagonal) between rows.
 * `exact` (default) reproduces R's long-double sums for correlations (about 10× slower);
 * false uses plain double sums (differences ~1e-16, used per resampling when features
 * are subsampled).
 * Pearson: 1 − r with r capped at 1 as R `cor` does. A row with zero variance has r = NA
 * in R: refused (InputError naming the item) unless `constantRows` is 'uncorrelated'
 * (distance 1), which consensus uses inside a feature subsample after checking the data.
 */
export function distanceMatrix(m: FeatureMatrix, distance: DistanceName, exact = true, constantRows: 'refuse' | 'uncorrelated' = 'refuse'): Float64Array {
  for (let i = 0; i < m.data.length; i++)
    if (!Number.isFinite(m.data[i]))
      throw new InputError(`missing or non-finite value at item ${Math.floor(i / m.nFeatures) + 1}, feature ${(i % m.nFeatures) + 1}; impute or drop it before clustering`)
  if (constantRows === 'refuse') refuseZeroVarianceRows(m, distance)
  switch (distance) {
    case 'pearson':
      return exact ? correlationDistance(m) : fastCorrelationDistance(m)
    case 'spearman':
      return exact ? correlationDistance(rankRows(m)) : fastCorrelationDistance(rankRows(m))
    case 'euclidean':
      return minkowskiDistance(m, true)
    case 'manhattan':
      return minkowskiDistance(m, false)
    default:
      throw new InputError(`unknown distance "${distance as string}"`)
  }
}

function correlationDistance(m: FeatureMatrix): Float64Array {
  const { nItems: n, nFeatures: p, data } = m
  // R cov.c (cov_complete1) accumulates in long double: mean with a correction pass,
  // cov = Σ (x − x̄)(y − ȳ) / (p − 1), r = cov / (sd_x · sd_y) in double, capped at 1.
  // Double-double sums reproduce its doubles, so tied correlations tie as in R
  // (checked on integer data in tests/unit/cluster/hclust.test.ts).
  const zh = new Float64Array(n * p)
  const zl = new Float64Array(n * p)
  for (let i = 0; i < n; i++) {
    let sh = 0, sl = 0
    for (let j = 0; j < p; j++) {
      ddAcc(sh, sl, data[i * p + j], 0)
      sh = DD[0]; sl = DD[1]
    }
    let mu = ddDiv(sh, sl, p)
    if (Number.isFinite(mu)) {
      sh = 0; sl = 0
      for (let j = 0; j < p; j++) {
        twoSum(data[i * p + j], -mu)
        ddAcc(sh, sl, DD[0], DD[1])
        sh = DD[0]; sl = DD[1]
      }
      mu = mu + ddDiv(sh, sl, p)
    }
    for (let j = 0; j < p; j++) {
      twoSum(data[i * p + j], -mu)
      zh[i * p + j] = DD[0]
      zl[i * p + j] = DD[1]
    }
  }
  const cov = (i: number, k: number): number => {
    let sh = 0, sl = 0
    const a = i * p, b = k * p
    for (let j = 0; j < p; j++) {
      const ah = zh[a + j], bh = zh[b + j]
      // exact ah·bh (Dekker) plus the cross terms of the low parts
      const pr = ah * bh
      let t = SPLIT * ah
      const ahh = t - (t - ah), ahl = ah - ahh
      t = SPLIT * bh
      const bhh = t - (t - bh), bhl = bh - bhh
      const err = ahh * bhh - pr + ahh * bhl + ahl * bhh + ahl * bhl
      ddAcc(sh, sl, pr, err + ah * zl[b + j] + zl[a + j] * bh)
      sh = DD[0]; sl = DD[1]
    }
    return ddDiv(sh, sl, p - 1)
  }
  const sd = new Float64Array(n)
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(cov(i, i))
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      let r: number
      if (sd[i] > 0 && sd[k] > 0) {
        r = cov(k, i) / (sd[k] * sd[i])
        if (r > 1) r = 1
      } else r = 0
      const d = 1 - r
      out[i * n + k] = d
      out[k * n + i] = d
    }
  }
  return out
}

/** Pearson distance with double sums (same formula as correlationDistance). */
function fastCorrelationDistance(m: FeatureMatrix): Float64Array {
  const { nItems: n, nFeatures: p, data } = m
  const z = new Float64Array(n * p)
  const sd = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const { mean: mu, ss } = meanAndSs(data, i * p, 1, p)
    for (let j = 0; j < p; j++) z[i * p + j] = data[i * p + j] - mu
    sd[i] = Math.sqrt(ss / (p - 1))
  }
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      let r = 0
      if (sd[i] > 0 && sd[k] > 0) {
        let s = 0
        for (let j = 0; j < p; j++) s += z[i * p + j] * z[k * p + j]
        r = s / (p - 1) / (sd[k] * sd[i])
        if (r > 1) r = 1
      }
      out[i * n + k] = out[k * n + i] = 1 - r
    }
  }
  return out
}

// double-double helpers (results in DD to avoid allocating pairs in hot loops)
const SPLIT = 134217729 // 2^27 + 1
const DD = new Float64Array(2)
function twoSum(a: number, b: number): void {
  const s = a + b
  const bb = s - a
  DD[0] = s
  DD[1] = a - (s - bb) + (b - bb)
}
function ddAcc(h: number, l: number, h2: number, l2: number): void {
  twoSum(h, h2)
  const s = DD[0]
  const e = DD[1] + l + l2
  const s2 = s + e
  DD[0] = s2
  DD[1] = e - (s2 - s)
}
function ddDiv(h: number, l: number, b: number): number {
  const q1 = h / b
  const pr = q1 * b
  let t = SPLIT * q1
  const qh = t - (t - q1), ql = q1 - qh
  t = SPLIT * b
  const bh = t - (t - b), bl = b - bh
  const err = qh * bh - pr + qh * bl + ql * bh + ql * bl
  return q1 + (h - pr - err + l) / b
}

function minkowskiDistance(m: FeatureMatrix, euclidean: boolean): Float64Array {
  const { nItems: n, nFeatures: p, data } = m
  const out = new Float64Array(n * n)
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      // R_euclidean / R_manhattan: dev = x[i] − x[j] summed over columns in order
      let s = 0
      for (let c = 0; c < p; c++) {
        const dev = data[i * p + c] - data[j * p + c]
        s += euclidean ? dev * dev : Math.abs(dev)
      }
      const d = euclidean ? Math.sqrt(s) : s
      out[i * n + j] = d
      out[j * n + i] = d
    }
  }
  return out
}

/** Dissimilarity between two vectors (for nearest-centroid assignment). */
export function vectorDistance(a: ArrayLike<number>, b: ArrayLike<number>, distance: DistanceName): number {
  const p = a.length
  const data = new Float64Array(2 * p)
  for (let j = 0; j < p; j++) {
    data[j] = a[j]
    data[p + j] = b[j]
  }
  return distanceMatrix({ nItems: 2, nFeatures: p, data }, distance)[1]
}

/** Rows `rows` and columns `cols` of a row-major matrix with `p` columns. */
export function subMatrix(m: FeatureMatrix, rows: ArrayLike<number>, cols?: ArrayLike<number>): FeatureMatrix {
  const p = m.nFeatures
  const nc = cols ? cols.length : p
  const out = new Float64Array(rows.length * nc)
  for (let a = 0; a < rows.length; a++) {
    const base = rows[a] * p
    if (cols) for (let b = 0; b < nc; b++) out[a * nc + b] = m.data[base + cols[b]]
    else out.set(m.data.subarray(base, base + p), a * nc)
  }
  return { nItems: rows.length, nFeatures: nc, data: out }
}
