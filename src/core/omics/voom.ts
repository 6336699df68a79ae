// voom (Law, Chen, Shi & Smyth, Genome Biology 2014) exactly as limma::voom: log-CPM
// E = log2((y + 0.5) / (L + 1) × 1e6) with L the (TMM-effective) library sizes; a gene-wise
// unweighted linear fit; lowess (span 0.5) of sqrt(residual sd) on mean log-count; and
// precision weights 1 / trend(fitted log-count)^4 per observation.

import type { CountMatrix } from '../cohort/cohort.ts'
import { InputError } from '../errors.ts'
import type { Design } from './design.ts'
import { lmFit } from './lmfit.ts'
import { approxOrdered, lowess } from './lowess.ts'
import { refuseEmptySamples } from './tmm.ts'

export interface VoomResult {
  genes: string[]
  samples: string[]
  /** log-CPM, genes × samples */
  E: Float64Array
  /** precision weights, genes × samples */
  weights: Float64Array
  libSizes: Float64Array
  /** the mean–variance trend: x = mean log2 count, y = sqrt(sd), and the lowess curve */
  trend: { x: Float64Array; y: Float64Array; fitX: Float64Array; fitY: Float64Array }
}

export function voom(counts: CountMatrix, design: Design, libSizes: Float64Array, span = 0.5): VoomResult {
  const G = counts.genes.length
  const n = counts.samples.length
  if (G < 2) throw new InputError('voom needs at least two genes to fit a mean–variance trend')
  if (design.n !== n) throw new InputError(`the design has ${design.n} rows but the counts have ${n} samples`)
  refuseEmptySamples(counts.samples, libSizes, 'voom')
  const E = new Float64Array(G * n)
  for (let g = 0; g < G; g++)
    for (let s = 0; s < n; s++) {
      const y = counts.data[g * n + s]
      if (!(y >= 0)) throw new InputError(`negative or missing count for gene ${counts.genes[g]}, sample ${counts.samples[s]}`)
      E[g * n + s] = Math.log2(((y + 0.5) / (libSizes[s] + 1)) * 1e6)
    }
  const fit = lmFit(E, counts.genes, design)
  const p = design.p
  let meanLogLib = 0
  for (let s = 0; s < n; s++) meanLogLib += Math.log2(libSizes[s] + 1)
  meanLogLib /= n
  const sx: number[] = []
  const sy: number[] = []
  for (let g = 0; g < G; g++) {
    let tot = 0
    for (let s = 0; s < n; s++) tot += counts.data[g * n + s]
    if (tot === 0) continue
    sx.push(fit.amean[g] + meanLogLib - Math.log2(1e6))
    sy.push(Math.sqrt(fit.sigma[g]))
  }
  const l = lowess(sx, sy, span)
  const trend = approxOrdered(l.x, l.y)
  // fitted log2 count = log2(1e-6 · 2^fitted · (L + 1)), written as a sum (same value up to rounding)
  const logLib = Float64Array.from(libSizes, (l) => Math.log2(l + 1) - Math.log2(1e6))
  const W = new Float64Array(G * n)
  for (let g = 0; g < G; g++)
    for (let s = 0; s < n; s++) {
      let fv = 0
      for (let a = 0; a < p; a++) fv += fit.coefficients[g * p + a] * design.data[s * p + a]
      const t = trend(fv + logLib[s])
      W[g * n + s] = 1 / (t * t * t * t)
    }
  return {
    genes: counts.genes.slice(),
    samples: counts.samples.slice(),
    E,
    weights: W,
    libSizes,
    trend: { x: Float64Array.from(sx), y: Float64Array.from(sy), fitX: l.x, fitY: l.y },
  }
}
