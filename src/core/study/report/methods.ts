// The methods paragraph, written from the settings actually used (never from defaults),
// so the text in a paper matches the run that produced its numbers.

import type { AnalysisPlan } from '../plan.ts'

export function methodsParagraph(p: AnalysisPlan, n: { patients: number; train: number; test: number; rna: number }, steps: { deep: boolean; rna: boolean; preprocess: boolean }): string {
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
    s.push(`RNA-seq counts were ${p.rna.combat ? 'batch-corrected with ComBat, ' : ''}normalised with TMM and voom, and the ${p.rna.topGenes} most variable genes were consensus-clustered into ${p.rna.k} groups. Differential expression used per-gene ${p.dge.welch ? 'Welch' : 'Student'} t-tests with |fold change| ≥ ${p.dge.foldChange} and Benjamini–Hochberg adjusted p < ${p.dge.adjP}; gene-set enrichment used hypergeometric tests and pre-ranked GSEA (${p.enrichment.perm} permutations) on ${p.enrichment.gmt}; a PAM signature was selected by ${p.pam.folds}-fold cross-validation.`)
  s.push(`Metastasis-free survival was analysed with Kaplan–Meier estimates, log-rank tests, univariable and multivariable Cox models (Efron ties) and backward stepwise selection by AIC; discrimination was measured by Harrell's C in ${p.survival.cvFolds}-fold cross-validation (${p.survival.cvRepeats} repeat(s)) and models were compared by ${p.survival.bootstrap} bootstrap replicates. Seed ${p.seed}.`)
  return s.join(' ')
}
