// The study's LIFEx-style feature set (Crombé, Lucchesi et al., NPJ Precision Oncology 2024):
// per MRI sequence 59 features after fixed-bin-number discretisation to 256 grey levels in 3D —
// 13 first-order (9 conventional statistics + histogram skewness, kurtosis, entropy, energy),
// 21 GLCM (7 features × distances 1, 2, 4; 13 directions merged), 11 GLRLM (13 directions
// merged), 3 NGTDM, 11 GLSZM (26-connected zones) — plus 4 shape features from the CE-T1 mask.
// Columns are named `<sequence>.<feature>` (e.g. ce_t1.glcm_contrast_d2); each maps to an IBSI tag.

import type { Volume } from '../image/volume.ts'
import type { JobContext } from '../job.ts'
import { subContext } from '../job.ts'
import type { Sequence } from '../cohort/cohort.ts'
import { extractFeatures, type ExtractOptions } from './extract.ts'
import type { RadiomicsSettings } from './settings.ts'

export const PAPER_SEQUENCES: Sequence[] = ['t1', 't2', 'ce_t1']

/** Paper feature name → IBSI tag (within one sequence), in column order. */
export const PAPER_FEATURES: [string, string][] = [
  ['conv_min', 'stat_min'], ['conv_mean', 'stat_mean'], ['conv_std', 'stat_sd'], ['conv_max', 'stat_max'],
  ['conv_q1', 'stat_p25'], ['conv_median', 'stat_median'], ['conv_q3', 'stat_p75'], ['conv_skewness', 'stat_skew'], ['conv_kurtosis', 'stat_kurt'],
  ['hist_skewness', 'ih_skew'], ['hist_kurtosis', 'ih_kurt'], ['hist_entropy_log2', 'ih_entropy'], ['hist_energy', 'ih_uniformity'],
  ...[1, 2, 4].flatMap((d): [string, string][] => [
    [`glcm_homogeneity_d${d}`, `cm_inv_diff_3D_comb_d${d}`],
    [`glcm_energy_d${d}`, `cm_energy_3D_comb_d${d}`],
    [`glcm_contrast_d${d}`, `cm_contrast_3D_comb_d${d}`],
    [`glcm_correlation_d${d}`, `cm_corr_3D_comb_d${d}`],
    [`glcm_entropy_log10_d${d}`, `cm_joint_entr_log10_3D_comb_d${d}`],
    [`glcm_entropy_log2_d${d}`, `cm_joint_entr_3D_comb_d${d}`],
    [`glcm_dissimilarity_d${d}`, `cm_dissimilarity_3D_comb_d${d}`],
  ]),
  ['glrlm_sre', 'rlm_sre_3D_comb'], ['glrlm_lre', 'rlm_lre_3D_comb'], ['glrlm_lgre', 'rlm_lgre_3D_comb'], ['glrlm_hgre', 'rlm_hgre_3D_comb'],
  ['glrlm_srlge', 'rlm_srlge_3D_comb'], ['glrlm_srhge', 'rlm_srhge_3D_comb'], ['glrlm_lrlge', 'rlm_lrlge_3D_comb'], ['glrlm_lrhge', 'rlm_lrhge_3D_comb'],
  ['glrlm_glnu', 'rlm_glnu_3D_comb'], ['glrlm_rlnu', 'rlm_rlnu_3D_comb'], ['glrlm_rp', 'rlm_r_perc_3D_comb'],
  ['ngtdm_coarseness', 'ngt_coarseness_3D'], ['ngtdm_contrast', 'ngt_contrast_3D'], ['ngtdm_busyness', 'ngt_busyness_3D'],
  ['glzlm_sze', 'szm_sze_3D'], ['glzlm_lze', 'szm_lze_3D'], ['glzlm_lgze', 'szm_lgze_3D'], ['glzlm_hgze', 'szm_hgze_3D'],
  ['glzlm_szlge', 'szm_szlge_3D'], ['glzlm_szhge', 'szm_szhge_3D'], ['glzlm_lzlge', 'szm_lzlge_3D'], ['glzlm_lzhge', 'szm_lzhge_3D'],
  ['glzlm_glnu', 'szm_glnu_3D'], ['glzlm_zlnu', 'szm_zsnu_3D'], ['glzlm_zp', 'szm_z_perc_3D'],
]

/** Shape features (from the CE-T1 mask): paper name → IBSI tag and scale. */
export const PAPER_SHAPE: [string, string, number][] = [
  ['shape_volume_ml', 'morph_volume', 1e-3],
  ['shape_surface_mm2', 'morph_area_mesh', 1],
  ['shape_sphericity', 'morph_sphericity', 1],
  ['shape_compacity', 'morph_comp_1', 1],
]

/** The extraction the paper's columns need: merged 3D texture only, no hull-based shape, extra statistics. */
export const PAPER_OPTIONS: ExtractOptions = { variants: ['_3D_comb', '_3D'], basicMorphology: true, extendedStatistics: true }

/** Every column of the paper preset, in order. */
export function paperColumns(): string[] {
  return [...PAPER_SEQUENCES.flatMap((s) => PAPER_FEATURES.map(([n]) => `${s}.${n}`)), ...PAPER_SHAPE.map(([n]) => `ce_t1.${n}`)]
}

/**
 * Paper features for one patient. `images` holds one volume per sequence (a sequence may
 * reuse another's volume); the mask (one for all, or one per sequence) is on the grid of each
 * image. A sequence with no image or no mask gets NaN (NA) in all its columns.
 */
export function extractPaperFeatures(images: Partial<Record<Sequence, Volume>>, mask: Volume | Partial<Record<Sequence, Volume>>, settings: RadiomicsSettings, ctx?: JobContext): { features: Record<string, number>; warnings: string[] } {
  const features: Record<string, number> = {}
  const warnings: string[] = []
  PAPER_SEQUENCES.forEach((seq, s) => {
    const withShape = seq === 'ce_t1'
    const image = images[seq]
    const m = 'data' in mask ? (mask as Volume) : (mask as Partial<Record<Sequence, Volume>>)[seq]
    // a sequence without an image (or without a mask that fits it) has empty columns: never another sequence's values
    if (!image || !m) {
      for (const [name] of PAPER_FEATURES) features[`${seq}.${name}`] = NaN
      if (withShape) for (const [name] of PAPER_SHAPE) features[`ce_t1.${name}`] = NaN
      return
    }
    const fams = settings.families.filter((f) => f !== 'morph' || withShape)
    const r = extractFeatures(image, m, { ...settings, families: fams }, subContext(ctx, s / 3, (s + 1) / 3), PAPER_OPTIONS)
    for (const w of r.warnings) warnings.push(`${seq}: ${w}`)
    const f = r.features
    for (const d of settings.glcmDistances ?? [1]) {
      const ds = (settings.glcmDistances ?? [1]).length > 1 ? `_d${d}` : ''
      f[`cm_joint_entr_log10_3D_comb${ds}`] = f[`cm_joint_entr_3D_comb${ds}`] / Math.log2(10)
    }
    const stats = r.features
    for (const [name, tag] of PAPER_FEATURES) features[`${seq}.${name}`] = stats[tag]
    if (withShape) for (const [name, tag, scale] of PAPER_SHAPE) features[`ce_t1.${name}`] = stats[tag] * scale
  })
  return { features, warnings }
}

/** The paper preset's section of docs/features.md (lines). */
export function paperTableMarkdown(): string[] {
  const out = ['## `paper` preset (LIFEx-style columns → IBSI equivalents)', '', 'Per sequence (`t1.`, `t2.`, `ce_t1.`), 3D, fixed bin number 256; GLCM/GLRLM merged over 13 directions (`_3D_comb`), GLSZM 26-connected.', '', '| Column | IBSI equivalent |', '| --- | --- |']
  for (const [n, tag] of PAPER_FEATURES) out.push(`| \`<seq>.${n}\` | \`${tag.replace(/_d(\d)$/, ' (distance $1)')}\`${tag.startsWith('cm_joint_entr_log10') ? ' = cm_joint_entr / log2(10)' : ''} |`)
  for (const [n, tag, scale] of PAPER_SHAPE) out.push(`| \`ce_t1.${n}\` | \`${tag}\`${scale !== 1 ? ` × ${scale}` : ''} |`)
  out.push('')
  return out
}
