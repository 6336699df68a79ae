// Feature extraction for one image and mask: the IBSI-1 processing chain (image_processing.ts)
// followed by every requested feature family, with the IBSI aggregation variants for texture
// (reference manual §3.6–3.11 and "feature aggregation"): 2D_avg, 2D_comb, 2_5D_avg, 2_5D_comb,
// 3D_avg, 3D_comb for GLCM/GLRLM; _2D, _2_5D, _3D for the zone and neighbourhood families.
// Returns a plain record {features, settings, warnings}; names are IBSI tags (e.g. cm_contrast_3D_comb).

import type { Volume } from '../image/volume.ts'
import { sameGrid } from '../image/volume.ts'
import { InputError } from '../errors.ts'
import { throwIfCancelled, type JobContext } from '../job.ts'
import type { RadiomicsSettings } from './settings.ts'
import { discretise, resample, resampleMask, resegmentOutliers, resegmentRange } from './image_processing.ts'
import { directions, occupiedSlices, type LevelGrid } from './matrices/grid.ts'
import { glcmCounts, glcmCountsMerged } from './matrices/glcm.ts'
import { glrlmCounts } from './matrices/glrlm.ts'
import { findZones, type Zones } from './matrices/zones.ts'
import { ngtdmCounts } from './matrices/ngtdm.ts'
import { ngldmCounts } from './matrices/ngldm.ts'
import { glcmFeatures } from './features/glcm.ts'
import { sumMatrices, zoneFeatures, ZONE_NAMES } from './features/zone_like.ts'
import { ngtdmFeatures } from './features/ngtdm.ts'
import { intensityStatistics } from './features/statistics.ts'
import { histogramFeatures } from './features/histogram.ts'
import { ivhFeatures } from './features/ivh.ts'
import { localIntensityFeatures } from './features/local_intensity.ts'
import { morphologyFeatures } from './features/morphology.ts'

export interface RadiomicsResult {
  features: Record<string, number>
  settings: RadiomicsSettings
  warnings: string[]
}

type Box = { lo: [number, number, number]; hi: [number, number, number] }

function boundingBox(mask: Uint8Array, dims: [number, number, number]): Box | null {
  const [nx, ny, nz] = dims
  const lo: [number, number, number] = [Infinity, Infinity, Infinity], hi: [number, number, number] = [-1, -1, -1]
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k)
      let first = -1, last = -1
      for (let i = 0; i < nx; i++) if (mask[row + i]) { if (first < 0) first = i; last = i }
      if (first < 0) continue
      if (first < lo[0]) lo[0] = first; if (last > hi[0]) hi[0] = last
      if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j
      if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k
    }
  return hi[0] < 0 ? null : { lo, hi }
}

function crop<T extends Float64Array | Uint8Array>(data: ArrayLike<number>, dims: [number, number, number], box: Box, make: (n: number) => T): T {
  const [nx, ny] = dims
  const bx = box.hi[0] - box.lo[0] + 1, by = box.hi[1] - box.lo[1] + 1, bz = box.hi[2] - box.lo[2] + 1
  const out = make(bx * by * bz)
  let o = 0
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const base = nx * (j + ny * k)
      for (let i = box.lo[0]; i <= box.hi[0]; i++) out[o++] = data[base + i]
    }
  return out
}

function maskStats(values: Float64Array, mask: Uint8Array, dims: [number, number, number], box: Box | null): { count: number; mean: number; min: number; max: number } {
  let n = 0, s = 0, mn = Infinity, mx = -Infinity
  if (!box) return { count: 0, mean: NaN, min: NaN, max: NaN }
  const [nx, ny] = dims
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], v = box.lo[0] + nx * (j + ny * k); i <= box.hi[0]; i++, v++) {
        if (!mask[v]) continue
        const x = values[v]
        n++; s += x
        if (x < mn) mn = x
        if (x > mx) mx = x
      }
  return { count: n, mean: s / n, min: mn, max: mx }
}

function imageStats(values: Float64Array): { mean: number; min: number; max: number } {
  let s = 0, mn = Infinity, mx = -Infinity, n = 0
  for (let v = 0; v < values.length; v++) {
    const x = values[v]
    if (!Number.isFinite(x)) continue
    n++; s += x
    if (x < mn) mn = x
    if (x > mx) mx = x
  }
  return { mean: s / n, min: mn, max: mx }
}

/** The ROI (mask = label, or > 0) without the NaN/Inf voxels of the image, and how many were dropped. */
function roiFromMask(mask: ArrayLike<number>, image: Float64Array, label: number | undefined): { roi: Uint8Array; nonFinite: number } {
  const n = image.length
  const roi = new Uint8Array(n)
  let nonFinite = 0
  const lab = label ?? 0
  const any = label === undefined
  for (let v = 0; v < n; v++) {
    const m = mask[v]
    if (m === 0 || (any ? !(m > 0) : m !== lab)) continue
    const x = image[v]
    if (x - x === 0) roi[v] = 1
    else nonFinite++
  }
  return { roi, nonFinite }
}

/** Average records feature-wise (null records, e.g. empty slices, are skipped). */
function average(recs: (Record<string, number> | null)[]): Record<string, number> | null {
  const ok = recs.filter((r): r is Record<string, number> => r !== null)
  if (ok.length === 0) return null
  const out: Record<string, number> = {}
  for (const k of Object.keys(ok[0])) {
    let s = 0
    for (const r of ok) s += r[k]
    out[k] = s / ok.length
  }
  return out
}

function put(features: Record<string, number>, prefix: string, rec: Record<string, number> | null, suffix: string, names?: readonly string[]): void {
  if (!rec) return
  for (const k of names ?? Object.keys(rec)) features[`${prefix}_${k}${suffix}`] = rec[k]
}

function runVoxels(counts: Float64Array, ng: number, maxLen: number): number {
  let nv = 0
  for (let i = 0; i < ng; i++) for (let j = 0; j < maxLen; j++) nv += (j + 1) * counts[i * maxLen + j]
  return nv
}

function zoneMatrix(z: Zones, ng: number, useDistance: boolean, filter: (t: number) => boolean): { counts: Float64Array; maxLen: number; nv: number } {
  let maxLen = 1
  for (let t = 0; t < z.count; t++) if (filter(t)) maxLen = Math.max(maxLen, useDistance ? z.distance[t] : z.size[t])
  const counts = new Float64Array(ng * maxLen)
  let nv = 0
  for (let t = 0; t < z.count; t++) {
    if (!filter(t)) continue
    const j = useDistance ? z.distance[t] : z.size[t]
    counts[(z.level[t] - 1) * maxLen + j - 1]++
    nv += z.size[t]
  }
  return { counts, maxLen, nv }
}

/** Extract features from an image and a mask on the same grid. */
export function extractFeatures(image0: Volume, mask: Volume, settings: RadiomicsSettings, ctx?: JobContext): RadiomicsResult {
  // one element type for every hot loop below (monomorphic typed-array access)
  const image: Volume<Float64Array> = { ...image0, data: image0.data instanceof Float64Array ? image0.data : new Float64Array(image0.data as unknown as ArrayLike<number>) }
  if (!sameGrid(image, mask, 1e-3)) throw new InputError(`the mask grid (${mask.dims.join('×')}) differs from the image grid (${image.dims.join('×')}); resample the mask onto the image first`, 'mask')
  const warnings: string[] = []
  const features: Record<string, number> = {}
  const fam = new Set(settings.families)
  const label = settings.label
  const { roi: roi0, nonFinite } = roiFromMask(mask.data as ArrayLike<number>, image.data, label)
  if (nonFinite > 0) warnings.push(`${nonFinite} ROI voxel(s) with NaN/Inf intensity were excluded from the ROI`)
  const initBox = boundingBox(roi0, image.dims)
  if (!initBox) throw new InputError(label === undefined ? 'the mask has no voxel > 0; check the mask file' : `the mask has no voxel with label ${label}; check --label`, 'mask')
  const diag = (stage: string, img: Volume<Float64Array>, morph: Uint8Array, int: Uint8Array, withImage: boolean) => {
    if (withImage) {
      const st = imageStats(img.data)
      features[`img_dim_x_${stage}_img`] = img.dims[0]; features[`img_dim_y_${stage}_img`] = img.dims[1]; features[`img_dim_z_${stage}_img`] = img.dims[2]
      features[`vox_dim_x_${stage}_img`] = img.spacing[0]; features[`vox_dim_y_${stage}_img`] = img.spacing[1]; features[`vox_dim_z_${stage}_img`] = img.spacing[2]
      features[`mean_int_${stage}_img`] = st.mean; features[`min_int_${stage}_img`] = st.min; features[`max_int_${stage}_img`] = st.max
    }
    const roiStage = stage === 'init' ? 'init_roi' : stage === 'interp' ? 'interp_roi' : 'reseg_roi'
    const ib = boundingBox(int, img.dims)
    const mb = morph === int ? ib : boundingBox(morph, img.dims)
    features[`int_mask_dim_x_${roiStage}`] = img.dims[0]; features[`int_mask_dim_y_${roiStage}`] = img.dims[1]; features[`int_mask_dim_z_${roiStage}`] = img.dims[2]
    for (const [b, p] of [[ib, 'int'], [mb, 'morph']] as const)
      for (let a = 0; a < 3; a++) features[`${p}_mask_bb_dim_${'xyz'[a]}_${roiStage}`] = b ? b.hi[a] - b.lo[a] + 1 : 0
    const si = maskStats(img.data, int, img.dims, ib)
    const sm = morph === int ? si : maskStats(img.data, morph, img.dims, mb)
    features[`int_mask_vox_count_${roiStage}`] = si.count
    features[`morph_mask_vox_count_${roiStage}`] = sm.count
    features[`int_mask_mean_int_${roiStage}`] = si.mean; features[`int_mask_min_int_${roiStage}`] = si.min; features[`int_mask_max_int_${roiStage}`] = si.max
  }
  if (fam.has('diag')) diag('init', image, roi0, roi0, true)

  // interpolation
  let img: Volume<Float64Array>
  let morph: Uint8Array
  if (settings.interpolation) {
    const it = settings.interpolation
    img = resample(image, it.spacing, it.method, it.round)
    const m0: Volume<Uint8Array> = { ...mask, data: roi0 }
    morph = resampleMask(m0, it.spacing, it.maskMethod, it.maskThreshold).data
  } else {
    img = image
    morph = roi0
  }
  const int = morph.slice()
  ctx?.progress?.(0.05, 'interpolation')
  if (fam.has('diag')) diag('interp', img, morph, int, true)
  // re-segmentation (intensity mask only)
  const rs = settings.resegmentation
  if (rs?.range) resegmentRange(img.data, int, rs.range[0], rs.range[1])
  if (rs?.outlierSigma !== undefined) resegmentOutliers(img.data, int, rs.outlierSigma)
  if (fam.has('diag')) diag('reseg', img, morph, int, false)
  throwIfCancelled(ctx)

  // crop to the morphological mask's bounding box, with a margin for the local intensity sphere
  const mb = boundingBox(morph, img.dims)
  if (!mb) throw new InputError('the ROI is empty after interpolation of the mask; use a larger ROI or a finer spacing', 'mask')
  const rLoc = 10 * Math.cbrt(3 / (4 * Math.PI))
  const box: Box = { lo: [0, 0, 0], hi: [0, 0, 0] }
  for (let a = 0; a < 3; a++) {
    const margin = fam.has('loc') ? Math.ceil(rLoc / img.spacing[a]) : 0
    box.lo[a] = Math.max(0, mb.lo[a] - margin)
    box.hi[a] = Math.min(img.dims[a] - 1, mb.hi[a] + margin)
  }
  const dims: [number, number, number] = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1]
  const spacing: [number, number, number] = [img.spacing[0], img.spacing[1], img.spacing[2]]
  const bImg = crop(img.data, img.dims, box, (n) => new Float64Array(n))
  const bMorph = crop(morph, img.dims, box, (n) => new Uint8Array(n))
  const bInt = crop(int, img.dims, box, (n) => new Uint8Array(n))
  let nInt = 0
  for (let v = 0; v < bInt.length; v++) nInt += bInt[v]
  if (nInt === 0) throw new InputError('the ROI is empty after re-segmentation; widen the re-segmentation range', 'mask')
  const roiValues = new Float64Array(nInt)
  for (let v = 0, t = 0; v < bInt.length; v++) if (bInt[v]) roiValues[t++] = bImg[v]

  ctx?.progress?.(0.1, 're-segmentation')
  if (fam.has('morph')) Object.assign(features, prefixed('morph', morphologyFeatures({ dims, spacing, image: bImg, morphMask: bMorph, intMask: bInt }, settings.output !== 'paper')))
  ctx?.progress?.(0.2, 'morphology')
  if (fam.has('loc')) Object.assign(features, prefixed('loc', localIntensityFeatures(bImg, bInt, dims, spacing)))
  if (fam.has('stat')) Object.assign(features, prefixed('stat', intensityStatistics(roiValues, settings.output === 'paper')))
  throwIfCancelled(ctx)

  const rangeLo = rs?.range?.[0] ?? null, rangeHi = rs?.range?.[1] ?? null
  const disc = discretise(bImg, bInt, settings.discretisation, rangeLo, rangeHi)
  const grid: LevelGrid = { dims, levels: disc.levels, ng: disc.ng }
  if (fam.has('ih')) {
    const lv = new Float64Array(nInt)
    for (let v = 0, t = 0; v < bInt.length; v++) if (bInt[v]) lv[t++] = disc.levels[v]
    Object.assign(features, prefixed('ih', histogramFeatures(lv, disc.ng)))
  }
  if (fam.has('ivh')) Object.assign(features, prefixed('ivh', intensityVolumeHistogram(roiValues, settings, rangeLo, rangeHi)))
  ctx?.progress?.(0.35, 'intensity features')
  throwIfCancelled(ctx)

  const want2D = settings.dimensions.includes('2D'), want25 = settings.dimensions.includes('2.5D'), want3D = settings.dimensions.includes('3D')
  const planarNeeded = want2D || want25
  const ng = grid.ng
  const occupied = occupiedSlices(grid)

  if (fam.has('cm')) {
    const distances = settings.glcmDistances ?? [1]
    for (const d of distances) {
      const ds = distances.length > 1 ? `_d${d}` : ''
      if (planarNeeded) {
        const mats = directions(true).map((dir) => glcmCounts(grid, [dir[0] * d, dir[1] * d, dir[2] * d], true))
        if (want2D) {
          const perSliceDir: (Record<string, number> | null)[] = []
          const perSlice: (Record<string, number> | null)[] = []
          for (let k = 0; k < dims[2]; k++) {
            if (!occupied[k]) continue
            for (const m of mats) perSliceDir.push(glcmFeatures(m[k], ng))
            perSlice.push(glcmFeatures(sumMatrices(mats.map((m) => m[k])), ng))
          }
          put(features, 'cm', average(perSliceDir), `_2D_avg${ds}`)
          put(features, 'cm', average(perSlice), `_2D_comb${ds}`)
        }
        if (want25) {
          const perDir = mats.map((m) => sumMatrices(m))
          put(features, 'cm', average(perDir.map((m) => glcmFeatures(m, ng))), `_2_5D_avg${ds}`)
          put(features, 'cm', glcmFeatures(sumMatrices(perDir), ng), `_2_5D_comb${ds}`)
        }
      }
      if (want3D) {
        const offs = directions(false).map((dir): [number, number, number] => [dir[0] * d, dir[1] * d, dir[2] * d])
        if (settings.output === 'paper') put(features, 'cm', glcmFeatures(glcmCountsMerged(grid, offs), ng), `_3D_comb${ds}`)
        else {
          const mats = offs.map((o) => glcmCounts(grid, o, false)[0])
          put(features, 'cm', average(mats.map((m) => glcmFeatures(m, ng))), `_3D_avg${ds}`)
          put(features, 'cm', glcmFeatures(sumMatrices(mats), ng), `_3D_comb${ds}`)
        }
      }
    }
    ctx?.progress?.(0.5, 'GLCM')
    throwIfCancelled(ctx)
  }

  if (fam.has('rlm')) {
    const names = ZONE_NAMES.rlm
    const f = (c: Float64Array, maxLen: number) => zoneFeatures(c, ng, maxLen, runVoxels(c, ng, maxLen), names)
    if (planarNeeded) {
      const mats = directions(true).map((dir) => glrlmCounts(grid, dir, true))
      const maxLen = mats[0][0].maxLen
      if (want2D) {
        const perSliceDir: (Record<string, number> | null)[] = []
        const perSlice: (Record<string, number> | null)[] = []
        for (let k = 0; k < dims[2]; k++) {
          if (!occupied[k]) continue
          for (const m of mats) perSliceDir.push(f(m[k].counts, maxLen))
          perSlice.push(f(sumMatrices(mats.map((m) => m[k].counts)), maxLen))
        }
        put(features, 'rlm', average(perSliceDir), '_2D_avg')
        put(features, 'rlm', average(perSlice), '_2D_comb')
      }
      if (want25) {
        const perDir = mats.map((m) => sumMatrices(m.map((x) => x.counts)))
        put(features, 'rlm', average(perDir.map((m) => f(m, maxLen))), '_2_5D_avg')
        put(features, 'rlm', f(sumMatrices(perDir), maxLen), '_2_5D_comb')
      }
    }
    if (want3D) {
      const mats = directions(false).map((dir) => glrlmCounts(grid, dir, false)[0])
      const maxLen = mats[0].maxLen
      if (settings.output !== 'paper') put(features, 'rlm', average(mats.map((m) => f(m.counts, maxLen))), '_3D_avg')
      put(features, 'rlm', f(sumMatrices(mats.map((m) => m.counts)), maxLen), '_3D_comb')
    }
    ctx?.progress?.(0.65, 'GLRLM')
    throwIfCancelled(ctx)
  }

  if (fam.has('szm') || fam.has('dzm')) {
    const families = (['szm', 'dzm'] as const).filter((x) => fam.has(x))
    const emit = (z: Zones, planar: boolean, suffixPlanar: boolean) => {
      for (const family of families) {
        const useDist = family === 'dzm'
        const names = ZONE_NAMES[family]
        if (planar) {
          if (want2D) {
            const recs: (Record<string, number> | null)[] = []
            for (let k = 0; k < dims[2]; k++) {
              if (!occupied[k]) continue
              const m = zoneMatrix(z, ng, useDist, (t) => z.slice[t] === k)
              recs.push(zoneFeatures(m.counts, ng, m.maxLen, m.nv, names))
            }
            put(features, family, average(recs), '_2D')
          }
          if (want25) {
            const m = zoneMatrix(z, ng, useDist, () => true)
            put(features, family, zoneFeatures(m.counts, ng, m.maxLen, m.nv, names), '_2_5D')
          }
        } else {
          const m = zoneMatrix(z, ng, useDist, () => true)
          put(features, family, zoneFeatures(m.counts, ng, m.maxLen, m.nv, names), suffixPlanar ? '_2_5D' : '_3D')
        }
      }
    }
    // zone distances are measured to the edge of the morphological mask (holes left by
    // re-segmentation are not edges)
    if (planarNeeded) emit(findZones(grid, true, bMorph), true, false)
    if (want3D) emit(findZones(grid, false, bMorph), false, false)
    ctx?.progress?.(0.8, 'GLSZM/GLDZM')
    throwIfCancelled(ctx)
  }

  if (fam.has('ngt')) {
    if (planarNeeded) {
      const per = ngtdmCounts(grid, true)
      if (want2D) put(features, 'ngt', average(per.filter((_, k) => occupied[k]).map((m) => ngtdmFeatures(m.s, m.n))), '_2D')
      if (want25) put(features, 'ngt', ngtdmFeatures(sumMatrices(per.map((m) => m.s)), sumMatrices(per.map((m) => m.n))), '_2_5D')
    }
    if (want3D) {
      const m = ngtdmCounts(grid, false)[0]
      put(features, 'ngt', ngtdmFeatures(m.s, m.n), '_3D')
    }
  }

  if (fam.has('ngl')) {
    const d = settings.ngldm?.distance ?? 1, alpha = settings.ngldm?.coarseness ?? 0
    const names = ZONE_NAMES.ngl
    if (planarNeeded) {
      const per = ngldmCounts(grid, true, d, alpha)
      const maxLen = per[0].maxLen
      const nvOf = (c: Float64Array) => { let s = 0; for (let t = 0; t < c.length; t++) s += c[t]; return s }
      if (want2D) put(features, 'ngl', average(per.filter((_, k) => occupied[k]).map((m) => zoneFeatures(m.counts, ng, maxLen, nvOf(m.counts), names))), '_2D')
      if (want25) {
        const c = sumMatrices(per.map((m) => m.counts))
        put(features, 'ngl', zoneFeatures(c, ng, maxLen, nvOf(c), names), '_2_5D')
      }
    }
    if (want3D) {
      const m = ngldmCounts(grid, false, d, alpha)[0]
      let nv = 0
      for (let t = 0; t < m.counts.length; t++) nv += m.counts[t]
      put(features, 'ngl', zoneFeatures(m.counts, ng, m.maxLen, nv, names), '_3D')
    }
  }
  ctx?.progress?.(1, 'done')
  return { features, settings, warnings }
}

function prefixed(prefix: string, rec: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(rec)) out[`${prefix}_${k}`] = v
  return out
}

/** IVH on the ROI intensities with the IVH discretisation (IBSI-1 §3.5). */
function intensityVolumeHistogram(values: Float64Array, settings: RadiomicsSettings, rangeLo: number | null, rangeHi: number | null): Record<string, number> {
  const d = settings.ivh ?? { method: 'none' }
  let mn = Infinity, mx = -Infinity
  for (let t = 0; t < values.length; t++) { if (values[t] < mn) mn = values[t]; if (values[t] > mx) mx = values[t] }
  if (d.method === 'fbs') {
    const w = d.binWidth!
    const lo = rangeLo ?? mn
    const x = values.map((v) => lo + (Math.floor((v - lo) / w) + 0.5) * w)
    const hiEdge = rangeHi ?? mx
    return ivhFeatures(x, lo + 0.5 * w, lo + (Math.floor((hiEdge - lo) / w) + 0.5) * w, w)
  }
  if (d.method === 'fbn') {
    const ng = d.bins!
    const x = values.map((v) => (mx > mn ? Math.min(ng, Math.floor((ng * (v - mn)) / (mx - mn)) + 1) : 1))
    return ivhFeatures(x, 1, ng, 1)
  }
  return ivhFeatures(values, rangeLo ?? mn, rangeHi ?? mx, 1)
}
