// IBSI reference value files (`reference value;tolerance;tag`, empty value = no consensus)
// and the comparison of computed features against them.

export interface ReferenceValue {
  tag: string
  value: number
  tolerance: number
  /** half a unit of the last digit written in the reference (its rounding) */
  rounding: number
}

export function parseReference(text: string): ReferenceValue[] {
  const out: ReferenceValue[] = []
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue
    const [v, tol, tag] = line.split(';')
    if (v === undefined || tag === undefined || v.trim() === '') continue
    out.push({ tag: tag.trim(), value: Number(v), tolerance: Number(tol), rounding: lastDigitHalfUnit(v.trim()) })
  }
  return out
}

export interface Comparison {
  total: number
  passed: number
  fraction: number
  misses: { tag: string; reference: number; tolerance: number; value: number | null }[]
}

/**
 * Compare features with reference values; a missing or non-finite feature is a miss.
 * IBSI reports rounded values (3 significant digits) and many tolerances are 0: a tolerance of 0
 * means the value rounded like the reference equals it, i.e. |value − reference| ≤ half a unit of
 * the reference's last written digit. Tolerances > 0 are applied as they are.
 */
export function compareWithReference(features: Record<string, number>, ref: ReferenceValue[]): Comparison {
  const misses: Comparison['misses'] = []
  for (const r of ref) {
    const v = features[r.tag]
    const allowed = r.tolerance > 0 ? r.tolerance : r.rounding
    const ok = v !== undefined && Number.isFinite(v) && Math.abs(v - r.value) <= allowed * (1 + 1e-12)
    if (!ok) misses.push({ tag: r.tag, reference: r.value, tolerance: r.tolerance, value: v === undefined || !Number.isFinite(v) ? null : v })
  }
  return { total: ref.length, passed: ref.length - misses.length, fraction: (ref.length - misses.length) / ref.length, misses }
}

/**
 * Half a unit of the reference's precision: 3 significant digits (the IBSI convention), or more
 * when more are written ("2.15" → 0.005, "1490" → 5, "7" → 0.005, "125256" → 0.5, "6.98E-05" → 5e-8).
 */
export function lastDigitHalfUnit(text: string): number {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text)
  const x = Number(text)
  if (!m || !Number.isFinite(x) || x === 0) return 0
  const intPart = m[1] ?? '', frac = m[2] ?? ''
  const exp = m[3] ? Number(m[3]) : 0
  // unit of the last non-zero written digit
  const digits = intPart + frac
  let last = digits.length - 1
  while (last > 0 && digits[last] === '0') last--
  const lastUnit = Math.pow(10, intPart.length - 1 - last + exp)
  const sigUnit = Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 2)
  return 0.5 * Math.min(lastUnit, sigUnit)
}
