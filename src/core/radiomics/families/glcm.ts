// Grey level co-occurrence matrix family (IBSI-1 §3.6, tags cm_*), one matrix per direction
// and slice (matrices/glcm.ts), features in features/glcm.ts, for each GLCM distance.
import { glcmCounts, glcmCountsMerged } from '../matrices/glcm.ts'
import { directions } from '../matrices/grid.ts'
import { glcmFeatures } from '../features/glcm.ts'
import { sumMatrices } from '../features/zone_like.ts'
import { directionalVariants } from './aggregation.ts'
import { docRows, type FeatureFamily } from './family.ts'

export const DIRECTIONAL_VARIANTS = ['_2D_avg', '_2D_comb', '_2_5D_avg', '_2_5D_comb', '_3D_avg', '_3D_comb'] as const

export const glcm: FeatureFamily = {
  id: 'cm',
  title: 'Grey level co-occurrence matrix',
  section: 'IBSI-1 §3.6',
  module: 'matrices/glcm.ts glcmCounts → features/glcm.ts glcmFeatures',
  variants: DIRECTIONAL_VARIANTS,
  progress: [0.5, 'GLCM'],
  compute(inp, out) {
    const grid = inp.grid(), ng = grid.ng
    const distances = inp.settings.glcmDistances ?? [1]
    for (const d of distances) {
      const scaled = (dir: [number, number, number]): [number, number, number] => [dir[0] * d, dir[1] * d, dir[2] * d]
      directionalVariants(inp, out, 'cm', {
        planar: () => directions(true).map((dir) => glcmCounts(grid, scaled(dir), true)),
        volume: () => directions(false).map((dir) => glcmCounts(grid, scaled(dir), false)[0]),
        volumeMerged: () => glcmCountsMerged(grid, directions(false).map(scaled)),
        features: (m) => glcmFeatures(m, ng),
        sum: sumMatrices,
      }, distances.length > 1 ? `_d${d}` : '')
    }
  },
  docs: docRows('cm', [
    ['cm_joint_max', 'Joint maximum', 'max p_ij'], ['cm_joint_avg', 'Joint average', 'Σ i p_ij'], ['cm_joint_var', 'Joint variance', 'Σ (i − μ)² p_ij'], ['cm_joint_entr', 'Joint entropy', '−Σ p_ij log2 p_ij'],
    ['cm_diff_avg', 'Difference average', 'Σ k p_{x−y}(k)'], ['cm_diff_var', 'Difference variance', ''], ['cm_diff_entr', 'Difference entropy', ''], ['cm_sum_avg', 'Sum average', 'Σ k p_{x+y}(k)'],
    ['cm_sum_var', 'Sum variance', ''], ['cm_sum_entr', 'Sum entropy', ''], ['cm_energy', 'Angular second moment', 'Σ p_ij²'], ['cm_contrast', 'Contrast', 'Σ (i − j)² p_ij'],
    ['cm_dissimilarity', 'Dissimilarity', 'Σ |i − j| p_ij'], ['cm_inv_diff', 'Inverse difference (homogeneity)', 'Σ p_ij / (1 + |i − j|)'], ['cm_inv_diff_norm', 'Normalised inverse difference', 'Σ p_ij / (1 + |i − j| / N_g)'],
    ['cm_inv_diff_mom', 'Inverse difference moment', 'Σ p_ij / (1 + (i − j)²)'], ['cm_inv_diff_mom_norm', 'Normalised inverse difference moment', 'Σ p_ij / (1 + (i − j)² / N_g²)'],
    ['cm_inv_var', 'Inverse variance', 'Σ_{i≠j} p_ij / (i − j)²'], ['cm_corr', 'Correlation', '(Σ ij p_ij − μ²) / σ²'], ['cm_auto_corr', 'Autocorrelation', 'Σ ij p_ij'],
    ['cm_clust_tend', 'Cluster tendency', 'Σ (i + j − 2μ)² p_ij'], ['cm_clust_shade', 'Cluster shade', 'Σ (i + j − 2μ)³ p_ij'], ['cm_clust_prom', 'Cluster prominence', 'Σ (i + j − 2μ)⁴ p_ij'],
    ['cm_info_corr1', 'Information correlation 1', '(HXY − HXY1) / HX'], ['cm_info_corr2', 'Information correlation 2', '√(1 − exp(−2 (HXY2 − HXY)))'],
  ]),
}
