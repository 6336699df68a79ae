// The methods paragraph, written from the settings actually used (never from defaults),
// so the text in a paper matches the run that produced its numbers.

import type { AnalysisPlan } from '../plan.ts'
import type { HrfK } from '../groupings.ts'
import type { StepwiseSummary } from '../analyses.ts'
import { CODED_VARIABLES, type AppliedCoding, type CodedVariable } from '../coding.ts'

export interface MethodsSteps {
  deep: boolean
  rna: boolean
  preprocess: boolean
  /** the RNA normalisation steps that ran, in order (ExpressionMatrix.steps) */
  rnaSteps?: string[]
  /** the gene-set collections read (one per GMT file, with its SHA-256) */
  collections?: { name: string; file: string; sha256?: string; sets: number }[]
}

/** "filterByExpr, ComBat-seq on counts, TMM, voom" → the RNA sentence's first clause */
function rnaSentence(p: AnalysisPlan, ran: string[] | undefined): string {
  if (!ran) return `RNA-seq counts were ${p.rna.combat ? 'batch-corrected with ComBat, ' : ''}normalised with TMM and voom`
  const words: Record<string, string> = {
    filterByExpr: 'filtered with filterByExpr (edgeR)',
    'ComBat-seq on counts': 'batch-corrected on the counts with ComBat-seq (negative-binomial ComBat, Zhang et al. 2020, as sva::ComBat_seq)',
    TMM: 'TMM-normalised',
    voom: 'transformed to log-CPM with voom',
  }
  const said = ran.map((r) => words[r] ?? (r.startsWith('ComBat on log-CPM') ? `batch-corrected on the log-CPM with ComBat${r.includes('non-parametric') ? ' (non-parametric priors)' : ' (parametric priors)'}` : r))
  return `RNA-seq counts were, in this order, ${said.slice(0, -1).join(', ')}${said.length > 1 ? ' and ' : ''}${said[said.length - 1]}${p.rna.combat && !ran.some((r) => r.startsWith('ComBat')) ? ' (no batch correction: fewer than two batches)' : ''}`
}

function collectionsText(p: AnalysisPlan, cols: MethodsSteps['collections']): string {
  if (!cols) return `on ${p.enrichment.gmt}`
  if (!cols.length) return 'on no gene-set collection'
  return `on ${cols.length} gene-set collection${cols.length > 1 ? 's, each tested and Benjamini–Hochberg-adjusted on its own' : ''}: ${cols.map((c) => `${c.file} (${c.sets} sets${c.sha256 ? `, SHA-256 ${c.sha256}` : ''})`).join('; ')}`
}

/** What the run did beyond the plan's settings (from the StudyResult): the methods then say exactly what ran. */
export interface MethodsRan {
  /** the ICC filter: features kept of all, on how many patients; null when no second segmentation was given */
  icc?: { kept: number; total: number; patients: number } | null
  hrfK?: HrfK
  stepwise?: StepwiseSummary | null
  profile?: { grouping: string; reason: string } | null
  features?: number
  /** the histogram-matching reference was the first training patient (imaging.ts) */
  referencePatient?: boolean
  /** the coding applied to the clinical variables (coding.ts), with each variable's reference */
  coding?: AppliedCoding[]
  /** the composite high-risk radiophenotype was derived (the three semantic features were mapped) */
  highRisk?: boolean
  /** the covariates of the multivariable Cox models, as columns of the analysis table */
  covariates?: string[]
  /** the Table 4 models fitted in the RNA sub-cohort, by id */
  models?: string[]
}

const CODED_WORDS: Record<CodedVariable, string> = {
  histotype: 'histotype in the SARCULATOR categories',
  grade: 'FNCLCC grade III vs I–II',
  margins: 'margins R1–R2 vs R0',
  chemotherapy: 'chemotherapy yes/no',
  radiotherapy: 'radiotherapy yes/no',
}
const COVARIATE_WORDS: Record<string, string> = { age: 'age', histotype_cat: 'histotype', grade_III: 'grade', size_mm: 'size', chemotherapy_yn: 'chemotherapy', radiotherapy_yn: 'radiotherapy', margins_R1R2: 'margins' }

/** "Clinical variables were coded … (reference …)" from the coding applied. */
function codingSentence(p: AnalysisPlan, ran: MethodsRan): string {
  const applied = ran.coding ?? []
  const parts = CODED_VARIABLES.filter((v) => applied.some((a) => a.variable === v)).map((v) => {
    const a = applied.find((x) => x.variable === v)!
    const cats = [...new Set(a.values.map((x) => x.category))]
    return `${CODED_WORDS[v]} (${v === 'histotype' ? `${cats.length} categories observed, ` : ''}reference ${a.reference})`
  })
  const sarc = ` SARCULATOR predicted 10-year overall survival was grouped at ${p.sarculator.thresholds[0]} % and ${p.sarculator.thresholds[1]} %.`
  const hr = ran.highRisk ? ' The composite high-risk radiophenotype was defined as at least 2 of necrosis, peritumoral enhancement and heterogeneous T2 signal.' : ''
  return parts.length ? `Clinical variables were coded by the plan's coding: ${parts.join(', ')}.${sarc}${hr}` : `${sarc.trim()}${hr}`
}
/** The deep models: input window, cross-validation protocol, learning-rate schedule, λ and its sensitivity analysis (plans from before these settings: what they ran). */
function deepSentence(p: AnalysisPlan): string {
  const d = p.deep
  const window = (d.crop ?? 'fill') === 'fov'
    ? `a fixed ${d.fovMm} mm field of view centred on the tumour, so that tumour size is kept in the input`
    : "the tumour's bounding box with a 10 % margin stretched to the frame, so that tumour size is not kept"
  const cv = (d.cv ?? 'warm-start') === 'independent'
    ? `a fresh model per repeat; each training patient's latent vector (and HSCAE risk) is the mean over the repeats where it was ${d.aggregate === 'held-out' ? 'held out' : 'in the training 90 %'}, each testing patient's the mean over all repeats`
    : 'one model trained through the repeats, the latent vectors from the final model'
  const lr = (d.lrSchedule ?? 'constant') === 'plateau' ? `Adam at ${d.learningRate}, halved after each epoch without held-out improvement down to 1/8` : `Adam at a constant ${d.learningRate}`
  const sens = d.sensitivity && d.sensitivityLambdas?.length ? ` The HSCAE was also trained with λ = ${[...new Set(d.sensitivityLambdas)].join(', ')} and its groups and hazard ratios reported (sensitivity analysis).` : ''
  return `A convolutional autoencoder (CAE) and a half-supervised CAE with a Cox partial-likelihood head (HSCAE, loss = MSE + λ · Cox, λ = ${d.lambda}) were trained on the mid-tumour CE-T1 slice (${d.size} × ${d.size}, background removed; window: ${window}) in ${d.repeats} repeat(s) of leave-10%-out cross-validation (${cv}; up to ${d.epochs} epochs per repeat with early stopping on the held-out reconstruction error, ${lr}, batch ${d.batch}, ${d.views > 1 ? `${d.views} views per patient per epoch: the slice and ${d.views - 1} seeded augmentations` : 'the slice once per patient per epoch'}), giving ${d.latent} latent features per patient, clustered hierarchically (Pearson, average linkage, centred and scaled) into ${d.k} groups; testing patients were labelled by nearest centroid.${sens}`
}

const NAME: Record<string, string> = { hrf: 'h-RF', cae: 'CAE', hscae: 'HSCAE', rna: 'RNA' }

export function methodsParagraph(p: AnalysisPlan, n: { patients: number; train: number; test: number; rna: number }, steps: MethodsSteps, ran?: MethodsRan): string {
  const s: string[] = []
  s.push(`${n.patients} patients were analysed (training cohort ${n.train}, testing cohort ${n.test}${steps.rna ? `; RNA-seq available for ${n.rna}` : ''}).`)
  if (steps.preprocess && p.preprocess.enabled)
    s.push(
      `MRI sequences were resampled to ${p.preprocess.spacing.join(' × ')} mm with linear interpolation` +
        (p.preprocess.n4 ? `, corrected for bias field with N4 (${p.preprocess.n4Levels} levels × ${p.preprocess.n4Iterations} iterations, shrink factor ${p.preprocess.n4Shrink})` : '') +
        (p.preprocess.matchHistogram ? `, histogram-matched to a reference patient${ran?.referencePatient ? ' (the first patient of the training cohort)' : ''}` : '') +
        ` and linearly rescaled to [${p.preprocess.rescale.join(', ')}].`,
    )
  const texture = p.radiomics.preset === 'paper' ? '; GLCM and GLRLM features averaged over the 13 directions, as LIFEx' : p.radiomics.preset === 'paper-merged' ? '; GLCM and GLRLM from the 13 directions merged' : ''
  const icc = ran === undefined ? (p.icc.enabled ? `, and features with ICC(${p.icc.model}) ≥ ${p.icc.threshold} between two segmentations were kept.` : '.')
    : ran.icc ? `; ${ran.icc.kept} of ${ran.icc.total} features had ICC(${p.icc.model}) ≥ ${p.icc.threshold} between two segmentations (${ran.icc.patients} patients) and were kept.`
    : p.icc.enabled ? '; no second segmentation was given, so no ICC filter was applied.' : '; the ICC filter was off.'
  s.push(`Handcrafted radiomic features (${ran?.features ? `${ran.features} h-RFs, ` : ''}preset "${p.radiomics.preset}", ${p.radiomics.greyLevels} grey levels, fixed bin number, 3D${texture}) were extracted from ${p.radiomics.sequences.map((q) => q.toUpperCase().replace('_', '-')).join(', ')}` + icc)
  const h = ran?.hrfK
  const who = (h?.population ?? p.consensus.population ?? 'all') === 'all' ? 'all patients (training and testing cohorts together)' : 'the training cohort (testing patients assigned to the nearest centroid)'
  const kText = h ? (h.criterion === 'PAC' ? `k = ${h.k} chosen from the data as the lowest proportion of ambiguous clustering (PAC ${h.perK.find((x) => x.k === h.k)?.pac.toFixed(3) ?? ''}); delta area and CDF per k are reported` : h.criterion === 'delta-area' ? `k = ${h.k} chosen from the data as the largest k whose consensus CDF area grows by at least 20 % over k − 1 (delta area ${h.perK.find((x) => x.k === h.k)?.deltaArea.toFixed(3) ?? ''}); PAC and CDF area per k are reported` : `k = ${h.k} fixed by the plan`) : p.consensus.k === 'auto' ? `chosen by ${p.consensus.kCriterion ?? 'delta-area'}` : `k = ${p.consensus.k}`
  s.push(`The h-RFs of ${h ? `${h.patients} patients, ` : ''}${who}, were consensus-clustered with ${p.consensus.reps} resamplings of ${Math.round(p.consensus.pItem * 100)}% of the patients and ${Math.round(p.consensus.pFeature * 100)}% of the features, hierarchical clustering with ${p.consensus.distance} distance and ${p.consensus.linkage} linkage on centred and scaled features, k from 2 to ${p.consensus.maxK} (${kText}); groups were named A (most numerous), B, ….`)
  if (steps.deep) s.push(deepSentence(p))
  if (steps.rna)
    s.push(`${rnaSentence(p, steps.rnaSteps)}, and the ${p.rna.topGenes} most variable genes were consensus-clustered into ${p.rna.k} groups (${p.consensus.reps} resamplings of ${Math.round(p.consensus.pItem * 100)}% of the samples, ${p.consensus.distance} distance, ${p.consensus.linkage} linkage).${ran && ran.profile === null ? ' No expression profile (differential expression, enrichment, PAM) was computed.' : ` Differential expression used per-gene ${p.dge.welch ? 'Welch' : 'Student'} t-tests with |fold change| ≥ ${p.dge.foldChange} and Benjamini–Hochberg adjusted p < ${p.dge.adjP}; gene-set enrichment used hypergeometric tests and pre-ranked GSEA (${p.enrichment.perm} permutations) ${collectionsText(p, steps.collections)}; a PAM signature was selected by ${p.pam.folds}-fold cross-validation.`}`)
  if (ran?.coding || ran?.highRisk !== undefined) s.push(codingSentence(p, ran))
  const sw = ran?.stepwise
  const stepText = sw ? ` and backward stepwise selection by AIC from ${sw.start.length} terms (${sw.start.map((t) => NAME[t] ?? COVARIATE_WORDS[t] ?? t).join(', ')}; ${sw.n ?? ''} patients), which retained ${sw.selected.map((t) => NAME[t] ?? COVARIATE_WORDS[t] ?? t).join(', ') || 'no term'}` : ' and backward stepwise selection by AIC'
  const prof = ran?.profile ? ` The expression profile (differential expression, enrichment, PAM) was computed for the worst RNA × ${NAME[ran.profile.grouping] ?? ran.profile.grouping} combination: ${ran.profile.reason}.` : ''
  s.push(`Metastasis-free survival was analysed with Kaplan–Meier estimates (2- and 5-year MFS), log-rank tests, univariable and multivariable Cox models (Efron ties; groups against their ${Object.values(p.survival.groupReference ?? {}).some(Boolean) ? 'best-MFS group unless the plan names one' : 'best-MFS group'}${ran?.covariates?.length ? `; multivariable models adjusted for ${ran.covariates.map((c) => COVARIATE_WORDS[c] ?? c).join(', ')}` : ''})${stepText}; ${ran?.models?.length ? `in the RNA sub-cohort, the models ${ran.models.join(', ')} were compared: ` : ''}discrimination was measured by Harrell's C in ${p.survival.cvFolds}-fold cross-validation (${p.survival.cvRepeats} repeat(s)) and models were compared by ${p.survival.bootstrap} bootstrap replicates.${prof} Seed ${p.seed}.`)
  return s.join(' ')
}
