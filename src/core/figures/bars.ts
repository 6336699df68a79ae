// Gene-set enrichment bars: −log10 adjusted p per gene set, red for sets over-represented
// among the up-regulated genes, blue among the down-regulated (spec.ts convention), full
// gene-set names (the left margin grows with the longest name).

import { DIRECTION_CAPTION, niceTicks, type BarsSpec, type Direction } from './spec.ts'

export interface EnrichedSet { set: string; adjP: number; direction: Direction }

export function enrichmentSpec(id: string, title: string, sets: EnrichedSet[], opts: { maxAdjP?: number; top?: number } = {}): BarsSpec {
  const limit = opts.maxAdjP ?? 0.25
  const all = sets.filter((s) => Number.isFinite(s.adjP) && s.adjP > 0).map((s) => ({ label: s.set, value: -Math.log10(s.adjP), direction: s.direction })).sort((a, b) => b.value - a.value)
  const passing = all.filter((b) => b.value > -Math.log10(limit))
  // when no set passes, the smallest adjusted p-values are shown all the same (said in the caption)
  const bars = (passing.length ? passing : all).slice(0, opts.top ?? (passing.length ? 20 : 10))
  const vmax = Math.max(1.5, ...bars.map((b) => b.value)) * 1.05
  return {
    kind: 'bars', id, title,
    caption: `Gene-set over-representation (hypergeometric test, Benjamini–Hochberg), ${passing.length ? `sets with adjusted p < ${limit}` : `no set with adjusted p < ${limit}: the ${bars.length} smallest adjusted p-values`}. ${DIRECTION_CAPTION.replace('up-regulated', 'over-represented among the up-regulated genes').replace('down-regulated.', 'among the down-regulated genes.')} The dotted line is adjusted p = 0.05.`,
    width: 760, height: 70 + 20 * Math.max(1, bars.length),
    x: { title: '−log10 adjusted p', scale: 'linear', range: [0, vmax], ticks: niceTicks(0, vmax, 5), reference: -Math.log10(0.05) },
    bars,
  }
}
