// The math layer: special functions, distributions, dense linear algebra, FFT, ranks,
// quantiles, hashing and p-value formatting — one implementation each, imported by every engine.
export * from './special.ts'
export * from './distributions.ts'
export * from './linalg.ts'
export * from './fft.ts'
export * from './ranks.ts'
export * from './quantiles.ts'
export * from './moments.ts'
export * from './hash.ts'
export * from './pvalue.ts'
export * from './p_adjust.ts'
