// Gene filtering before normalisation: none, drop all-zero genes, or edgeR filterByExpr
// (keep genes with CPM ≥ min.count / median(L) × 1e6 in at least the smallest group's size
// — shrunk towards large.n + (n - large.n) × min.prop for big groups — and a total count
// ≥ min.total.count).

import type { CountMatrix } from '../cohort/cohort.ts'
import { InputError } from '../errors.ts'
import { librarySizes } from './counts.ts'
import { median } from '../math/quantiles.ts'

export type FilterMethod = 'none' | 'zero' | 'expr'

export interface FilterByExprOptions {
  group?: string[]
  libSizes?: Float64Array
  minCount?: number
  minTotalCount?: number
  largeN?: number
  minProp?: number
}

/** Keep mask per gene (1 = keep). */
export function filterByExpr(m: CountMatrix, opts: FilterByExprOptions = {}): Uint8Array {
  const ns = m.samples.length
  const lib = opts.libSizes ?? librarySizes(m)
  const minCount = opts.minCount ?? 10
  const minTotal = opts.minTotalCount ?? 15
  const largeN = opts.largeN ?? 10
  const minProp = opts.minProp ?? 0.7
  let minSize: number
  if (opts.group) {
    const counts = new Map<string, number>()
    for (const g of opts.group) counts.set(g, (counts.get(g) ?? 0) + 1)
    minSize = Math.min(...counts.values())
  } else minSize = ns
  if (minSize > largeN) minSize = largeN + (minSize - largeN) * minProp
  const cutoff = (minCount / median(lib)) * 1e6
  const tol = 1e-14
  const keep = new Uint8Array(m.genes.length)
  for (let g = 0; g < m.genes.length; g++) {
    let nAbove = 0
    let total = 0
    for (let s = 0; s < ns; s++) {
      const y = m.data[g * ns + s]
      total += y
      if ((y / lib[s]) * 1e6 >= cutoff) nAbove++
    }
    keep[g] = nAbove >= minSize - tol && total >= minTotal - tol ? 1 : 0
  }
  return keep
}

/** Keep mask for a filter method. */
export function filterGenes(m: CountMatrix, method: FilterMethod, group?: string[]): Uint8Array {
  const ns = m.samples.length
  if (method === 'none') return new Uint8Array(m.genes.length).fill(1)
  if (method === 'zero') {
    const keep = new Uint8Array(m.genes.length)
    for (let g = 0; g < m.genes.length; g++)
      for (let s = 0; s < ns; s++)
        if (m.data[g * ns + s] !== 0) { keep[g] = 1; break }
    return keep
  }
  if (method === 'expr') return filterByExpr(m, { group })
  throw new InputError(`unknown filter "${method}"; use none, zero or expr`)
}
