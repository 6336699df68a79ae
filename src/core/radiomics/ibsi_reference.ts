// IBSI reference value files (`reference value;tolerance;tag`, empty value = no consensus)
// and the comparison of computed features against them.

export interface ReferenceValue { tag: string; value: number; tolerance: number }

export function parseReference(text: string): ReferenceValue[] {
  const out: ReferenceValue[] = []
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue
    const [v, tol, tag] = line.split(';')
    if (v === undefined || tag === undefined || v.trim() === '') continue
    out.push({ tag: tag.trim(), value: Number(v), tolerance: Number(tol) })
  }
  return out
}

export interface Comparison {
  total: number
  passed: number
  fraction: number
  misses: { tag: string; reference: number; tolerance: number; value: number | null }[]
}

/** Compare features with reference values; a missing or non-finite feature is a miss. */
export function compareWithReference(features: Record<string, number>, ref: ReferenceValue[]): Comparison {
  const misses: Comparison['misses'] = []
  for (const r of ref) {
    const v = features[r.tag]
    // the tolerance is on the reported (3 significant digits) value: allow its rounding half-unit
    const ok = v !== undefined && Number.isFinite(v) && Math.abs(v - r.value) <= r.tolerance + roundingSlack(r.value)
    if (!ok) misses.push({ tag: r.tag, reference: r.value, tolerance: r.tolerance, value: v === undefined || !Number.isFinite(v) ? null : v })
  }
  return { total: ref.length, passed: ref.length - misses.length, fraction: (ref.length - misses.length) / ref.length, misses }
}

/** Half a unit of the reference's third significant digit (IBSI reports values to 3 significant digits). */
export function roundingSlack(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0
  return 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 2)
}
