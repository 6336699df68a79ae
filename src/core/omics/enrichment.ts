// Over-representation analysis: for each gene set, the hypergeometric probability of at
// least the observed overlap between the selected genes and the set, within a universe of
// tested genes (R: phyper(k - 1, m, N - m, n, lower.tail = FALSE)); sets and selection are
// intersected with the universe first; Benjamini–Hochberg across the sets tested.
// Refused (InputError): an empty universe, a non-empty selection with no gene in the universe, no
// set with a gene in the universe (wrong identifiers: symbols vs Ensembl), size bounds that
// admit no set.

import { phyper } from '../math/distributions.ts'
import type { GeneSet } from './gmt.ts'
import { pAdjust } from '../math/p_adjust.ts'
import { InputError } from '../errors.ts'

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
  if (!Number.isInteger(minSize) || minSize < 1) throw new InputError(`--min-size must be an integer of at least 1, got ${minSize}`)
  if (!(maxSize >= minSize)) throw new InputError(`--max-size (${maxSize}) must be at least --min-size (${minSize})`)
  if (N === 0) throw new InputError('the universe is empty; give the list of all tested genes')
  if (n === 0 && selected.length > 0)
    throw new InputError(`none of the ${selected.length} selected genes is in the universe of ${N} genes (e.g. ${selected.slice(0, 3).join(', ')} vs ${universe.slice(0, 3).join(', ')}); use the same gene identifiers in both lists`)
  if (!sets.some((s) => s.genes.some((g) => uni.has(g))))
    throw new InputError(`no gene of the ${sets.length} gene sets is in the universe of ${N} genes; the GMT probably uses other gene identifiers (symbols vs Ensembl ids)`)
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
