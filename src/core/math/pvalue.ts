// p-values for display, one convention everywhere (report tables and figures, pages, CLI):
// "< 0.001" below 0.001, else three decimals; never "= < …". A bootstrap or permutation p
// from B resamples cannot be resolved below 1/(B + 1), so it is shown as "< 1/(B+1)" there.

export interface PFormat {
  /** resamples behind a bootstrap / permutation p: it is shown no smaller than 1/(B + 1) */
  reps?: number
}

/** The p-value as text: "< 0.001", "0.034", "< 0.005" (bootstrap, B = 200), "NA" when missing. */
export function formatP(p: number | null | undefined, opts: PFormat = {}): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'NA'
  const floor = opts.reps !== undefined && opts.reps > 0 ? 1 / (opts.reps + 1) : 0
  if (floor > 0.001 && p < floor) return `< ${Number(floor.toPrecision(2))}`
  if (p < 0.001) return '< 0.001'
  return p.toFixed(3)
}

/** "p < 0.001" or "p = 0.034". */
export function pLabel(p: number | null | undefined, opts: PFormat = {}): string {
  const s = formatP(p, opts)
  return s.startsWith('<') ? `p ${s}` : `p = ${s}`
}
