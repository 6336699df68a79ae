// Cohort extraction: one patient's features (paper preset → LIFEx-style columns; IBSI presets
// → IBSI tags, computed on the CE-T1 image or the first available sequence), and the cohort
// feature table (patient rows, feature columns) with CSV/TSV serialisation.

import type { Volume, Mask } from '../image/volume.ts'
import { sameGrid } from '../image/volume.ts'
import { resampleMaskNearest } from '../image/resample_mask.ts'
import { maskCoverage, MIN_MASK_COVERAGE } from '../image/mask_coverage.ts'
import type { JobContext } from '../job.ts'
import { InputError } from '../errors.ts'
import { SEQUENCES, type Sequence } from '../cohort/cohort.ts'
import type { FeatureTable } from '../cohort/features.ts'
import { extractFeatures } from './extract.ts'
import { extractPaperFeatures, isPaperOutput } from './paper.ts'
import type { RadiomicsSettings } from './settings.ts'

export interface PatientFeatures {
  id: string
  features: Record<string, number>
  warnings: string[]
}

function maskOn(mask: Volume, image: Volume): Volume {
  if (sameGrid(mask, image, 1e-3)) return mask
  const bin: Mask = { ...mask, data: Uint8Array.from(mask.data as ArrayLike<number>, (x) => (x > 0 ? 1 : 0)) }
  return resampleMaskNearest(bin, { dims: image.dims, spacing: image.spacing, origin: image.origin, direction: image.direction })
}

/**
 * Features of one patient. In the paper preset a missing sequence leaves its columns empty
 * (NaN → NA in the CSV) with a warning — never another sequence's values; each sequence uses
 * its own mask when `masks` gives one, else `mask` (drawn on CE-T1) resampled onto its grid
 * through patient coordinates (nearest neighbour); a mask of which less than
 * MIN_MASK_COVERAGE lies inside a sequence's field of view leaves that sequence empty too.
 */
export function extractPatient(id: string, images: Partial<Record<Sequence, Volume>>, mask: Volume, settings: RadiomicsSettings, ctx?: JobContext, masks: Partial<Record<Sequence, Volume>> = {}): PatientFeatures {
  const available = SEQUENCES.filter((s) => images[s])
  if (available.length === 0) throw new InputError('has no image (t1, t2 or ce_t1)', id)
  const warnings: string[] = []
  if (isPaperOutput(settings.output)) {
    const onGrid: Partial<Record<Sequence, Volume>> = {}
    for (const s of SEQUENCES) {
      const img = images[s]
      if (!img) {
        warnings.push(`${s} missing: its features are left empty (NA)`)
        continue
      }
      const m = masks[s] ?? mask
      const covered = maskCoverage(m, img)
      if (covered < MIN_MASK_COVERAGE) {
        warnings.push(`${s}: only ${(100 * covered).toFixed(1)} % of the ${masks[s] ? `${s} mask` : 'mask'} lies inside the ${s} image's field of view (at least ${100 * MIN_MASK_COVERAGE} % needed); its features are left empty (NA)`)
        continue
      }
      onGrid[s] = maskOn(m, img)
    }
    const r = extractPaperFeatures(images, onGrid, settings, ctx)
    return { id, features: r.features, warnings: [...warnings, ...r.warnings] }
  }
  const seq = images.ce_t1 ? 'ce_t1' : available[0]
  const img = images[seq]!
  const r = extractFeatures(img, maskOn(masks[seq] ?? mask, img), settings, ctx)
  return { id, features: r.features, warnings: r.warnings }
}


