// Intensity statistics (IBSI-1 §3.3, stat_*) and intensity histogram (§3.4, ih_*) families.
import { histogramFeatures } from '../features/histogram.ts'
import { intensityStatistics } from '../features/statistics.ts'
import { prefixed } from './aggregation.ts'
import { docRows, type FeatureFamily } from './family.ts'

/** Rows shared by stat_* and ih_*. */
export function statisticsRows(p: 'stat' | 'ih', x: string): [string, string, string][] {
  return [
    [`${p}_mean`, 'Mean', `mean of ${x}`],
    [`${p}_var`, 'Variance', `population variance of ${x}`],
    [`${p}_skew`, 'Skewness', 'm3 / m2^(3/2)'],
    [`${p}_kurt`, '(Excess) kurtosis', 'm4 / m2² − 3'],
    [`${p}_median`, 'Median', 'linear-interpolated 50th percentile'],
    [`${p}_min`, 'Minimum', `minimum of ${x}`],
    [`${p}_p10`, '10th percentile', 'linear interpolation between order statistics'],
    [`${p}_p90`, '90th percentile', 'linear interpolation between order statistics'],
    [`${p}_max`, 'Maximum', `maximum of ${x}`],
    [`${p}_iqr`, 'Interquartile range', 'P75 − P25'],
    [`${p}_range`, 'Range', 'max − min'],
    [`${p}_mad`, 'Mean absolute deviation', 'mean |x − mean|'],
    [`${p}_rmad`, 'Robust mean absolute deviation', 'MAD of the values between P10 and P90'],
    [`${p}_medad`, 'Median absolute deviation', 'mean |x − median|'],
    [`${p}_cov`, 'Coefficient of variation', 'SD / mean'],
    [`${p}_qcod`, 'Quartile coefficient of dispersion', '(P75 − P25) / (P75 + P25)'],
  ]
}

export const statistics: FeatureFamily = {
  id: 'stat',
  title: 'Intensity statistics',
  section: 'IBSI-1 §3.3',
  module: 'features/statistics.ts intensityStatistics',
  variants: [],
  compute(inp, out) {
    Object.assign(out, prefixed('stat', intensityStatistics(inp.roiValues, inp.options.extendedStatistics === true)))
  },
  docs: docRows('stat', [...statisticsRows('stat', 'ROI intensities'), ['stat_energy', 'Energy', 'Σ x²'], ['stat_rms', 'Root mean square', '√(Σ x² / N)']]),
}

export const histogram: FeatureFamily = {
  id: 'ih',
  title: 'Intensity histogram',
  section: 'IBSI-1 §3.4',
  module: 'features/histogram.ts histogramFeatures',
  variants: [],
  compute(inp, out) {
    const disc = inp.discretised()
    const lv = new Float64Array(inp.roiValues.length)
    for (let v = 0, t = 0; v < inp.intMask.length; v++) if (inp.intMask[v]) lv[t++] = disc.levels[v]
    Object.assign(out, prefixed('ih', histogramFeatures(lv, disc.ng)))
  },
  docs: docRows('ih', [...statisticsRows('ih', 'discretised levels'), ['ih_mode', 'Mode', 'most frequent level (lowest if tied)'], ['ih_entropy', 'Entropy', '−Σ p_i log2 p_i'], ['ih_uniformity', 'Uniformity', 'Σ p_i²'],
    ['ih_max_grad', 'Maximum histogram gradient', 'central differences'], ['ih_max_grad_g', 'Maximum gradient grey level', ''], ['ih_min_grad', 'Minimum histogram gradient', ''], ['ih_min_grad_g', 'Minimum gradient grey level', '']]),
}
