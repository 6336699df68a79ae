// The project state's accessors (src/ui/lib/project.ts), through which every page reads what
// the earlier pages produced: the Clustering page's inputs (the Radiomics page's table without
// its incomplete columns, the Deep page's latents, the Transcriptomics page's genes), the
// Survival page's groupings (the Clustering page's h-RF grouping replacing none of the others,
// the study's under their own keys) as table columns, and the features the Study may reuse
// (only from this cohort's images, with known settings).
import { describe, expect, it } from 'vitest'
import { featureSources, groupingColumn, groupingKeyOf, imagesKey, projectGroupings, reusableFeatures, withGroupings, type ProjectResults } from '../../../src/ui/lib/project.ts'
import type { Cohort } from '../../../src/core/cohort/cohort.ts'
import type { RadiomicsSettings } from '../../../src/core/radiomics/settings.ts'

const cohort = (seed: number): Cohort =>
  ({
    name: 'demo',
    patients: ['P1', 'P2', 'P3'].map((id, index) => ({ id, images: { t1ce: { kind: 'demo', seed, patients: 3, index, image: 't1ce' }, mask: { kind: 'demo', seed, patients: 3, index, image: 'mask' } } })),
  }) as unknown as Cohort

const radiomics = (c: Cohort): ProjectResults['radiomics'] => ({
  preset: 'paper',
  settings: { binWidth: 25 } as unknown as RadiomicsSettings,
  imagesKey: imagesKey(c),
  // 3 patients × 3 features, the 2nd with a missing value
  table: { ids: ['P1', 'P2', 'P3'], columns: ['f1', 'f2', 'f3'], values: Float64Array.from([1, 2, 3, 4, NaN, 6, 7, 8, 9]) },
  warnings: [],
  seconds: 1,
})

describe('project state accessors', () => {
  it('the Clustering page is offered the Radiomics table (complete columns), the deep latents and the RNA genes', () => {
    const c = cohort(1)
    const r: ProjectResults = {
      radiomics: radiomics(c),
      deep: { model: 'cae', ids: ['P1', 'P2', 'P3'], latentSize: 2, latents: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], groups: [] } as unknown as ProjectResults['deep'],
    }
    const s = featureSources(r)
    expect(s.map((x) => x.key)).toEqual(['radiomics', 'deep'])
    expect(s[0].table.features).toEqual(['f1', 'f3'])
    expect(Array.from(s[0].table.matrix.data)).toEqual([1, 3, 4, 6, 7, 9])
    expect(s[0].label).toContain('3 patients × 2 features (1 with missing values left out)')
    expect(s[1].table.features).toEqual(['latent_1', 'latent_2'])
    expect(s.map((x) => groupingKeyOf(x.key))).toEqual(['hrf', 'deep'])
  })

  it('the Survival page gets every grouping as a column of the clinical table', () => {
    const r: ProjectResults = {
      groupings: { hrf: { label: 'h-RF groups (Clustering page, k = 2)', source: 'cluster', groups: { P1: 'A', P2: 'B', P3: 'A' } } },
      study: { groups: { hscae: { P1: 'B', P2: 'A' } }, worstCombination: null },
    }
    const g = projectGroupings(r)
    expect(Object.keys(g)).toEqual(['hrf', 'study_hscae'])
    const t = withGroupings({ columns: ['patient_id', 'mfs_time'], rows: [['P1', 10], ['P2', 20], ['P3', 30]] } as never, 'patient_id', g)
    expect(t.columns).toEqual(['patient_id', 'mfs_time', groupingColumn('hrf'), groupingColumn('study_hscae')])
    expect(t.rows).toEqual([['P1', 10, 'A', 'B'], ['P2', 20, 'B', 'A'], ['P3', 30, 'A', '']])
  })

  it('the Study reuses the Radiomics features only for the same images and known settings', () => {
    const c = cohort(1)
    const r: ProjectResults = { radiomics: radiomics(c) }
    const k = reusableFeatures(r, c)!
    expect(k.source).toBe('Radiomics page (paper)')
    expect(k.ids).toEqual(['P1', 'P2', 'P3'])
    expect(reusableFeatures(r, cohort(2))).toBeUndefined() // other images
    expect(reusableFeatures({ radiomics: { ...radiomics(c)!, settings: null } }, c)).toBeUndefined() // a pyradiomics file: settings unknown
  })
})
