// IBSI-1 feature aggregation ("Feature aggregation", reference manual §3.6–3.11), written once
// for every texture family: directional families (GLCM, GLRLM) report 2D_avg, 2D_comb,
// 2_5D_avg, 2_5D_comb, 3D_avg, 3D_comb; slice families (GLSZM, GLDZM, NGTDM, NGLDM) report
// _2D (mean over slices), _2_5D (slices merged) and _3D.

import type { FamilyInput } from './family.ts'

export type FeatureRecord = Record<string, number>

/** Average records feature-wise (null records, e.g. empty slices, are skipped). */
export function average(recs: (FeatureRecord | null)[]): FeatureRecord | null {
  const ok = recs.filter((r): r is FeatureRecord => r !== null)
  if (ok.length === 0) return null
  const out: FeatureRecord = {}
  for (const k of Object.keys(ok[0])) {
    let s = 0
    for (const r of ok) s += r[k]
    out[k] = s / ok.length
  }
  return out
}

/** Key under which `put` marks a variant that could not be computed (see fillUncomputable). */
const NA_MARK = '\u0000na\u0000'

/**
 * Write `rec` as `${prefix}_${name}${suffix}`. A null record (no voxel pair or zone to count,
 * e.g. a 1- or 2-voxel ROI) leaves a mark that extractFeatures turns into NA columns, so the
 * feature columns stay the same whatever the ROI.
 */
export function put(out: FeatureRecord, prefix: string, rec: FeatureRecord | null, suffix: string): void {
  if (!rec) {
    out[`${NA_MARK}${prefix}\u0000${suffix}`] = NaN
    return
  }
  for (const k of Object.keys(rec)) out[`${prefix}_${k}${suffix}`] = rec[k]
}

/**
 * Replace the marks left by `put` with NaN for every documented feature of that family and
 * variant (tags `${prefix}_*` of `docs`), with one warning per family naming the variants.
 */
export function fillUncomputable(out: FeatureRecord, docs: readonly { tag: string }[], warnings: string[]): void {
  const byPrefix = new Map<string, { suffixes: string[]; columns: number }>()
  for (const key of Object.keys(out)) {
    if (!key.startsWith(NA_MARK)) continue
    delete out[key]
    const [prefix, suffix] = key.slice(NA_MARK.length).split('\u0000')
    const e = byPrefix.get(prefix) ?? { suffixes: [], columns: 0 }
    byPrefix.set(prefix, e)
    e.suffixes.push(suffix)
    for (const d of docs)
      if (d.tag.startsWith(`${prefix}_`) && !(`${d.tag}${suffix}` in out)) {
        out[`${d.tag}${suffix}`] = NaN
        e.columns++
      }
  }
  for (const [prefix, e] of byPrefix)
    warnings.push(`${prefix}: ${e.columns} feature(s) not computable on this ROI (no voxel pairs or zones for ${e.suffixes.map((x) => x.replace(/^_/, '')).join(', ')}): NA`)
}

/** `${prefix}_${name}` for every entry. */
export function prefixed(prefix: string, rec: FeatureRecord): FeatureRecord {
  const out: FeatureRecord = {}
  for (const [k, v] of Object.entries(rec)) out[`${prefix}_${k}`] = v
  return out
}

export interface DirectionalMatrices<M> {
  /** per in-plane direction, per slice */
  planar: () => M[][]
  /** per 3D direction */
  volume: () => M[]
  /** the 3D directions already merged (a faster path when only _3D_comb is wanted) */
  volumeMerged?: () => M
  features: (m: M) => FeatureRecord | null
  sum: (ms: M[]) => M
}

/** GLCM/GLRLM-style aggregation; `extra` is appended to each suffix (e.g. a GLCM distance `_d2`). */
export function directionalVariants<M>(inp: FamilyInput, out: FeatureRecord, prefix: string, m: DirectionalMatrices<M>, extra = ''): void {
  const w = (v: string) => inp.wants(v)
  if (inp.want2D || inp.want25) {
    const mats = m.planar()
    if (inp.want2D && (w('_2D_avg') || w('_2D_comb'))) {
      const occupied = inp.occupied()
      const perSliceDir: (FeatureRecord | null)[] = []
      const perSlice: (FeatureRecord | null)[] = []
      for (let k = 0; k < occupied.length; k++) {
        if (!occupied[k]) continue
        if (w('_2D_avg')) for (const d of mats) perSliceDir.push(m.features(d[k]))
        if (w('_2D_comb')) perSlice.push(m.features(m.sum(mats.map((d) => d[k]))))
      }
      if (w('_2D_avg')) put(out, prefix, average(perSliceDir), `_2D_avg${extra}`)
      if (w('_2D_comb')) put(out, prefix, average(perSlice), `_2D_comb${extra}`)
    }
    if (inp.want25 && (w('_2_5D_avg') || w('_2_5D_comb'))) {
      const perDir = mats.map((d) => m.sum(d))
      if (w('_2_5D_avg')) put(out, prefix, average(perDir.map(m.features)), `_2_5D_avg${extra}`)
      if (w('_2_5D_comb')) put(out, prefix, m.features(m.sum(perDir)), `_2_5D_comb${extra}`)
    }
  }
  if (inp.want3D) {
    if (!w('_3D_avg') && w('_3D_comb') && m.volumeMerged) put(out, prefix, m.features(m.volumeMerged()), `_3D_comb${extra}`)
    else if (w('_3D_avg') || w('_3D_comb')) {
      const mats = m.volume()
      if (w('_3D_avg')) put(out, prefix, average(mats.map(m.features)), `_3D_avg${extra}`)
      if (w('_3D_comb')) put(out, prefix, m.features(m.sum(mats)), `_3D_comb${extra}`)
    }
  }
}

export interface SliceFeatures {
  /** features of slice k (2D) */
  slice: (k: number) => FeatureRecord | null
  /** features of the slices merged (2.5D) */
  merged: () => FeatureRecord | null
  /** features of the volume (3D) */
  volume: () => FeatureRecord | null
}

/** GLSZM/GLDZM/NGTDM/NGLDM-style aggregation: _2D, _2_5D, _3D. */
export function sliceVariants(inp: FamilyInput, out: FeatureRecord, prefix: string, f: SliceFeatures): void {
  if (inp.want2D && inp.wants('_2D')) {
    const occupied = inp.occupied()
    const recs: (FeatureRecord | null)[] = []
    for (let k = 0; k < occupied.length; k++) if (occupied[k]) recs.push(f.slice(k))
    put(out, prefix, average(recs), '_2D')
  }
  if (inp.want25 && inp.wants('_2_5D')) put(out, prefix, f.merged(), '_2_5D')
  if (inp.want3D && inp.wants('_3D')) put(out, prefix, f.volume(), '_3D')
}
