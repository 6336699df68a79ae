// Training defaults of the deep models that places without tfjs need too (the study plan,
// the UI's settings): kept free of imports so that reading them does not load tfjs.

/**
 * Default views of each training patient per epoch (the slice + 11 augmentations). Chosen
 * by measurement (docs/status/deep.md): on the 60-patient demo at 32 px with 8 epochs × 2
 * repeats, test reconstruction error fell from 1.14 % (4 views) to 1.00 % (8) and 0.78 % (12);
 * the augmented views mostly buy generalisation (train ≈ 0.6–0.85 % throughout).
 */
export const DEFAULT_VIEWS = 12

/**
 * Default weight λ of the HSCAE's Cox partial-likelihood loss against the reconstruction
 * MSE (loss = MSE + λ·Cox). At convergence the batch Cox loss is ≈ 1 and the MSE ≈ 0.01,
 * so λ = 0.005 gives the prognostic term about half the weight of the reconstruction
 * term; the earlier 0.05 let it outweigh the reconstruction five-fold (test error 1.8 %
 * against 0.87 % now on the 60-patient demo, docs/status/deep.md) while the risk head,
 * whose own weights see only the Cox term, learns the outcome either way (training C
 * 0.87–0.92).
 */
export const DEFAULT_LAMBDA = 0.005
