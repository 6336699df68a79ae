// Worker jobs of the deep engine: thin adapters over src/core. Training itself runs in
// the dedicated workers/deep.worker.ts (pause/resume, per-epoch reports); here the
// preparation of the mid-tumour CE-T1 slices of a cohort, which reads the images.
import type { JobTable } from './types.ts'
import type { JobContext } from '../../src/core/job.ts'
import { throwIfCancelled } from '../../src/core/job.ts'
import type { Patient } from '../../src/core/cohort/cohort.ts'
import { InputError } from '../../src/core/errors.ts'
import { tumourSlice, type CropMode } from '../../src/core/deep/slice.ts'
import type { DeepSample } from '../../src/core/deep/train.ts'
import type { Mask } from '../../src/core/image/volume.ts'
import { loadPatientImages } from '../image_io.ts'

export interface PrepareArgs {
  patients: Pick<Patient, 'id' | 'cohort' | 'images'>[]
  size: number
  margin?: number
  /** the input window (src/core/deep/slice.ts): 'fov' (fieldOfViewMm around the tumour, size kept) or 'fill' (default) */
  crop?: CropMode
  fieldOfViewMm?: number
  /** MFS per patient id */
  survival: Record<string, { time: number; event: number }>
}

export async function prepareDeepSamples(args: PrepareArgs, ctx?: JobContext): Promise<DeepSample[]> {
  const out: DeepSample[] = []
  for (let i = 0; i < args.patients.length; i++) {
    throwIfCancelled(ctx)
    const p = args.patients[i]
    if (!p.images.ce_t1 || !p.images.mask) throw new InputError('needs a CE-T1 image and a tumour mask for the deep models', p.id)
    const v = await loadPatientImages({ id: p.id, images: { ce_t1: p.images.ce_t1, mask: p.images.mask } })
    const m = v.mask!
    const mask: Mask = { ...m, data: Uint8Array.from(m.data as ArrayLike<number>, (x) => (x > 0 ? 1 : 0)) }
    const s = tumourSlice(v.ce_t1!, mask, { size: args.size, margin: args.margin, crop: args.crop, fieldOfViewMm: args.fieldOfViewMm }, p.id)
    const mfs = args.survival[p.id]
    out.push({ id: p.id, cohort: p.cohort, slice: { size: s.size, image: s.image, mask: s.mask }, time: mfs?.time, event: mfs?.event })
    ctx?.progress?.((i + 1) / args.patients.length, `slice of ${p.id}`)
  }
  return out
}

export const jobs = {
  'deep.prepare': (args: PrepareArgs, ctx) => prepareDeepSamples(args, ctx),
} satisfies JobTable
