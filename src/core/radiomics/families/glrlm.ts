// Grey level run length matrix family (IBSI-1 §3.7, tags rlm_*): run counts per direction and
// slice (matrices/glrlm.ts), features in features/zone_like.ts.
import { glrlmCounts, type RunMatrix } from '../matrices/glrlm.ts'
import { directions } from '../matrices/grid.ts'
import { sumMatrices, zoneFeatures, ZONE_NAMES } from '../features/zone_like.ts'
import { directionalVariants } from './aggregation.ts'
import { DIRECTIONAL_VARIANTS } from './glcm.ts'
import type { FeatureFamily } from './family.ts'
import { zoneRows } from './zone_docs.ts'

/** Voxels covered by the runs of a run-length matrix. */
function runVoxels(counts: Float64Array, ng: number, maxLen: number): number {
  let nv = 0
  for (let i = 0; i < ng; i++) for (let j = 0; j < maxLen; j++) nv += (j + 1) * counts[i * maxLen + j]
  return nv
}

export const glrlm: FeatureFamily = {
  id: 'rlm',
  title: 'Grey level run length matrix',
  section: 'IBSI-1 §3.7',
  module: 'matrices/glrlm.ts glrlmCounts → features/zone_like.ts zoneFeatures',
  variants: DIRECTIONAL_VARIANTS,
  progress: [0.65, 'GLRLM'],
  compute(inp, out) {
    const grid = inp.grid(), ng = grid.ng
    const names = ZONE_NAMES.rlm
    const sum = (ms: RunMatrix[]): RunMatrix => ({ counts: sumMatrices(ms.map((m) => m.counts)), ng, maxLen: ms[0].maxLen })
    directionalVariants(inp, out, 'rlm', {
      planar: () => directions(true).map((dir) => glrlmCounts(grid, dir, true)),
      volume: () => directions(false).map((dir) => glrlmCounts(grid, dir, false)[0]),
      features: (m) => zoneFeatures(m.counts, ng, m.maxLen, runVoxels(m.counts, ng, m.maxLen), names),
      sum,
    })
  },
  docs: zoneRows('rlm', ['sre', 'lre', 'lgre', 'hgre', 'srlge', 'srhge', 'lrlge', 'lrhge', 'glnu', 'glnu_norm', 'rlnu', 'rlnu_norm', 'r_perc', 'gl_var', 'rl_var', 'rl_entr'], 'run'),
}
