// Counts per million and log-CPM as edgeR cpm(): log2((y + prior') / (L + 2 prior') × 1e6)
// where the prior count is scaled by library size (prior' = prior × L / mean(L)), and L the
// (optionally TMM-effective) library sizes.

import type { CountMatrix } from '../cohort/cohort.ts'

/** edgeR cpm(y, lib.size, log = TRUE, prior.count). */
export function logCpm(m: CountMatrix, libSizes: Float64Array, priorCount = 2): CountMatrix {
  const ns = m.samples.length
  let meanLib = 0
  for (let s = 0; s < ns; s++) meanLib += libSizes[s]
  meanLib /= ns
  const pc = new Float64Array(ns)
  const adj = new Float64Array(ns)
  for (let s = 0; s < ns; s++) {
    pc[s] = (priorCount * libSizes[s]) / meanLib
    adj[s] = libSizes[s] + 2 * pc[s]
  }
  const out = new Float64Array(m.data.length)
  for (let g = 0; g < m.genes.length; g++)
    for (let s = 0; s < ns; s++) out[g * ns + s] = Math.log2(((m.data[g * ns + s] + pc[s]) / adj[s]) * 1e6)
  return { genes: m.genes.slice(), samples: m.samples.slice(), data: out }
}

/** Plain CPM y / L × 1e6. */
export function cpm(m: CountMatrix, libSizes: Float64Array): CountMatrix {
  const ns = m.samples.length
  const out = new Float64Array(m.data.length)
  for (let g = 0; g < m.genes.length; g++) for (let s = 0; s < ns; s++) out[g * ns + s] = (m.data[g * ns + s] / libSizes[s]) * 1e6
  return { genes: m.genes.slice(), samples: m.samples.slice(), data: out }
}
