// Intensity-volume histogram family (IBSI-1 §3.5, tags ivh_*), with its own discretisation.
import { ivhFeatures } from '../features/ivh.ts'
import type { RadiomicsSettings } from '../settings.ts'
import { prefixed } from './aggregation.ts'
import { docRows, type FeatureFamily } from './family.ts'

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

export const ivh: FeatureFamily = {
  id: 'ivh',
  title: 'Intensity-volume histogram',
  section: 'IBSI-1 §3.5',
  module: 'features/ivh.ts ivhFeatures',
  variants: [],
  progress: [0.35, 'intensity features'],
  compute(inp, out) {
    Object.assign(out, prefixed('ivh', intensityVolumeHistogram(inp.roiValues, inp.settings, inp.rangeLo, inp.rangeHi)))
  },
  docs: docRows('ivh', [['ivh_v10', 'Volume fraction at 10% intensity', 'ν(γ ≥ 0.10)'], ['ivh_v90', 'Volume fraction at 90% intensity', 'ν(γ ≥ 0.90)'], ['ivh_i10', 'Intensity at 10% volume', 'smallest intensity with ν ≤ 0.10'],
    ['ivh_i90', 'Intensity at 90% volume', 'smallest intensity with ν ≤ 0.90'], ['ivh_diff_v10_v90', 'V10 − V90', ''], ['ivh_diff_i10_i90', 'I10 − I90', ''], ['ivh_auc', 'Area under the IVH curve', 'trapezoids over γ']]),
}
