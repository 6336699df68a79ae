// Neighbourhood grey tone difference (IBSI-1 §3.10, ngt_*) and neighbouring grey level
// dependence (§3.11, ngl_*) families: counts per slice or volume (matrices/ngtdm.ts, ngldm.ts).
import { ngtdmCounts } from '../matrices/ngtdm.ts'
import { ngldmCounts } from '../matrices/ngldm.ts'
import { ngtdmFeatures } from '../features/ngtdm.ts'
import { sumMatrices, zoneFeatures, ZONE_NAMES } from '../features/zone_like.ts'
import { sliceVariants } from './aggregation.ts'
import { docRows, type FeatureFamily } from './family.ts'
import { SLICE_VARIANTS } from './zones.ts'
import { zoneRows } from './zone_docs.ts'

function total(c: Float64Array): number {
  let s = 0
  for (let t = 0; t < c.length; t++) s += c[t]
  return s
}

export const ngtdm: FeatureFamily = {
  id: 'ngt',
  title: 'Neighbourhood grey tone difference matrix',
  section: 'IBSI-1 §3.10',
  module: 'matrices/ngtdm.ts ngtdmCounts → features/ngtdm.ts ngtdmFeatures',
  variants: SLICE_VARIANTS,
  compute(inp, out) {
    const grid = inp.grid()
    const per = () => inp.memo('ngtdm_planar', () => ngtdmCounts(grid, true))
    sliceVariants(inp, out, 'ngt', {
      slice: (k) => ngtdmFeatures(per()[k].s, per()[k].n),
      merged: () => ngtdmFeatures(sumMatrices(per().map((m) => m.s)), sumMatrices(per().map((m) => m.n))),
      volume: () => { const m = ngtdmCounts(grid, false)[0]; return ngtdmFeatures(m.s, m.n) },
    })
  },
  docs: docRows('ngt', [['ngt_coarseness', 'Coarseness', '1 / Σ p_i s_i'], ['ngt_contrast', 'Contrast', ''], ['ngt_busyness', 'Busyness', ''], ['ngt_complexity', 'Complexity', ''], ['ngt_strength', 'Strength', '']]),
}

export const ngldm: FeatureFamily = {
  id: 'ngl',
  title: 'Neighbouring grey level dependence matrix',
  section: 'IBSI-1 §3.11',
  module: 'matrices/ngldm.ts ngldmCounts → features/zone_like.ts zoneFeatures',
  variants: SLICE_VARIANTS,
  compute(inp, out) {
    const grid = inp.grid(), ng = grid.ng
    const d = inp.settings.ngldm?.distance ?? 1, alpha = inp.settings.ngldm?.coarseness ?? 0
    const names = ZONE_NAMES.ngl
    const per = () => inp.memo('ngldm_planar', () => ngldmCounts(grid, true, d, alpha))
    sliceVariants(inp, out, 'ngl', {
      slice: (k) => { const m = per()[k]; return zoneFeatures(m.counts, ng, per()[0].maxLen, total(m.counts), names) },
      merged: () => { const c = sumMatrices(per().map((m) => m.counts)); return zoneFeatures(c, ng, per()[0].maxLen, total(c), names) },
      volume: () => { const m = ngldmCounts(grid, false, d, alpha)[0]; return zoneFeatures(m.counts, ng, m.maxLen, total(m.counts), names) },
    })
  },
  docs: zoneRows('ngl', ['lde', 'hde', 'lgce', 'hgce', 'ldlge', 'ldhge', 'hdlge', 'hdhge', 'glnu', 'glnu_norm', 'dcnu', 'dcnu_norm', 'dc_perc', 'gl_var', 'dc_var', 'dc_entr', 'dc_energy'], 'dependence'),
}
