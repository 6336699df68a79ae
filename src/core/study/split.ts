// Train/test split of the study (paper: 200 training / 25 testing patients). The input's
// own split is kept; when it has no testing patient, a seeded random testing cohort of the
// plan's proportion is drawn.

import { createRng, deriveSeed, shuffleInPlace } from '../random.ts'
import type { AnalysisPlan } from './plan.ts'

export function studySplit(cohort: ('train' | 'test')[], plan: Pick<AnalysisPlan, 'seed' | 'split'>): { cohort: ('train' | 'test')[]; drawn: number } {
  if (cohort.includes('test') || plan.split.test <= 0) return { cohort, drawn: 0 }
  const order = cohort.map((_, i) => i)
  shuffleInPlace(order, createRng(deriveSeed(plan.seed, 0x5917)))
  const nTest = Math.round((cohort.length * plan.split.test) / (plan.split.train + plan.split.test))
  const out = cohort.slice()
  for (let r = 0; r < nTest; r++) out[order[r]] = 'test'
  return { cohort: out, drawn: nTest }
}
