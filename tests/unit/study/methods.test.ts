// The methods paragraph says what ran (report/methods.ts): every setting of the plan the
// study reads appears with its value, the coding's reference levels are those applied, the
// RNA steps, k, ICC, stepwise and profile are those of the run, and a changed setting changes
// the text (never a default written in).
import { describe, expect, it } from 'vitest'
import { methodsParagraph, type MethodsRan } from '../../../src/core/study/report/methods.ts'
import { defaultPlan, fastPlan, mergePlan } from '../../../src/core/study/plan.ts'
import type { AppliedCoding } from '../../../src/core/study/coding.ts'

const n = { patients: 225, train: 200, test: 25, rna: 110 }
const coding: AppliedCoding[] = [
  { variable: 'histotype', column: 'histotype', derived: 'histotype_cat', reference: 'M/RC LPS', values: [{ raw: 'UPS', category: 'UPS', n: 3 }, { raw: 'Myxoid/round cells LPS', category: 'M/RC LPS', n: 2 }] },
  { variable: 'grade', column: 'grade', derived: 'grade_III', reference: 'I-II', values: [{ raw: '3', category: 'III', n: 3 }, { raw: '2', category: 'I-II', n: 2 }] },
  { variable: 'margins', column: 'margins', derived: 'margins_R1R2', reference: 'R0', values: [{ raw: 'R0', category: 'R0', n: 5 }] },
  { variable: 'radiotherapy', column: 'radiotherapy', derived: 'radiotherapy_yn', reference: 'yes', values: [{ raw: '1', category: 'yes', n: 5 }] },
]
const ran: MethodsRan = {
  icc: { kept: 150, total: 175, patients: 225 },
  hrfK: { k: 3, criterion: 'delta-area', suggestedK: 3, reason: '', population: 'all', patients: 225, features: 150, perK: [{ k: 3, pac: 0.2, deltaArea: 0.509, cdfArea: 0.8, sizes: [80, 75, 70] }] },
  stepwise: { start: ['hrf', 'cae', 'hscae', 'age'], selected: ['hscae', 'age'], aic: 1, steps: [], retained: ['hscae'], n: 220 },
  profile: { grouping: 'hscae', reason: 'the imaging grouping retained by the backward stepwise AIC selection' },
  features: 175,
  referencePatient: true,
  coding,
  highRisk: true,
  covariates: ['age', 'histotype_cat', 'grade_III', 'size_mm', 'radiotherapy_yn', 'margins_R1R2'],
  models: ['rna', 'hrf', 'rna*hscae', 'sarculator+hscae+rna'],
}
const steps = { deep: true, rna: true, preprocess: true, rnaSteps: ['filterByExpr', 'ComBat-seq on counts', 'TMM', 'voom'], collections: [{ name: 'h', file: 'h.gmt', sets: 50 }] }

describe('methods paragraph', () => {
  for (const [name, plan] of [['paper', defaultPlan()], ['fast', fastPlan()]] as const) {
    it(`states the ${name} plan's values`, () => {
      const t = methodsParagraph(plan, n, steps, ran)
      const want = [
        `${plan.preprocess.spacing.join(' × ')} mm`, `${plan.preprocess.n4Levels} levels × ${plan.preprocess.n4Iterations} iterations, shrink factor ${plan.preprocess.n4Shrink}`,
        'the first patient of the training cohort', `[${plan.preprocess.rescale.join(', ')}]`,
        `preset "${plan.radiomics.preset}", ${plan.radiomics.greyLevels} grey levels`, '175 h-RFs', `150 of 175 features had ICC(${plan.icc.model}) ≥ ${plan.icc.threshold}`,
        `${plan.consensus.reps} resamplings of ${Math.round(plan.consensus.pItem * 100)}% of the patients`, `${plan.consensus.distance} distance and ${plan.consensus.linkage} linkage`, `k from 2 to ${plan.consensus.maxK}`, 'k = 3 chosen from the data',
        `λ = ${plan.deep.lambda}`, `(${plan.deep.size} × ${plan.deep.size}`, `${plan.deep.repeats} repeat(s)`, `${plan.deep.epochs} epochs`, plan.deep.views > 1 ? `${plan.deep.views} views per patient per epoch` : 'the slice once per patient per epoch', `Adam at a constant ${plan.deep.learningRate}, batch ${plan.deep.batch}`, `${plan.deep.latent} latent features`, `into ${plan.deep.k} groups`,
        'in this order, filtered with filterByExpr (edgeR), batch-corrected on the counts with ComBat-seq', `${plan.rna.topGenes} most variable genes were consensus-clustered into ${plan.rna.k} groups`,
        `|fold change| ≥ ${plan.dge.foldChange}`, `adjusted p < ${plan.dge.adjP}`, `${plan.enrichment.perm} permutations`, 'h.gmt (50 sets)', `${plan.pam.folds}-fold cross-validation`,
        'histotype in the SARCULATOR categories (2 categories observed, reference M/RC LPS)', 'FNCLCC grade III vs I–II (reference I-II)', 'margins R1–R2 vs R0 (reference R0)', 'radiotherapy yes/no (reference yes)',
        `grouped at ${plan.sarculator.thresholds[0]} % and ${plan.sarculator.thresholds[1]} %`, 'at least 2 of necrosis, peritumoral enhancement and heterogeneous T2 signal',
        'adjusted for age, histotype, grade, size, radiotherapy, margins', 'from 4 terms (h-RF, CAE, HSCAE, age; 220 patients), which retained HSCAE, age',
        'the models rna, hrf, rna*hscae, sarculator+hscae+rna were compared', `${plan.survival.cvFolds}-fold cross-validation (${plan.survival.cvRepeats} repeat(s))`, `${plan.survival.bootstrap} bootstrap replicates`,
        'worst RNA × HSCAE combination', `Seed ${plan.seed}.`,
      ]
      for (const w of want) expect(t, w).toContain(w)
      // chemotherapy was not coded in this run: not claimed
      expect(t).not.toMatch(/chemotherapy yes\/no/)
    })
  }
  it('follows a changed setting, and a reference the user named', () => {
    const plan = mergePlan(defaultPlan(), { deep: { views: 1 }, survival: { groupReference: { hrf: 'B' } }, sarculator: { thresholds: [40, 70] } })
    const t = methodsParagraph(plan, n, steps, { ...ran, coding: coding.map((c) => (c.variable === 'radiotherapy' ? { ...c, reference: 'no' } : c)), highRisk: false })
    expect(t).toContain('the slice once per patient per epoch')
    expect(t).not.toContain('seeded augmentations')
    expect(t).toContain('radiotherapy yes/no (reference no)')
    expect(t).toContain('grouped at 40 % and 70 %')
    expect(t).toContain('best-MFS group unless the plan names one')
    expect(t).not.toContain('composite high-risk')
  })
  it('names the stepwise covariates in words, and says so when no expression profile ran', () => {
    const t = methodsParagraph(defaultPlan(), n, steps, { ...ran, stepwise: { start: ['hrf', 'age', 'grade_III', 'margins_R1R2'], selected: ['grade_III'], aic: 1, steps: [], retained: [], n: 200 }, profile: null })
    expect(t).toContain('from 4 terms (h-RF, age, grade, margins; 200 patients), which retained grade')
    expect(t).toContain('No expression profile (differential expression, enrichment, PAM) was computed.')
    expect(t).not.toContain('Differential expression used')
    expect(t).not.toContain('The expression profile')
  })
})
