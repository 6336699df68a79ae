// Handcrafted-radiomics-like (h-RF-like) feature table for the demo cohort, without
// running the image pipeline: each feature is a noisy linear mix of the demo patient's
// latent imaging heterogeneity, risk and tumour size (src/core/demo/patient.ts), in
// blocks shaped like shape / first-order / texture families, so that consensus
// clustering finds the planted imaging phenotypes A/B. Seeded per patient.

import { createRng, deriveSeed } from '../random.ts'
import { demoPatient } from './patient.ts'
import type { LabelledMatrix } from '../cluster/index.ts'

/** h-RF-like features of demo patients `indices` (default: all) of the cohort (seed, patients). */
export function demoRadiomicFeatures(seed: number, patients: number, nFeatures = 152, indices?: number[]): LabelledMatrix {
  const idx = indices ?? Array.from({ length: patients }, (_, i) => i)
  const fam = (j: number) => (j < nFeatures * 0.1 ? 'shape' : j < nFeatures * 0.3 ? 'firstorder' : 'texture')
  // loadings of each feature on (heterogeneity, risk, log size), fixed by the seed
  const lr = createRng(deriveSeed(seed, 0x5eed_c1))
  const load = Array.from({ length: nFeatures }, (_, j) => {
    const f = fam(j)
    const s = lr.next() < 0.5 ? -1 : 1
    if (f === 'shape') return [0.2 * lr.normal(), 0.3 * s, 1.2 * s]
    if (f === 'firstorder') return [1.0 * s, 0.3 * lr.normal(), 0.2 * lr.normal()]
    return [1.3 * s, 0.2 * lr.normal(), 0.3 * lr.normal()]
  })
  const features = Array.from({ length: nFeatures }, (_, j) => `${fam(j)}_${String(j + 1).padStart(3, '0')}`)
  const data = new Float64Array(idx.length * nFeatures)
  const ids: string[] = []
  idx.forEach((index, r) => {
    const p = demoPatient(seed, patients, index)
    ids.push(p.id)
    const rng = createRng(deriveSeed(deriveSeed(seed, index), 0xc1))
    const logSize = Math.log(p.clinical.size_mm / 60)
    // a sharper phenotype contrast than the continuous latent alone
    const het = p.heterogeneity + (p.imagePhenotype === 'B' ? 0.9 : -0.9)
    for (let j = 0; j < nFeatures; j++) {
      const [a, b, c] = load[j]
      data[r * nFeatures + j] = a * het + b * p.risk + c * logSize + 0.8 * rng.normal()
    }
  })
  return { ids, features, matrix: { nItems: idx.length, nFeatures, data } }
}
