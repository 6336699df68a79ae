// The methods paragraph, written from the settings actually used (never from defaults),
// so the text in a paper matches the run that produced its numbers.

import type { AnalysisPlan } from '../plan.ts'

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

export function methodsParagraph(p: AnalysisPlan, n: { patients: number; train: number; test: number; rna: number }, steps: MethodsSteps): string {
  const s: string[] = []
  s.push(`${n.patients} patients were analysed (training cohort ${n.train}, testing cohort ${n.test}${steps.rna ? `; RNA-seq available for ${n.rna}` : ''}).`)
  if (steps.preprocess && p.preprocess.enabled)
    s.push(
      `MRI sequences were resampled to ${p.preprocess.spacing.join(' × ')} mm with linear interpolation` +
        (p.preprocess.n4 ? `, corrected for bias field with N4 (${p.preprocess.n4Levels} levels × ${p.preprocess.n4Iterations} iterations, shrink factor ${p.preprocess.n4Shrink})` : '') +
        (p.preprocess.matchHistogram ? `, histogram-matched to a reference patient` : '') +
        ` and linearly rescaled to [${p.preprocess.rescale.join(', ')}].`,
    )
  s.push(`Handcrafted radiomic features (preset "${p.radiomics.preset}", ${p.radiomics.greyLevels} grey levels, fixed bin number, 3D) were extracted from ${p.radiomics.sequences.map((q) => q.toUpperCase().replace('_', '-')).join(', ')}` + (p.icc.enabled ? `, and features with ICC(${p.icc.model}) ≥ ${p.icc.threshold} between two segmentations were kept.` : '.'))
  s.push(`Unsupervised consensus clustering used ${p.consensus.reps} resamplings of ${Math.round(p.consensus.pItem * 100)}% of the patients, hierarchical clustering with ${p.consensus.distance} distance and ${p.consensus.linkage} linkage on centred and scaled features, k from 2 to ${p.consensus.maxK} (${p.consensus.k === 'auto' ? 'chosen by the consensus CDF delta area and PAC' : `k = ${p.consensus.k}`}); groups were named A (most numerous), B, ….`)
  if (steps.deep)
    s.push(`A convolutional autoencoder (CAE) and a half-supervised CAE with a Cox partial-likelihood head (HSCAE, λ = ${p.deep.lambda}) were trained on the mid-tumour CE-T1 slice (${p.deep.size} × ${p.deep.size}, background removed) in ${p.deep.repeats} repeat(s) of leave-10%-out cross-validation (${p.deep.epochs} epochs), giving ${p.deep.latent} latent features per patient, clustered hierarchically (Pearson, average linkage, centred and scaled) into ${p.deep.k} groups; testing patients were labelled by nearest centroid.`)
  if (steps.rna)
    s.push(`${rnaSentence(p, steps.rnaSteps)}, and the ${p.rna.topGenes} most variable genes were consensus-clustered into ${p.rna.k} groups. Differential expression used per-gene ${p.dge.welch ? 'Welch' : 'Student'} t-tests with |fold change| ≥ ${p.dge.foldChange} and Benjamini–Hochberg adjusted p < ${p.dge.adjP}; gene-set enrichment used hypergeometric tests and pre-ranked GSEA (${p.enrichment.perm} permutations) ${collectionsText(p, steps.collections)}; a PAM signature was selected by ${p.pam.folds}-fold cross-validation.`)
  s.push(`Metastasis-free survival was analysed with Kaplan–Meier estimates, log-rank tests, univariable and multivariable Cox models (Efron ties) and backward stepwise selection by AIC; discrimination was measured by Harrell's C in ${p.survival.cvFolds}-fold cross-validation (${p.survival.cvRepeats} repeat(s)) and models were compared by ${p.survival.bootstrap} bootstrap replicates. Seed ${p.seed}.`)
  return s.join(' ')
}
