// Worker jobs of the radiomics engine: thin adapters over src/core/radiomics.
//   radiomics.patient — one patient's features (images resolved in the worker); with a pyradiomics
//                       params.yaml text, in the pyradiomics-compatible mode
//   radiomics.icc     — ICC reproducibility filter between two feature tables (columns or CSV/TSV text)
import type { JobTable } from './types.ts'
import type { Patient } from '../../src/core/cohort/cohort.ts'
import { subContext } from '../../src/core/job.ts'
import { InputError } from '../../src/core/errors.ts'
import { loadPatientImages } from '../image_io.ts'
import { loadPreset } from '../../src/core/radiomics/presets.ts'
import { validateSettings } from '../../src/core/radiomics/settings.ts'
import { extractPatient } from '../../src/core/radiomics/cohort.ts'
import { featureColumns, parseFeatureCsv, type FeatureColumns } from '../../src/core/cohort/features.ts'
import { iccFilter, type IccModel } from '../../src/core/radiomics/icc.ts'
import { extractPatientPyradiomics } from '../../src/core/radiomics/pyradiomics/index.ts'

const columnsOf = (x: FeatureColumns | { text: string; name: string }): FeatureColumns => ('text' in x ? featureColumns(parseFeatureCsv(x.text, x.name)) : x)

export const jobs = {
  'radiomics.patient': async (a: { patient: Pick<Patient, 'id' | 'images'>; preset?: string; settings?: unknown; pyradiomics?: { text: string; name: string } }, ctx) => {
    if (a.pyradiomics) {
      ctx.progress?.(0, `${a.patient.id}: reading images`)
      const images = await loadPatientImages(a.patient)
      if (!images.mask) throw new InputError('has no mask; add one in the cohort step', a.patient.id)
      ctx.progress?.(0.15, `${a.patient.id}: pyradiomics features`)
      const { t1, t2, ce_t1 } = images
      return extractPatientPyradiomics(a.patient.id, { t1, t2, ce_t1 }, images.mask, a.pyradiomics.text, a.pyradiomics.name, subContext(ctx, 0.15, 1))
    }
    const settings = a.settings !== undefined ? validateSettings(a.settings) : loadPreset(a.preset ?? 'paper')
    ctx.progress?.(0, `${a.patient.id}: reading images`)
    const images = await loadPatientImages(a.patient)
    if (!images.mask) throw new InputError('has no mask; add one in the cohort step', a.patient.id)
    ctx.progress?.(0.15, `${a.patient.id}: features`)
    const { t1, t2, ce_t1 } = images
    // a sequence's own mask (drawn or edited on it) is used for its features, else the CE-T1 mask through patient coordinates
    return extractPatient(a.patient.id, { t1, t2, ce_t1 }, images.mask, settings, subContext(ctx, 0.15, 1), { t1: images.mask_t1, t2: images.mask_t2, ce_t1: images.mask_ce_t1 })
  },
  'radiomics.icc': (a: { a: FeatureColumns | { text: string; name: string }; b: FeatureColumns | { text: string; name: string }; model: IccModel; threshold: number }) =>
    iccFilter(columnsOf(a.a), columnsOf(a.b), a.model, a.threshold),
} satisfies JobTable
