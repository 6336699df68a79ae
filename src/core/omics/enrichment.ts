// Over-representation analysis: for each gene set, the hypergeometric probability of at
// least the observed overlap between the selected genes and the set, within a universe of
// tested genes (R: phyper(k - 1, m, N - m, n, lower.tail = FALSE)); sets and selection are
// intersected with the universe first; Benjamini–Hochberg across the sets tested.

import { phyper } from '../math/distributions.ts'
import type { GeneSet } from './gmt.ts'
import { pAdjust } from '../stats/p_adjust.ts'

export interface EnrichmentRow {
  set: string
  /** set size within the universe (m) */
  size: number
  /** overlap with the selection (k) */
  overlap: number
  /** expected overlap n·m/N */
  expected: number
  foldEnrichment: number
  p: number
  adjP: number
  genes: string[]
}

export interface EnrichmentOptions {
  minSize?: number
  maxSize?: number
}

export function overRepresentation(selected: string[], universe: string[], sets: GeneSet[], opts: EnrichmentOptions = {}): EnrichmentRow[] {
  const uni = new Set(universe)
  const sel = new Set(selected.filter((g) => uni.has(g)))
  const N = uni.size
  const n = sel.size
  const minSize = opts.minSize ?? 1
  const maxSize = opts.maxSize ?? Infinity
  const rows: EnrichmentRow[] = []
  for (const s of sets) {
    const inU = s.genes.filter((g) => uni.has(g))
    const m = inU.length
    if (m < minSize || m > maxSize) continue
    const hits = inU.filter((g) => sel.has(g))
    const k = hits.length
    const expected = N > 0 ? (n * m) / N : NaN
    const p = k === 0 ? 1 : phyper(k - 1, m, N - m, n, false)
    rows.push({ set: s.name, size: m, overlap: k, expected, foldEnrichment: expected > 0 ? k / expected : NaN, p, adjP: NaN, genes: hits })
  }
  const adj = pAdjust(rows.map((r) => r.p), 'BH')
  rows.forEach((r, i) => (r.adjP = adj[i]))
  return rows
}
