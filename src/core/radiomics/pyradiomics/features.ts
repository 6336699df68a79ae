// pyradiomics feature classes on one cropped box (image + ROI mask), under pyradiomics' names.
// The count matrices are the engine's (matrices/*.ts) and the formulas the engine's IBSI ones
// (features/*.ts) wherever pyradiomics agrees with IBSI; what pyradiomics does differently is
// here: per-angle features averaged with nanmean (or matrices summed under weightingNorm),
// Ng = highest occupied grey level, GLCM MCC, Correlation = 1 and Imc1 = 0 for flat matrices,
// voxelArrayShift in Energy/TotalEnergy/RMS, kurtosis without −3, first-order histogram on the
// pyradiomics bin edges, population covariance for the shape axes, the three 2D diameters.
// References: pyradiomics documentation "Radiomic Features" (firstorder, shape, glcm, glrlm,
// glszm, ngtdm, gldm sections) and the matching radiomics/*.py modules.

import type { LevelGrid } from '../matrices/grid.ts'
import { glcmCounts } from '../matrices/glcm.ts'
import { glrlmCounts } from '../matrices/glrlm.ts'
import { findZones } from '../matrices/zones.ts'
import { ngtdmCounts } from '../matrices/ngtdm.ts'
import { ngldmCounts } from '../matrices/ngldm.ts'
import { glcmFeatures } from '../features/glcm.ts'
import { zoneFeatures, sumMatrices, ZONE_NAMES } from '../features/zone_like.ts'
import { ngtdmFeatures } from '../features/ngtdm.ts'
import { quantileSorted } from '../../math/quantiles.ts'
import { marchingCubes } from '../features/mesh.ts'
import { pyradiomicsMesh } from './mesh.ts'
import { hullCandidates } from '../features/convex_hull.ts'
import { symmetricEigenvalues3 } from '../features/morphology_linalg.ts'
import { binEdges, discretiseBox, histogramCounts } from './discretise.ts'
import { symmetricEigenvalues } from './linalg.ts'
import type { PyrSettings } from './params.ts'

export interface PyrBox {
  dims: [number, number, number]
  spacing: [number, number, number]
  image: Float64Array
  mask: Uint8Array
}

const EPS = 2.220446049250313e-16

// ---- first order ------------------------------------------------------------------------------

export function firstOrder(box: PyrBox, s: PyrSettings): Record<string, number> {
  const vals: number[] = []
  for (let v = 0; v < box.mask.length; v++) if (box.mask[v]) vals.push(box.image[v])
  const x = Float64Array.from(vals).sort()
  const n = x.length
  const c = s.voxelArrayShift
  let sum = 0, energy = 0
  for (let i = 0; i < n; i++) { sum += x[i]; energy += (x[i] + c) * (x[i] + c) }
  const mean = sum / n
  let m2 = 0, m3 = 0, m4 = 0, mad = 0
  for (let i = 0; i < n; i++) { const d = x[i] - mean; m2 += d * d; m3 += d * d * d; m4 += d * d * d * d; mad += Math.abs(d) }
  m2 /= n; m3 /= n; m4 /= n; mad /= n
  const p10 = quantileSorted(x, 0.1), p90 = quantileSorted(x, 0.9)
  let rs = 0, rn = 0
  for (let i = 0; i < n; i++) if (x[i] >= p10 && x[i] <= p90) { rs += x[i]; rn++ }
  const rmean = rs / rn
  let rmad = 0
  for (let i = 0; i < n; i++) if (x[i] >= p10 && x[i] <= p90) rmad += Math.abs(x[i] - rmean)
  rmad /= rn
  const hist = histogramCounts(x, binEdges(x, s.binWidth, s.binCount))
  let hs = 0
  for (let k = 0; k < hist.length; k++) hs += hist[k]
  let entropy = 0, uniformity = 0
  for (let k = 0; k < hist.length; k++) {
    const p = (hist[k] + EPS) / hs
    entropy -= p * Math.log2(p)
    const q = hist[k] / (hs + EPS)
    uniformity += q * q
  }
  const voxelVolume = box.spacing[0] * box.spacing[1] * box.spacing[2]
  return {
    Energy: energy,
    TotalEnergy: voxelVolume * energy,
    Entropy: entropy,
    Minimum: x[0],
    '10Percentile': p10,
    '90Percentile': p90,
    Maximum: x[n - 1],
    Mean: mean,
    Median: quantileSorted(x, 0.5),
    InterquartileRange: quantileSorted(x, 0.75) - quantileSorted(x, 0.25),
    Range: x[n - 1] - x[0],
    MeanAbsoluteDeviation: mad,
    RobustMeanAbsoluteDeviation: rmad,
    RootMeanSquared: Math.sqrt(energy / n),
    StandardDeviation: Math.sqrt(m2),
    Skewness: m2 === 0 ? 0 : m3 / Math.pow(m2, 1.5),
    Kurtosis: m2 === 0 ? 0 : m4 / (m2 * m2),
    Variance: m2,
    Uniformity: uniformity,
  }
}

// ---- texture helpers --------------------------------------------------------------------------

/** Offsets with Chebyshev norm in `distances`, one per ± pair; in-plane (dz = 0) when planar. */
export function pyradiomicsAngles(distances: number[], planar: boolean): [number, number, number][] {
  const out: [number, number, number][] = []
  const dmax = Math.max(...distances)
  const want = new Set(distances)
  for (let z = planar ? 0 : -dmax; z <= (planar ? 0 : dmax); z++)
    for (let y = -dmax; y <= dmax; y++)
      for (let x = -dmax; x <= dmax; x++) {
        const norm = Math.max(Math.abs(x), Math.abs(y), Math.abs(z))
        if (!want.has(norm)) continue
        // keep the representative whose first non-zero component (z, then y, then x) is positive
        const first = z !== 0 ? z : y !== 0 ? y : x
        if (first > 0) out.push([x, y, z])
      }
  return out
}

/** Feature-wise mean of records, ignoring NaN values and null records (numpy.nanmean over angles). */
function nanMean(recs: (Record<string, number> | null)[]): Record<string, number> {
  const out: Record<string, number> = {}
  const ok = recs.filter((r): r is Record<string, number> => r !== null)
  if (ok.length === 0) return out
  for (const k of Object.keys(ok[0])) {
    let s = 0, n = 0
    for (const r of ok) if (!Number.isNaN(r[k])) { s += r[k]; n++ }
    out[k] = n ? s / n : NaN
  }
  return out
}

/** Distance weight of an angle (pyradiomics glcm/glrlm weightingNorm); offsets in voxels, x-y-z. */
function angleDistance(a: [number, number, number], spacing: [number, number, number], norm: NonNullable<PyrSettings['weightingNorm']>): number {
  const d = [Math.abs(a[0]) * spacing[0], Math.abs(a[1]) * spacing[1], Math.abs(a[2]) * spacing[2]]
  if (norm === 'infinity') return Math.max(...d)
  if (norm === 'euclidean') return Math.hypot(d[0], d[1], d[2])
  if (norm === 'manhattan') return d[0] + d[1] + d[2]
  return NaN
}

/** Swap axes so that pyradiomics' force2Ddimension (numpy axis 0 = z, 1 = y, 2 = x) becomes the slice axis z. */
export function toSliceAxis(box: PyrBox, dim: 0 | 1 | 2): PyrBox {
  if (dim === 0) return box
  const a = dim === 1 ? 1 : 0 // axis (x = 0, y = 1) that becomes z
  const [nx, ny, nz] = box.dims
  const perm = a === 1 ? [0, 2, 1] : [2, 1, 0] // new axis t takes old axis perm[t]
  const od = [nx, ny, nz]
  const nd: [number, number, number] = [od[perm[0]], od[perm[1]], od[perm[2]]]
  const sp: [number, number, number] = [box.spacing[perm[0]], box.spacing[perm[1]], box.spacing[perm[2]]]
  const img = new Float64Array(box.image.length), m = new Uint8Array(box.mask.length)
  const idx = [0, 0, 0]
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        idx[0] = i; idx[1] = j; idx[2] = k
        const w = idx[perm[0]] + nd[0] * (idx[perm[1]] + nd[1] * idx[perm[2]])
        img[w] = box.image[v]; m[w] = box.mask[v]
      }
  return { dims: nd, spacing: sp, image: img, mask: m }
}

export interface TextureInput { grid: LevelGrid; box: PyrBox; planar: boolean; settings: PyrSettings }

export function textureInput(box0: PyrBox, s: PyrSettings): TextureInput {
  const box = s.force2D ? toSliceAxis(box0, s.force2Ddimension) : box0
  const d = discretiseBox(box.image, box.mask, s.binWidth, s.binCount)
  return { grid: { dims: box.dims, levels: d.levels, ng: Math.max(1, d.ng) }, box, planar: s.force2D, settings: s }
}

// ---- GLCM ---------------------------------------------------------------------------------------

function glcmRecord(counts: Float64Array, ng: number): Record<string, number> | null {
  const f = glcmFeatures(counts, ng)
  if (!f) return null
  let present = 0
  for (let i = 0; i < ng; i++) {
    let r = 0
    for (let j = 0; j < ng; j++) r += counts[i * ng + j]
    if (r > 0) present++
  }
  const flat = present <= 1
  const ent = glcmEntropies(counts, ng)
  return {
    Autocorrelation: f.auto_corr,
    JointAverage: f.joint_avg,
    ClusterProminence: f.clust_prom,
    ClusterShade: f.clust_shade,
    ClusterTendency: f.clust_tend,
    Contrast: f.contrast,
    Correlation: flat || !Number.isFinite(f.corr) ? 1 : f.corr,
    DifferenceAverage: f.diff_avg,
    DifferenceEntropy: ent.diff,
    DifferenceVariance: f.diff_var,
    JointEnergy: f.energy,
    JointEntropy: ent.joint,
    Imc1: flat || !Number.isFinite(f.info_corr1) ? 0 : f.info_corr1,
    Imc2: f.info_corr2,
    Idm: f.inv_diff_mom,
    MCC: mcc(counts, ng),
    Idmn: f.inv_diff_mom_norm,
    Id: f.inv_diff,
    Idn: f.inv_diff_norm,
    InverseVariance: f.inv_var,
    MaximumProbability: f.joint_max,
    SumAverage: f.sum_avg,
    SumEntropy: ent.sum,
    SumSquares: f.joint_var,
  }
}

/** Joint, difference and sum entropies with pyradiomics' −Σ p·log2(p + ε) (−3.2e-16, not 0, for a flat region). */
function glcmEntropies(counts: Float64Array, ng: number): { joint: number; diff: number; sum: number } {
  let total = 0
  for (let t = 0; t < counts.length; t++) total += counts[t]
  const pd = new Float64Array(ng), ps = new Float64Array(2 * ng + 1)
  let joint = 0
  for (let i = 0; i < ng; i++)
    for (let j = 0; j < ng; j++) {
      const c = counts[i * ng + j]
      if (c === 0) continue
      const p = c / total
      joint -= p * Math.log2(p + EPS)
      pd[Math.abs(i - j)] += p
      ps[i + j + 2] += p
    }
  let diff = 0, sum = 0
  for (const p of pd) if (p > 0) diff -= p * Math.log2(p + EPS)
  for (const p of ps) if (p > 0) sum -= p * Math.log2(p + EPS)
  return { joint, diff, sum }
}

/**
 * Maximal correlation coefficient: √(second largest eigenvalue of Q), Q(i,j) = Σ_k p(i,k)p(j,k)/(p_x(i)p_y(k)).
 * For a symmetric GLCM Q = D⁻¹ P D⁻¹ Pᵀ with D = diag(p_x), similar to the symmetric
 * D^-½ P D⁻¹ Pᵀ D^-½ = S² (S = D^-½ P D^-½). 1 for a single grey level (pyradiomics).
 */
function mcc(counts: Float64Array, ng: number): number {
  let total = 0
  for (let t = 0; t < counts.length; t++) total += counts[t]
  const lv: number[] = []
  const px = new Float64Array(ng)
  for (let i = 0; i < ng; i++) {
    let r = 0
    for (let j = 0; j < ng; j++) r += counts[i * ng + j]
    px[i] = r / total
    if (r > 0) lv.push(i)
  }
  const m = lv.length
  if (m < 2) return 1
  // S = D^-½ P D^-½ on the occupied levels is symmetric and Q is similar to S·Sᵀ = S², so the
  // eigenvalues of Q are the squared eigenvalues of S (the largest is 1): MCC = 2nd largest |λ(S)|
  const S = new Float64Array(m * m)
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) S[a * m + b] = counts[lv[a] * ng + lv[b]] / total / Math.sqrt(px[lv[a]] * px[lv[b]])
  const ev = Array.from(symmetricEigenvalues(S, m), Math.abs).sort((x, y) => y - x)
  return ev[1]
}

export function glcm(t: TextureInput): Record<string, number> {
  const { grid, planar, settings: s } = t
  const angles = pyradiomicsAngles(s.distances, planar).filter((a) => a.every((x, i) => Math.abs(x) < grid.dims[i]))
  const mats = angles.map((a) => glcmCounts(grid, a, false)[0])
  if (s.weightingNorm !== null) {
    const sum = new Float64Array(grid.ng * grid.ng)
    angles.forEach((a, q) => {
      const w = s.weightingNorm === 'no_weighting' ? 1 : Math.exp(-(angleDistance(a, t.box.spacing, s.weightingNorm!) ** 2))
      for (let v = 0; v < sum.length; v++) sum[v] += w * mats[q][v]
    })
    return glcmRecord(sum, grid.ng) ?? {}
  }
  return nanMean(mats.map((m) => glcmRecord(m, grid.ng)))
}

// ---- GLRLM / GLSZM / GLDM -----------------------------------------------------------------------

const RLM_NAMES: Record<string, string> = {
  sre: 'ShortRunEmphasis', lre: 'LongRunEmphasis', lgre: 'LowGrayLevelRunEmphasis', hgre: 'HighGrayLevelRunEmphasis',
  srlge: 'ShortRunLowGrayLevelEmphasis', srhge: 'ShortRunHighGrayLevelEmphasis', lrlge: 'LongRunLowGrayLevelEmphasis', lrhge: 'LongRunHighGrayLevelEmphasis',
  glnu: 'GrayLevelNonUniformity', glnu_norm: 'GrayLevelNonUniformityNormalized', rlnu: 'RunLengthNonUniformity', rlnu_norm: 'RunLengthNonUniformityNormalized',
  r_perc: 'RunPercentage', gl_var: 'GrayLevelVariance', rl_var: 'RunVariance', rl_entr: 'RunEntropy',
}
const SZM_NAMES: Record<string, string> = {
  sze: 'SmallAreaEmphasis', lze: 'LargeAreaEmphasis', lgze: 'LowGrayLevelZoneEmphasis', hgze: 'HighGrayLevelZoneEmphasis',
  szlge: 'SmallAreaLowGrayLevelEmphasis', szhge: 'SmallAreaHighGrayLevelEmphasis', lzlge: 'LargeAreaLowGrayLevelEmphasis', lzhge: 'LargeAreaHighGrayLevelEmphasis',
  glnu: 'GrayLevelNonUniformity', glnu_norm: 'GrayLevelNonUniformityNormalized', zsnu: 'SizeZoneNonUniformity', zsnu_norm: 'SizeZoneNonUniformityNormalized',
  z_perc: 'ZonePercentage', gl_var: 'GrayLevelVariance', zs_var: 'ZoneVariance', zs_entr: 'ZoneEntropy',
}
const GLDM_NAMES: Record<string, string> = {
  lde: 'SmallDependenceEmphasis', hde: 'LargeDependenceEmphasis', lgce: 'LowGrayLevelEmphasis', hgce: 'HighGrayLevelEmphasis',
  ldlge: 'SmallDependenceLowGrayLevelEmphasis', ldhge: 'SmallDependenceHighGrayLevelEmphasis', hdlge: 'LargeDependenceLowGrayLevelEmphasis', hdhge: 'LargeDependenceHighGrayLevelEmphasis',
  glnu: 'GrayLevelNonUniformity', glnu_norm: 'GrayLevelNonUniformityNormalized', dcnu: 'DependenceNonUniformity', dcnu_norm: 'DependenceNonUniformityNormalized',
  gl_var: 'GrayLevelVariance', dc_var: 'DependenceVariance', dc_entr: 'DependenceEntropy',
}

function renamed(rec: Record<string, number> | null, names: Record<string, string>): Record<string, number> | null {
  if (!rec) return null
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(names)) if (k in rec) out[v] = rec[k]
  return out
}

function runVoxels(c: Float64Array, ng: number, maxLen: number): number {
  let nv = 0
  for (let i = 0; i < ng; i++) for (let j = 0; j < maxLen; j++) nv += (j + 1) * c[i * maxLen + j]
  return nv
}

export function glrlm(t: TextureInput): Record<string, number> {
  const { grid, planar, settings: s } = t
  const ng = grid.ng
  const angles = pyradiomicsAngles([1], planar).filter((a) => a.every((x, i) => Math.abs(x) < grid.dims[i]))
  const mats = angles.map((a) => glrlmCounts(grid, a, false)[0])
  const maxLen = mats[0].maxLen
  const f = (c: Float64Array) => renamed(zoneFeatures(c, ng, maxLen, runVoxels(c, ng, maxLen), ZONE_NAMES.rlm), RLM_NAMES)
  if (s.weightingNorm !== null) {
    const sum = new Float64Array(ng * maxLen)
    angles.forEach((a, q) => {
      const w = s.weightingNorm === 'no_weighting' ? 1 : angleDistance(a, t.box.spacing, s.weightingNorm!)
      for (let v = 0; v < sum.length; v++) sum[v] += w * mats[q].counts[v]
    })
    return f(sum) ?? {}
  }
  return nanMean(mats.map((m) => f(m.counts)))
}

export function glszm(t: TextureInput): Record<string, number> {
  const { grid, planar } = t
  const ng = grid.ng
  const z = findZones(grid, planar, t.box.mask)
  let maxLen = 1, np = 0
  for (let q = 0; q < z.count; q++) { if (z.size[q] > maxLen) maxLen = z.size[q]; np += z.size[q] }
  const counts = new Float64Array(ng * maxLen)
  for (let q = 0; q < z.count; q++) counts[(z.level[q] - 1) * maxLen + z.size[q] - 1]++
  return renamed(zoneFeatures(counts, ng, maxLen, np, ZONE_NAMES.szm), SZM_NAMES) ?? {}
}

export function gldm(t: TextureInput): Record<string, number> {
  const { grid, planar, settings: s } = t
  const per = ngldmCounts(grid, planar, Math.max(...s.distances), s.gldm_a)
  const c = per.length === 1 ? per[0].counts : sumMatrices(per.map((m) => m.counts))
  let nz = 0
  for (let q = 0; q < c.length; q++) nz += c[q]
  return renamed(zoneFeatures(c, grid.ng, per[0].maxLen, nz, ZONE_NAMES.ngl), GLDM_NAMES) ?? {}
}

export function ngtdm(t: TextureInput): Record<string, number> {
  const { grid, planar, settings: s } = t
  const per = ngtdmCounts(grid, planar, Math.max(...s.distances))
  const sArr = per.length === 1 ? per[0].s : sumMatrices(per.map((m) => m.s))
  const nArr = per.length === 1 ? per[0].n : sumMatrices(per.map((m) => m.n))
  const f = ngtdmFeatures(sArr, nArr)
  if (!f) return {}
  return { Coarseness: f.coarseness, Contrast: f.contrast, Busyness: f.busyness, Complexity: f.complexity, Strength: f.strength }
}

// ---- shape --------------------------------------------------------------------------------------

/** Largest squared distance between mesh vertices sharing a lattice coordinate on `axis` (2D hull per plane). */
function planeDiameter2(L: Int32Array, V: Float64Array, axis: number): number {
  const u = (axis + 1) % 3, w = (axis + 2) % 3
  const planes = new Map<number, number[]>()
  for (let t = 0; t < L.length / 3; t++) {
    const c = L[3 * t + axis]
    let list = planes.get(c)
    if (!list) planes.set(c, (list = []))
    list.push(t)
  }
  let best = 0
  for (const pts of planes.values()) {
    pts.sort((a, b) => L[3 * a + u] - L[3 * b + u] || L[3 * a + w] - L[3 * b + w])
    const cross = (o: number, a: number, b: number) => (L[3 * a + u] - L[3 * o + u]) * (L[3 * b + w] - L[3 * o + w]) - (L[3 * a + w] - L[3 * o + w]) * (L[3 * b + u] - L[3 * o + u])
    const chain = (list: number[]) => {
      const st: number[] = []
      for (const t of list) {
        while (st.length >= 2 && cross(st[st.length - 2], st[st.length - 1], t) <= 0) st.pop()
        st.push(t)
      }
      st.pop()
      return st
    }
    const hull = pts.length <= 2 ? pts : [...chain(pts), ...chain(pts.slice().reverse())]
    for (let a = 0; a < hull.length; a++)
      for (let b = a + 1; b < hull.length; b++) {
        const p = 3 * hull[a], q = 3 * hull[b]
        const dx = V[q] - V[p], dy = V[q + 1] - V[p + 1], dz = V[q + 2] - V[p + 2]
        const d2 = dx * dx + dy * dy + dz * dz
        if (d2 > best) best = d2
      }
  }
  return best
}

export function shape(box: PyrBox): Record<string, number> {
  const { dims, spacing, mask } = box
  // area and volume from pyradiomics' own table; the vertices (edge midpoints, the same for any
  // table) of the engine's mesh for the diameters
  const mesh = marchingCubes(mask, dims, spacing)
  const { area, volume } = pyradiomicsMesh(mask, dims, spacing)
  const L = mesh.lattice, V = mesh.vertices
  // the largest distances are between convex-hull vertices: of the mesh (3D) or of each plane's vertices (2D)
  const cand = hullCandidates(L)
  let d3 = 0
  for (let a = 0; a < cand.length; a++) {
    const p = 3 * cand[a]
    for (let b = a + 1; b < cand.length; b++) {
      const q = 3 * cand[b]
      const dx = V[q] - V[p], dy = V[q + 1] - V[p + 1], dz = V[q + 2] - V[p + 2]
      const d2 = dx * dx + dy * dy + dz * dz
      if (d2 > d3) d3 = d2
    }
  }
  const dSlice = planeDiameter2(L, V, 2), dCol = planeDiameter2(L, V, 1), dRow = planeDiameter2(L, V, 0)
  // PCA of voxel-centre coordinates, population covariance (pyradiomics shape.py)
  const [nx, ny, nz] = dims
  let n = 0, cx = 0, cy = 0, cz = 0
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) if (mask[v]) { n++; cx += i * spacing[0]; cy += j * spacing[1]; cz += k * spacing[2] }
  cx /= n; cy /= n; cz /= n
  const C = [0, 0, 0, 0, 0, 0, 0, 0, 0]
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (!mask[v]) continue
    const x = i * spacing[0] - cx, y = j * spacing[1] - cy, z = k * spacing[2] - cz
    C[0] += x * x; C[1] += x * y; C[2] += x * z; C[4] += y * y; C[5] += y * z; C[8] += z * z
  }
  for (const q of [0, 1, 2, 4, 5, 8]) C[q] /= n
  C[3] = C[1]; C[6] = C[2]; C[7] = C[5]
  const ev = symmetricEigenvalues3(C).map((e) => (e < 0 && e > -1e-10 ? 0 : e)) // descending
  const [lMajor, lMinor, lLeast] = ev
  const sqrtOrNaN = (x: number) => (x < 0 ? NaN : Math.sqrt(x))
  return {
    MeshVolume: volume,
    VoxelVolume: n * spacing[0] * spacing[1] * spacing[2],
    SurfaceArea: area,
    SurfaceVolumeRatio: area / volume,
    Sphericity: Math.cbrt(36 * Math.PI * volume * volume) / area,
    Compactness1: volume / (Math.pow(area, 1.5) * Math.sqrt(Math.PI)),
    Compactness2: (36 * Math.PI * volume * volume) / (area * area * area),
    SphericalDisproportion: area / Math.cbrt(36 * Math.PI * volume * volume),
    Maximum3DDiameter: Math.sqrt(d3),
    Maximum2DDiameterSlice: Math.sqrt(dSlice),
    Maximum2DDiameterColumn: Math.sqrt(dCol),
    Maximum2DDiameterRow: Math.sqrt(dRow),
    MajorAxisLength: 4 * sqrtOrNaN(lMajor),
    MinorAxisLength: 4 * sqrtOrNaN(lMinor),
    LeastAxisLength: 4 * sqrtOrNaN(lLeast),
    Elongation: Math.sqrt(lMinor / lMajor),
    Flatness: Math.sqrt(lLeast / lMajor),
  }
}

// ---- shape2D ------------------------------------------------------------------------------------

/**
 * pyradiomics shape2D on a box whose slice axis (z) has size 1: marching squares at the pixel-edge
 * midpoints (perimeter, signed shoelace area, vertex diameter), pixel surface and a population PCA.
 * Ambiguous squares (two diagonal corners inside) keep the inside corners apart.
 */
export function shape2D(box: PyrBox): Record<string, number> {
  const [nx, ny] = box.dims
  const [sx, sy] = box.spacing
  const m = box.mask
  const at = (i: number, j: number) => (i >= 0 && j >= 0 && i < nx && j < ny && m[i + nx * j] ? 1 : 0)
  // square corners CCW: (0,0) (1,0) (1,1) (0,1); edge e joins corner e and e+1
  const CX = [0, 1, 1, 0], CY = [0, 0, 1, 1]
  let perimeter = 0, area2 = 0
  const verts = new Map<number, [number, number]>()
  for (let j = -1; j < ny; j++)
    for (let i = -1; i < nx; i++) {
      const c = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)]
      const s = c[0] + c[1] + c[2] + c[3]
      if (s === 0 || s === 4) continue
      const cross: { e: number; outToIn: boolean; x: number; y: number }[] = []
      for (let e = 0; e < 4; e++) {
        const a = e, b = (e + 1) % 4
        if (c[a] === c[b]) continue
        // doubled-grid coordinates of the edge midpoint (integers) for de-duplication
        const X2 = 2 * i + CX[a] + CX[b], Y2 = 2 * j + CY[a] + CY[b]
        const x = (X2 / 2) * sx, y = (Y2 / 2) * sy
        verts.set((X2 + 2) + (2 * nx + 4) * (Y2 + 2), [x, y])
        cross.push({ e, outToIn: c[a] === 0, x, y })
      }
      for (let t = 0; t < cross.length; t++) {
        if (!cross[t].outToIn) continue
        const p = cross[t], q = cross[(t + 1) % cross.length]
        perimeter += Math.hypot(q.x - p.x, q.y - p.y)
        area2 += p.x * q.y - q.x * p.y
      }
    }
  const surface = Math.abs(area2) / 2
  const V = [...verts.values()]
  let d2 = 0
  for (let a = 0; a < V.length; a++) for (let b = a + 1; b < V.length; b++) {
    const dx = V[a][0] - V[b][0], dy = V[a][1] - V[b][1]
    if (dx * dx + dy * dy > d2) d2 = dx * dx + dy * dy
  }
  let n = 0, mx = 0, my = 0
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (m[i + nx * j]) { n++; mx += i * sx; my += j * sy }
  mx /= n; my /= n
  let cxx = 0, cxy = 0, cyy = 0
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (m[i + nx * j]) { const x = i * sx - mx, y = j * sy - my; cxx += x * x; cxy += x * y; cyy += y * y }
  cxx /= n; cxy /= n; cyy /= n
  const tr = cxx + cyy, det = cxx * cyy - cxy * cxy
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det))
  let l1 = tr / 2 + disc, l2 = tr / 2 - disc
  if (l2 < 0 && l2 > -1e-10) l2 = 0
  if (l1 < 0 && l1 > -1e-10) l1 = 0
  const sph = (2 * Math.sqrt(Math.PI * surface)) / perimeter
  return {
    MeshSurface: surface,
    PixelSurface: n * sx * sy,
    Perimeter: perimeter,
    PerimeterSurfaceRatio: perimeter / surface,
    Sphericity: sph,
    SphericalDisproportion: 1 / sph,
    MaximumDiameter: Math.sqrt(d2),
    MajorAxisLength: l1 < 0 ? NaN : 4 * Math.sqrt(l1),
    MinorAxisLength: l2 < 0 ? NaN : 4 * Math.sqrt(l2),
    Elongation: l1 < 0 || l2 < 0 ? NaN : Math.sqrt(l2 / l1),
  }
}
