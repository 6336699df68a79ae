// One patient of a cohort in the pyradiomics-compatible mode (the Radiomics page's params.yaml
// path): the CE-T1 image (or the first available sequence) with the tumour mask, features under
// pyradiomics names. The mask is resampled (nearest neighbour) onto the image grid when it differs,
// as pyradiomics' correctMask does.
import type { Volume, Mask } from '../../image/volume.ts'
import { sameGrid } from '../../image/volume.ts'
import { resampleMaskNearest } from '../../image/resample_mask.ts'
import type { JobContext } from '../../job.ts'
import { InputError } from '../../errors.ts'
import { parsePyradiomicsParams } from './params.ts'
import { extractPyradiomics } from './extract.ts'

const SEQUENCES = ['t1', 't2', 'ce_t1'] as const

export function extractPatientPyradiomics(id: string, images: Partial<Record<(typeof SEQUENCES)[number], Volume>>, mask: Volume, paramsText: string, paramsName: string, ctx?: JobContext): { id: string; features: Record<string, number>; warnings: string[] } {
  const params = parsePyradiomicsParams(paramsText, paramsName)
  const seq = images.ce_t1 ? 'ce_t1' : SEQUENCES.find((s) => images[s])
  if (!seq) throw new InputError('has no image (t1, t2 or ce_t1)', id)
  const img = images[seq]!
  let m = mask
  if (!sameGrid(mask, img, 1e-3)) {
    const bin: Mask = { ...mask, data: Uint8Array.from(mask.data as ArrayLike<number>, (x) => (x === params.setting.label ? 1 : 0)) }
    const r = resampleMaskNearest(bin, { dims: img.dims, spacing: img.spacing, origin: img.origin, direction: img.direction })
    m = { ...r, data: Uint8Array.from(r.data, (x) => (x ? params.setting.label : 0)) }
  }
  const r = extractPyradiomics(img, m, params, ctx)
  return { id, features: r.features, warnings: r.warnings }
}
