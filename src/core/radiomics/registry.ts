// Feature registry: IBSI tag → computing function → documentation. One entry per base tag;
// texture tags take the aggregation suffixes of their family (see VARIANTS). The generated
// table docs/features.md (scripts/radiomics_docs.ts) and the UI help read this list.
import type { Family } from './settings.ts'
import { PAPER_FEATURES, PAPER_SHAPE } from './paper.ts'

export interface FeatureDoc {
  tag: string
  family: Family
  name: string
  /** definition in words / formula */
  doc: string
}

export interface FamilyDoc {
  family: Family
  title: string
  section: string
  /** module and function that compute the family's features */
  fn: string
  variants: string[]
}

export const FAMILY_DOCS: FamilyDoc[] = [
  { family: 'diag', title: 'Diagnostic features', section: 'IBSI-1 Table 2 (diagnostics)', fn: 'extract.ts extractFeatures', variants: [] },
  { family: 'morph', title: 'Morphology', section: 'IBSI-1 §3.1', fn: 'features/morphology.ts morphologyFeatures', variants: [] },
  { family: 'loc', title: 'Local intensity', section: 'IBSI-1 §3.2', fn: 'features/local_intensity.ts localIntensityFeatures', variants: [] },
  { family: 'stat', title: 'Intensity statistics', section: 'IBSI-1 §3.3', fn: 'features/statistics.ts intensityStatistics', variants: [] },
  { family: 'ih', title: 'Intensity histogram', section: 'IBSI-1 §3.4', fn: 'features/histogram.ts histogramFeatures', variants: [] },
  { family: 'ivh', title: 'Intensity-volume histogram', section: 'IBSI-1 §3.5', fn: 'features/ivh.ts ivhFeatures', variants: [] },
  { family: 'cm', title: 'Grey level co-occurrence matrix', section: 'IBSI-1 §3.6', fn: 'matrices/glcm.ts glcmCounts → features/glcm.ts glcmFeatures', variants: ['_2D_avg', '_2D_comb', '_2_5D_avg', '_2_5D_comb', '_3D_avg', '_3D_comb'] },
  { family: 'rlm', title: 'Grey level run length matrix', section: 'IBSI-1 §3.7', fn: 'matrices/glrlm.ts glrlmCounts → features/zone_like.ts zoneFeatures', variants: ['_2D_avg', '_2D_comb', '_2_5D_avg', '_2_5D_comb', '_3D_avg', '_3D_comb'] },
  { family: 'szm', title: 'Grey level size zone matrix', section: 'IBSI-1 §3.8', fn: 'matrices/zones.ts findZones → features/zone_like.ts zoneFeatures', variants: ['_2D', '_2_5D', '_3D'] },
  { family: 'dzm', title: 'Grey level distance zone matrix', section: 'IBSI-1 §3.9', fn: 'matrices/zones.ts findZones → features/zone_like.ts zoneFeatures', variants: ['_2D', '_2_5D', '_3D'] },
  { family: 'ngt', title: 'Neighbourhood grey tone difference matrix', section: 'IBSI-1 §3.10', fn: 'matrices/ngtdm.ts ngtdmCounts → features/ngtdm.ts ngtdmFeatures', variants: ['_2D', '_2_5D', '_3D'] },
  { family: 'ngl', title: 'Neighbouring grey level dependence matrix', section: 'IBSI-1 §3.11', fn: 'matrices/ngldm.ts ngldmCounts → features/zone_like.ts zoneFeatures', variants: ['_2D', '_2_5D', '_3D'] },
]

const d = (family: Family, entries: [string, string, string][]): FeatureDoc[] => entries.map(([tag, name, doc]) => ({ tag, family, name, doc }))

const stats = (p: 'stat' | 'ih', x: string): [string, string, string][] => [
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

const zone = (family: Family, tags: string[], what: string): FeatureDoc[] => {
  const docs = [
    `short ${what} emphasis: Σ m_j / j² / N_s`, `long ${what} emphasis: Σ m_j j² / N_s`, 'low grey level emphasis: Σ m_i / i² / N_s', 'high grey level emphasis: Σ m_i i² / N_s',
    `short ${what} low grey level emphasis: Σ m_ij / (i² j²) / N_s`, `short ${what} high grey level emphasis: Σ m_ij i² / j² / N_s`, `long ${what} low grey level emphasis: Σ m_ij j² / i² / N_s`, `long ${what} high grey level emphasis: Σ m_ij i² j² / N_s`,
    'grey level non-uniformity: Σ_i m_i² / N_s', 'normalised grey level non-uniformity: Σ_i m_i² / N_s²', `${what} non-uniformity: Σ_j m_j² / N_s`, `normalised ${what} non-uniformity: Σ_j m_j² / N_s²`,
    'percentage: N_s / N_v', 'grey level variance: Σ (i − μ_i)² p_ij', `${what} variance: Σ (j − μ_j)² p_ij`, `${what} entropy: −Σ p_ij log2 p_ij`, 'energy: Σ p_ij²',
  ]
  return tags.map((t, i) => ({ tag: `${family}_${t}`, family, name: docs[i].split(':')[0], doc: docs[i] }))
}

export const FEATURE_DOCS: FeatureDoc[] = [
  ...d('diag', [['img_dim_{x,y,z}_{init,interp}_img', 'Image dimensions', 'voxels per axis'], ['vox_dim_{x,y,z}_{init,interp}_img', 'Voxel spacing', 'mm'], ['{mean,min,max}_int_{init,interp}_img', 'Image intensities', 'over the whole image'], ['{int,morph}_mask_bb_dim_{x,y,z}_{init,interp,reseg}_roi', 'ROI bounding box', 'voxels per axis'], ['{int,morph}_mask_vox_count_{init,interp,reseg}_roi', 'ROI voxel count', 'voxels'], ['int_mask_{mean,min,max}_int_{init,interp,reseg}_roi', 'ROI intensities', 'intensity mask']]),
  ...d('morph', [
    ['morph_volume', 'Volume (mesh)', 'V = Σ signed tetrahedra of the marching-cubes mesh'], ['morph_vol_approx', 'Volume (voxel counting)', 'N_v × voxel volume'],
    ['morph_area_mesh', 'Surface area', 'A = Σ triangle areas'], ['morph_av', 'Surface to volume ratio', 'A / V'], ['morph_comp_1', 'Compactness 1', 'V / (π^½ A^{3/2})'],
    ['morph_comp_2', 'Compactness 2', '36π V² / A³'], ['morph_sph_dispr', 'Spherical disproportion', 'A / (36π V²)^{1/3}'], ['morph_sphericity', 'Sphericity', '(36π V²)^{1/3} / A'],
    ['morph_asphericity', 'Asphericity', '(A³ / (36π V²))^{1/3} − 1'], ['morph_com', 'Centre of mass shift', '‖geometric centre (morph. mask) − intensity-weighted centre (int. mask)‖'],
    ['morph_diam', 'Maximum 3D diameter', 'largest distance between convex-hull vertices of the mesh'], ['morph_pca_maj_axis', 'Major axis length', '4 √λ_major (sample covariance of voxel centres)'],
    ['morph_pca_min_axis', 'Minor axis length', '4 √λ_minor'], ['morph_pca_least_axis', 'Least axis length', '4 √λ_least'], ['morph_pca_elongation', 'Elongation', '√(λ_minor / λ_major)'],
    ['morph_pca_flatness', 'Flatness', '√(λ_least / λ_major)'], ['morph_vol_dens_aabb', 'Volume density (AABB)', 'V / V_aabb'], ['morph_area_dens_aabb', 'Area density (AABB)', 'A / A_aabb'],
    ['morph_vol_dens_aee', 'Volume density (AEE)', 'V / (4π/3 abc), a,b,c = 2√λ'], ['morph_area_dens_aee', 'Area density (AEE)', 'A / A_ellipsoid (IBSI 20-term Legendre series)'],
    ['morph_vol_dens_mvee', 'Volume density (MVEE)', 'V / V of the minimum-volume enclosing ellipsoid of the hull vertices (Khachiyan / Todd–Yıldırım)'],
    ['morph_area_dens_mvee', 'Area density (MVEE)', 'A / A_MVEE (IBSI series); no IBSI consensus value'],
    ['morph_vol_dens_conv_hull', 'Volume density (convex hull)', 'V / V_hull'], ['morph_area_dens_conv_hull', 'Area density (convex hull)', 'A / A_hull'],
    ['morph_integ_int', 'Integrated intensity', 'V × mean intensity'], ['morph_moran_i', "Moran's I", 'inverse-distance weights, exact (FFT convolution)'], ['morph_geary_c', "Geary's C", 'inverse-distance weights, exact (FFT convolution)'],
  ]),
  ...d('loc', [['loc_peak_loc', 'Local intensity peak', 'mean in the 1 cm³ sphere around the ROI maximum'], ['loc_peak_glob', 'Global intensity peak', 'maximum over ROI voxels of the 1 cm³ sphere mean']]),
  ...d('stat', [...stats('stat', 'ROI intensities'), ['stat_energy', 'Energy', 'Σ x²'], ['stat_rms', 'Root mean square', '√(Σ x² / N)']]),
  ...d('ih', [...stats('ih', 'discretised levels'), ['ih_mode', 'Mode', 'most frequent level (lowest if tied)'], ['ih_entropy', 'Entropy', '−Σ p_i log2 p_i'], ['ih_uniformity', 'Uniformity', 'Σ p_i²'],
    ['ih_max_grad', 'Maximum histogram gradient', 'central differences'], ['ih_max_grad_g', 'Maximum gradient grey level', ''], ['ih_min_grad', 'Minimum histogram gradient', ''], ['ih_min_grad_g', 'Minimum gradient grey level', '']]),
  ...d('ivh', [['ivh_v10', 'Volume fraction at 10% intensity', 'ν(γ ≥ 0.10)'], ['ivh_v90', 'Volume fraction at 90% intensity', 'ν(γ ≥ 0.90)'], ['ivh_i10', 'Intensity at 10% volume', 'smallest intensity with ν ≤ 0.10'],
    ['ivh_i90', 'Intensity at 90% volume', 'smallest intensity with ν ≤ 0.90'], ['ivh_diff_v10_v90', 'V10 − V90', ''], ['ivh_diff_i10_i90', 'I10 − I90', ''], ['ivh_auc', 'Area under the IVH curve', 'trapezoids over γ']]),
  ...d('cm', [
    ['cm_joint_max', 'Joint maximum', 'max p_ij'], ['cm_joint_avg', 'Joint average', 'Σ i p_ij'], ['cm_joint_var', 'Joint variance', 'Σ (i − μ)² p_ij'], ['cm_joint_entr', 'Joint entropy', '−Σ p_ij log2 p_ij'],
    ['cm_diff_avg', 'Difference average', 'Σ k p_{x−y}(k)'], ['cm_diff_var', 'Difference variance', ''], ['cm_diff_entr', 'Difference entropy', ''], ['cm_sum_avg', 'Sum average', 'Σ k p_{x+y}(k)'],
    ['cm_sum_var', 'Sum variance', ''], ['cm_sum_entr', 'Sum entropy', ''], ['cm_energy', 'Angular second moment', 'Σ p_ij²'], ['cm_contrast', 'Contrast', 'Σ (i − j)² p_ij'],
    ['cm_dissimilarity', 'Dissimilarity', 'Σ |i − j| p_ij'], ['cm_inv_diff', 'Inverse difference (homogeneity)', 'Σ p_ij / (1 + |i − j|)'], ['cm_inv_diff_norm', 'Normalised inverse difference', 'Σ p_ij / (1 + |i − j| / N_g)'],
    ['cm_inv_diff_mom', 'Inverse difference moment', 'Σ p_ij / (1 + (i − j)²)'], ['cm_inv_diff_mom_norm', 'Normalised inverse difference moment', 'Σ p_ij / (1 + (i − j)² / N_g²)'],
    ['cm_inv_var', 'Inverse variance', 'Σ_{i≠j} p_ij / (i − j)²'], ['cm_corr', 'Correlation', '(Σ ij p_ij − μ²) / σ²'], ['cm_auto_corr', 'Autocorrelation', 'Σ ij p_ij'],
    ['cm_clust_tend', 'Cluster tendency', 'Σ (i + j − 2μ)² p_ij'], ['cm_clust_shade', 'Cluster shade', 'Σ (i + j − 2μ)³ p_ij'], ['cm_clust_prom', 'Cluster prominence', 'Σ (i + j − 2μ)⁴ p_ij'],
    ['cm_info_corr1', 'Information correlation 1', '(HXY − HXY1) / HX'], ['cm_info_corr2', 'Information correlation 2', '√(1 − exp(−2 (HXY2 − HXY)))'],
  ]),
  ...zone('rlm', ['sre', 'lre', 'lgre', 'hgre', 'srlge', 'srhge', 'lrlge', 'lrhge', 'glnu', 'glnu_norm', 'rlnu', 'rlnu_norm', 'r_perc', 'gl_var', 'rl_var', 'rl_entr'], 'run'),
  ...zone('szm', ['sze', 'lze', 'lgze', 'hgze', 'szlge', 'szhge', 'lzlge', 'lzhge', 'glnu', 'glnu_norm', 'zsnu', 'zsnu_norm', 'z_perc', 'gl_var', 'zs_var', 'zs_entr'], 'zone size'),
  ...zone('dzm', ['sde', 'lde', 'lgze', 'hgze', 'sdlge', 'sdhge', 'ldlge', 'ldhge', 'glnu', 'glnu_norm', 'zdnu', 'zdnu_norm', 'z_perc', 'gl_var', 'zd_var', 'zd_entr'], 'distance'),
  ...d('ngt', [['ngt_coarseness', 'Coarseness', '1 / Σ p_i s_i'], ['ngt_contrast', 'Contrast', ''], ['ngt_busyness', 'Busyness', ''], ['ngt_complexity', 'Complexity', ''], ['ngt_strength', 'Strength', '']]),
  ...zone('ngl', ['lde', 'hde', 'lgce', 'hgce', 'ldlge', 'ldhge', 'hdlge', 'hdhge', 'glnu', 'glnu_norm', 'dcnu', 'dcnu_norm', 'dc_perc', 'gl_var', 'dc_var', 'dc_entr', 'dc_energy'], 'dependence'),
]

/** Markdown table of every feature (docs/features.md). */
export function featureTableMarkdown(): string {
  const out: string[] = ['# Radiomics features', '', 'Generated by `npx tsx scripts/radiomics_docs.ts` from `src/core/radiomics/registry.ts`; do not edit by hand.', '',
    'Names are the IBSI-1 tags (Zwanenburg et al., Radiology 2020; reference manual arXiv:1612.07003). Texture tags take their family\'s aggregation suffix.', '']
  for (const f of FAMILY_DOCS) {
    out.push(`## ${f.title} (\`${f.family}\`, ${f.section})`, '', `Computed by \`src/core/radiomics/${f.fn}\`.${f.variants.length ? ` Variants: ${f.variants.map((v) => '`' + v + '`').join(', ')}.` : ''}`, '', '| IBSI tag | Feature | Definition |', '| --- | --- | --- |')
    for (const e of FEATURE_DOCS.filter((x) => x.family === f.family)) out.push(`| \`${e.tag}\` | ${e.name} | ${e.doc.replace(/\|/g, '\\|')} |`)
    out.push('')
  }
  out.push('## `paper` preset (LIFEx-style columns → IBSI equivalents)', '', 'Per sequence (`t1.`, `t2.`, `ce_t1.`), 3D, fixed bin number 256; GLCM/GLRLM merged over 13 directions (`_3D_comb`), GLSZM 26-connected.', '', '| Column | IBSI equivalent |', '| --- | --- |')
  for (const [n, tag] of PAPER_FEATURES) out.push(`| \`<seq>.${n}\` | \`${tag.replace(/_d(\d)$/, ' (distance $1)')}\`${tag.startsWith('cm_joint_entr_log10') ? ' = cm_joint_entr / log2(10)' : ''} |`)
  for (const [n, tag, scale] of PAPER_SHAPE) out.push(`| \`ce_t1.${n}\` | \`${tag}\`${scale !== 1 ? ` × ${scale}` : ''} |`)
  out.push('')
  return out.join('\n')
}
