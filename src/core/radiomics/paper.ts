// The study's LIFEx-style feature sets (Crombé, Lucchesi et al., NPJ Precision Oncology 2024),
// fixed-bin-number discretisation to 256 grey levels in 3D, in two variants:
// - `paper` (the study's default): LIFEx 4.70 conventions — each GLCM / GLRLM feature computed
//   on the 13 directions' matrices separately and averaged (IBSI `_3D_avg`) — and the paper's
//   175 h-RFs: per sequence 57 features (7 conventional statistics, histogram skewness,
//   kurtosis, entropy and energy, 21 GLCM = 7 features × distances 1, 2, 4, 11 GLRLM, 3 NGTDM,
//   11 GLSZM with 26-connected zones) × T1, T2, CE-T1, plus 4 shape features of the CE-T1 mask;
// - `paper-merged`: the earlier variant, the 13 directions' matrices merged (`_3D_comb`) and 2
//   more conventional statistics (skewness, kurtosis) per sequence: 181 columns.
// Columns are named `<sequence>.<feature>` (e.g. ce_t1.glcm_contrast_d2); each maps to an IBSI tag.

import type { Volume } from '../image/volume.ts'
import type { JobContext } from '../job.ts'
import { subContext } from '../job.ts'
import type { Sequence } from '../cohort/cohort.ts'
import { extractFeatures, type ExtractOptions } from './extract.ts'
import type { RadiomicsSettings } from './settings.ts'

export const PAPER_SEQUENCES: Sequence[] = ['t1', 't2', 'ce_t1']

/** The two LIFEx-style outputs: directions averaged (the paper, 175 columns) or merged (181). */
export type PaperOutput = 'paper' | 'paper-merged'
export const isPaperOutput = (o: string | undefined): o is PaperOutput => o === 'paper' || o === 'paper-merged'
type Agg = '3D_avg' | '3D_comb'
const aggOf = (o: PaperOutput): Agg => (o === 'paper' ? '3D_avg' : '3D_comb')

/** The conventional moments LIFEx 4.70 reports only in its histogram family: in `paper-merged` only. */
const MERGED_ONLY = new Set(['conv_skewness', 'conv_kurtosis'])

/** Paper feature name → IBSI tag (within one sequence), in column order, for one variant. */
export function paperFeatures(output: PaperOutput = 'paper'): [string, string][] {
  const a = aggOf(output)
  const all: [string, string][] = [
    ['conv_min', 'stat_min'], ['conv_mean', 'stat_mean'], ['conv_std', 'stat_sd'], ['conv_max', 'stat_max'],
    ['conv_q1', 'stat_p25'], ['conv_median', 'stat_median'], ['conv_q3', 'stat_p75'], ['conv_skewness', 'stat_skew'], ['conv_kurtosis', 'stat_kurt'],
    ['hist_skewness', 'ih_skew'], ['hist_kurtosis', 'ih_kurt'], ['hist_entropy_log2', 'ih_entropy'], ['hist_energy', 'ih_uniformity'],
    ...[1, 2, 4].flatMap((d): [string, string][] => [
      [`glcm_homogeneity_d${d}`, `cm_inv_diff_${a}_d${d}`],
      [`glcm_energy_d${d}`, `cm_energy_${a}_d${d}`],
      [`glcm_contrast_d${d}`, `cm_contrast_${a}_d${d}`],
      [`glcm_correlation_d${d}`, `cm_corr_${a}_d${d}`],
      [`glcm_entropy_log10_d${d}`, `cm_joint_entr_log10_${a}_d${d}`],
      [`glcm_entropy_log2_d${d}`, `cm_joint_entr_${a}_d${d}`],
      [`glcm_dissimilarity_d${d}`, `cm_dissimilarity_${a}_d${d}`],
    ]),
    ['glrlm_sre', `rlm_sre_${a}`], ['glrlm_lre', `rlm_lre_${a}`], ['glrlm_lgre', `rlm_lgre_${a}`], ['glrlm_hgre', `rlm_hgre_${a}`],
    ['glrlm_srlge', `rlm_srlge_${a}`], ['glrlm_srhge', `rlm_srhge_${a}`], ['glrlm_lrlge', `rlm_lrlge_${a}`], ['glrlm_lrhge', `rlm_lrhge_${a}`],
    ['glrlm_glnu', `rlm_glnu_${a}`], ['glrlm_rlnu', `rlm_rlnu_${a}`], ['glrlm_rp', `rlm_r_perc_${a}`],
    ['ngtdm_coarseness', 'ngt_coarseness_3D'], ['ngtdm_contrast', 'ngt_contrast_3D'], ['ngtdm_busyness', 'ngt_busyness_3D'],
    ['glzlm_sze', 'szm_sze_3D'], ['glzlm_lze', 'szm_lze_3D'], ['glzlm_lgze', 'szm_lgze_3D'], ['glzlm_hgze', 'szm_hgze_3D'],
    ['glzlm_szlge', 'szm_szlge_3D'], ['glzlm_szhge', 'szm_szhge_3D'], ['glzlm_lzlge', 'szm_lzlge_3D'], ['glzlm_lzhge', 'szm_lzhge_3D'],
    ['glzlm_glnu', 'szm_glnu_3D'], ['glzlm_zlnu', 'szm_zsnu_3D'], ['glzlm_zp', 'szm_z_perc_3D'],
  ]
  return output === 'paper' ? all.filter(([n]) => !MERGED_ONLY.has(n)) : all
}

/** The `paper` variant's per-sequence features (57). */
export const PAPER_FEATURES: [string, string][] = paperFeatures('paper')

/** Shape features (from the CE-T1 mask): paper name → IBSI tag and scale. */
export const PAPER_SHAPE: [string, string, number][] = [
  ['shape_volume_ml', 'morph_volume', 1e-3],
  ['shape_surface_mm2', 'morph_area_mesh', 1],
  ['shape_sphericity', 'morph_sphericity', 1],
  ['shape_compacity', 'morph_comp_1', 1],
]

/** The extraction a variant's columns need: 3D texture of its aggregation only, no hull-based shape, extra statistics. */
export function paperOptions(output: PaperOutput = 'paper'): ExtractOptions {
  return { variants: [`_${aggOf(output)}`, '_3D'], basicMorphology: true, extendedStatistics: true }
}

/** Every column of a variant, in order (175 for `paper`, 181 for `paper-merged`). */
export function paperColumns(output: PaperOutput = 'paper'): string[] {
  const f = paperFeatures(output)
  return [...PAPER_SEQUENCES.flatMap((s) => f.map(([n]) => `${s}.${n}`)), ...PAPER_SHAPE.map(([n]) => `ce_t1.${n}`)]
}

/** The variant a settings object asks for (`paper` unless it says `paper-merged`). */
export const paperOutputOf = (settings: Pick<RadiomicsSettings, 'output'>): PaperOutput => (settings.output === 'paper-merged' ? 'paper-merged' : 'paper')

/**
 * Paper features for one patient, in the variant `settings.output` names. `images` holds one
 * volume per sequence (a sequence may reuse another's volume); the mask (one for all, or one
 * per sequence) is on the grid of each image. A sequence with no image or no mask gets NaN
 * (NA) in all its columns.
 */
export function extractPaperFeatures(images: Partial<Record<Sequence, Volume>>, mask: Volume | Partial<Record<Sequence, Volume>>, settings: RadiomicsSettings, ctx?: JobContext): { features: Record<string, number>; warnings: string[] } {
  const output = paperOutputOf(settings)
  const names = paperFeatures(output)
  const agg = aggOf(output)
  const features: Record<string, number> = {}
  const warnings: string[] = []
  PAPER_SEQUENCES.forEach((seq, s) => {
    const withShape = seq === 'ce_t1'
    const image = images[seq]
    const m = 'data' in mask ? (mask as Volume) : (mask as Partial<Record<Sequence, Volume>>)[seq]
    // a sequence without an image (or without a mask that fits it) has empty columns: never another sequence's values
    if (!image || !m) {
      for (const [name] of names) features[`${seq}.${name}`] = NaN
      if (withShape) for (const [name] of PAPER_SHAPE) features[`ce_t1.${name}`] = NaN
      return
    }
    const fams = settings.families.filter((f) => f !== 'morph' || withShape)
    const r = extractFeatures(image, m, { ...settings, families: fams }, subContext(ctx, s / 3, (s + 1) / 3), paperOptions(output))
    for (const w of r.warnings) warnings.push(`${seq}: ${w}`)
    const f = r.features
    for (const d of settings.glcmDistances ?? [1]) {
      const ds = (settings.glcmDistances ?? [1]).length > 1 ? `_d${d}` : ''
      f[`cm_joint_entr_log10_${agg}${ds}`] = f[`cm_joint_entr_${agg}${ds}`] / Math.log2(10)
    }
    for (const [name, tag] of names) features[`${seq}.${name}`] = f[tag]
    if (withShape) for (const [name, tag, scale] of PAPER_SHAPE) features[`ce_t1.${name}`] = f[tag] * scale
  })
  return { features, warnings }
}

/** The paper presets' section of docs/features.md (lines): the 175 columns of `paper` with their IBSI tags, then what `paper-merged` changes. */
export function paperTableMarkdown(): string[] {
  const out = [
    '## `paper` preset: the paper\'s 175 h-RFs (LIFEx 4.70 columns → IBSI equivalents)',
    '',
    'Per sequence (`t1.`, `t2.`, `ce_t1.`) 57 features, 3D, fixed bin number 256; GLCM and GLRLM computed per direction and averaged over the 13 directions (IBSI `_3D_avg`, as LIFEx), GLSZM 26-connected; plus 4 CE-T1 shape features: 3 × 57 + 4 = 175 columns.',
    '',
    '| # | Column | IBSI equivalent |',
    '| --- | --- | --- |',
  ]
  let i = 0
  for (const seq of PAPER_SEQUENCES)
    for (const [n, tag] of PAPER_FEATURES) out.push(`| ${++i} | \`${seq}.${n}\` | \`${tag.replace(/_d(\d)$/, ' (distance $1)')}\`${tag.startsWith('cm_joint_entr_log10') ? ' = cm_joint_entr / log2(10)' : ''} |`)
  for (const [n, tag, scale] of PAPER_SHAPE) out.push(`| ${++i} | \`ce_t1.${n}\` | \`${tag}\`${scale !== 1 ? ` × ${scale}` : ''} |`)
  out.push('', '## `paper-merged` preset (alternative: 181 columns)', '', 'The same columns with the 13 directions\' GLCM / GLRLM matrices merged before the features are computed (IBSI `_3D_comb`), and per sequence 2 more conventional statistics: `conv_skewness` (`stat_skew`) and `conv_kurtosis` (`stat_kurt`): 3 × 59 + 4 = 181 columns.', '')
  return out
}
