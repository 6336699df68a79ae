// Interval figures: a forest plot of Cox hazard ratios (log axis, reference HR = 1) and the
// cross-validated C-index by model (LINEAR axis, reference C = 0.5, chance discrimination).

import { pLabel } from '../math/pvalue.ts'
import { logTicks, niceTicks, type IntervalRow, type IntervalSpec } from './spec.ts'

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'NA')

export interface HrTerm { label: string; hr: number; lower: number; upper: number; p: number }

export function forestSpec(id: string, title: string, terms: HrTerm[]): IntervalSpec {
  const finite = terms.flatMap((t) => [t.lower, t.upper, t.hr]).filter((v) => Number.isFinite(v) && v > 0)
  // the axis spans the intervals, at most 1/64 … 64 (wider intervals run off its ends)
  const lo = Math.max(1 / 64, Math.min(0.5, ...finite) / 1.15)
  const hi = Math.min(64, Math.max(2, ...finite) * 1.15)
  const rows: IntervalRow[] = terms.map((t) => ({ label: t.label, estimate: t.hr, lower: t.lower, upper: t.upper, text: `${fmt(t.hr)} (${fmt(t.lower)}–${fmt(t.upper)}), ${pLabel(t.p)}` }))
  return {
    kind: 'interval', id, title,
    caption: 'Hazard ratios with 95% confidence intervals (Cox model, Efron ties) on a log scale; the dotted line is HR = 1 (no effect); HR > 1 means a higher hazard of metastasis.',
    width: 620, height: 90 + 26 * rows.length,
    x: { title: 'Hazard ratio (95% CI, log scale)', scale: 'log', range: [lo, hi], ticks: logTicks(lo, hi), reference: 1 },
    rows,
  }
}

export interface CindexRow { model: string; mean: number; lower: number; upper: number }

export function cindexSpec(id: string, title: string, models: CindexRow[], folds: number, repeats?: number): IntervalSpec {
  const finite = models.flatMap((m) => [m.lower, m.upper]).filter(Number.isFinite)
  const lo = Math.min(0.4, Math.floor(Math.min(...finite, 0.5) * 20) / 20)
  const hi = Math.max(0.8, Math.ceil(Math.max(...finite, 0.5) * 20) / 20)
  return {
    kind: 'interval', id, title,
    caption: `Harrell's C-index of each Cox model, mean and 95% interval over ${folds}-fold cross-validation${repeats ? ` (${repeats} repeats)` : ''}; the dotted line is C = 0.5 (chance).`,
    width: 620, height: 90 + 26 * models.length,
    x: { title: "Harrell's C-index (cross-validated)", scale: 'linear', range: [lo, Math.min(1, hi)], ticks: niceTicks(lo, Math.min(1, hi), 6), reference: 0.5 },
    rows: models.map((m) => ({ label: m.model, estimate: m.mean, lower: m.lower, upper: m.upper, text: `${m.mean.toFixed(3)} (${m.lower.toFixed(3)}–${m.upper.toFixed(3)})` })),
  }
}
