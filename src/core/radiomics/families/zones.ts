// Grey level size zone (IBSI-1 §3.8, szm_*) and distance zone (§3.9, dzm_*) families: zones
// found once (matrices/zones.ts, shared through the input's memo), features in features/zone_like.ts.
// Zone distances are measured to the edge of the morphological mask (holes left by
// re-segmentation are not edges).
import { findZones, type Zones } from '../matrices/zones.ts'
import { zoneFeatures, ZONE_NAMES } from '../features/zone_like.ts'
import { sliceVariants } from './aggregation.ts'
import type { FamilyInput, FeatureFamily } from './family.ts'
import { zoneRows } from './zone_docs.ts'

export const SLICE_VARIANTS = ['_2D', '_2_5D', '_3D'] as const

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

function zoneFamilyFeatures(inp: FamilyInput, out: Record<string, number>, family: 'szm' | 'dzm'): void {
  const grid = inp.grid(), ng = grid.ng
  const useDist = family === 'dzm'
  const names = ZONE_NAMES[family]
  const planar = () => inp.memo('zones_planar', () => findZones(grid, true, inp.morphMask))
  const feats = (z: Zones, filter: (t: number) => boolean) => {
    const m = zoneMatrix(z, ng, useDist, filter)
    return zoneFeatures(m.counts, ng, m.maxLen, m.nv, names)
  }
  sliceVariants(inp, out, family, {
    slice: (k) => { const z = planar(); return feats(z, (t) => z.slice[t] === k) },
    merged: () => feats(planar(), () => true),
    volume: () => feats(inp.memo('zones_volume', () => findZones(grid, false, inp.morphMask)), () => true),
  })
}

export const sizeZones: FeatureFamily = {
  id: 'szm',
  title: 'Grey level size zone matrix',
  section: 'IBSI-1 §3.8',
  module: 'matrices/zones.ts findZones → features/zone_like.ts zoneFeatures',
  variants: SLICE_VARIANTS,
  compute: (inp, out) => zoneFamilyFeatures(inp, out, 'szm'),
  docs: zoneRows('szm', ['sze', 'lze', 'lgze', 'hgze', 'szlge', 'szhge', 'lzlge', 'lzhge', 'glnu', 'glnu_norm', 'zsnu', 'zsnu_norm', 'z_perc', 'gl_var', 'zs_var', 'zs_entr'], 'zone size'),
}

export const distanceZones: FeatureFamily = {
  id: 'dzm',
  title: 'Grey level distance zone matrix',
  section: 'IBSI-1 §3.9',
  module: 'matrices/zones.ts findZones → features/zone_like.ts zoneFeatures',
  variants: SLICE_VARIANTS,
  progress: [0.8, 'GLSZM/GLDZM'],
  compute: (inp, out) => zoneFamilyFeatures(inp, out, 'dzm'),
  docs: zoneRows('dzm', ['sde', 'lde', 'lgze', 'hgze', 'sdlge', 'sdhge', 'ldlge', 'ldhge', 'glnu', 'glnu_norm', 'zdnu', 'zdnu_norm', 'z_perc', 'gl_var', 'zd_var', 'zd_entr'], 'distance'),
}
