// What an image filter is to the extractor: an image → image stage between the processing
// chain (interpolation, re-segmentation) and the feature families (IBSI-2 reference manual,
// arXiv:2006.05470, ch. 2 "image processing with filters"; pyradiomics' image types as the
// model). The response map replaces the intensities the families see; the ROI masks stay
// those of the unfiltered image.

import type { Volume } from '../../image/volume.ts'

/** A filter's settings: its registry id and its parameters (plain JSON). */
export interface FilterSpec {
  filter: string
  [parameter: string]: unknown
}

export interface ImageFilter {
  id: string
  title: string
  /** IBSI-2 section (or other reference) */
  section: string
  /** modules that compute it (documentation) */
  module: string
  /** parameters in words (documentation) */
  parameters: string
  /** check a settings object; throws InputError naming the field */
  validate(spec: FilterSpec, name: string): FilterSpec
  /**
   * How far (voxels per axis, all stages together) the response at a voxel reads the input, or
   * null for a global filter. The extractor then filters only the ROI box widened by it.
   */
  reach?(image: Volume<Float64Array>, spec: FilterSpec): [number, number, number] | null
  /** the response map on the grid of `image` */
  apply(image: Volume<Float64Array>, spec: FilterSpec): Volume<Float64Array>
}
