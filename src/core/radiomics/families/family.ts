// What a feature family is to the extractor (IBSI-1 ch. 3; pyradiomics' feature-class
// registry as the model): an id, its documentation (section, tags, aggregation variants) and
// a compute step over the prepared ROI. The extractor (../extract.ts) loops over FAMILY_REGISTRY
// (./index.ts) and never names a family; a new family is one new module and one registry line.

import type { LevelGrid } from '../matrices/grid.ts'
import type { Discretised } from '../image_processing.ts'
import type { Family, RadiomicsSettings } from '../settings.ts'

export interface FeatureDoc {
  tag: string
  family: Family
  name: string
  /** definition in words / formula */
  doc: string
}

/** Options a caller (e.g. the paper preset, paper.ts) sets on top of the settings file. */
export interface ExtractOptions {
  /** aggregation variants to report (e.g. ['_3D_comb']); default every variant the dimensions allow */
  variants?: readonly string[]
  /** morphology without the convex hull, diameter, MVEE and spatial autocorrelation features */
  basicMorphology?: boolean
  /** stat_* also report sd, p25 and p75 */
  extendedStatistics?: boolean
}

/** The ROI after the processing chain (interpolation, re-segmentation, filter, crop), as families see it. */
export interface FamilyInput {
  settings: RadiomicsSettings
  options: ExtractOptions
  dims: [number, number, number]
  spacing: [number, number, number]
  /** intensities (the filter response when an image filter is set) in the cropped box */
  image: Float64Array
  morphMask: Uint8Array
  intMask: Uint8Array
  /** intensities of the intensity-mask voxels, in voxel order */
  roiValues: Float64Array
  /** re-segmentation range bounds (null when open or absent) */
  rangeLo: number | null
  rangeHi: number | null
  want2D: boolean
  want25: boolean
  want3D: boolean
  /** whether an aggregation variant is to be reported */
  wants(variant: string): boolean
  /** discretised levels (computed once, on first use) */
  discretised(): Discretised
  grid(): LevelGrid
  /** slices (k) holding ROI voxels */
  occupied(): boolean[]
  /** a value shared between families (e.g. zones for GLSZM and GLDZM), computed once */
  memo<T>(key: string, make: () => T): T
}

export interface FeatureFamily {
  id: Family
  title: string
  section: string
  /** modules that compute the family (documentation) */
  module: string
  /** aggregation suffixes the family's tags take */
  variants: readonly string[]
  docs: readonly FeatureDoc[]
  /** extra crop margin in mm around the morphological mask the family needs (local intensity sphere) */
  marginMm?: number
  /** progress reported after the family: fraction of the extraction and a label */
  progress?: [number, string]
  /** features into `out` (tags with the family prefix); absent for the chain's diagnostics */
  compute?(inp: FamilyInput, out: Record<string, number>): void
}

/** Documentation rows [tag, name, definition] of one family. */
export function docRows(family: Family, entries: [string, string, string][]): FeatureDoc[] {
  return entries.map(([tag, name, doc]) => ({ tag, family, name, doc }))
}
