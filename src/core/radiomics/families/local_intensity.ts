// Local intensity family (IBSI-1 §3.2, tags loc_*): peaks of the mean over a 1 cm³ sphere.
import { localIntensityFeatures } from '../features/local_intensity.ts'
import { prefixed } from './aggregation.ts'
import { docRows, type FeatureFamily } from './family.ts'

export const localIntensity: FeatureFamily = {
  id: 'loc',
  title: 'Local intensity',
  section: 'IBSI-1 §3.2',
  module: 'features/local_intensity.ts localIntensityFeatures',
  variants: [],
  // radius of the 1 cm³ sphere: the box keeps this margin around the ROI
  marginMm: 10 * Math.cbrt(3 / (4 * Math.PI)),
  compute(inp, out) {
    Object.assign(out, prefixed('loc', localIntensityFeatures(inp.image, inp.intMask, inp.dims, inp.spacing)))
  },
  docs: docRows('loc', [['loc_peak_loc', 'Local intensity peak', 'mean in the 1 cm³ sphere around the ROI maximum'], ['loc_peak_glob', 'Global intensity peak', 'maximum over ROI voxels of the 1 cm³ sphere mean']]),
}
