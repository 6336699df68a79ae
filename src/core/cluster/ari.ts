// Adjusted Rand index of two partitions (Hubert & Arabie 1985), the chance-corrected
// pair-counting agreement: (Σij C(nij,2) − a·b/C(n,2)) / ((a + b)/2 − a·b/C(n,2)) with
// a = Σi C(ni·,2), b = Σj C(n·j,2). Labels are arbitrary (any numbers or strings).

/**
 * Adjusted Rand index between two labelings of the same items: 1 for identical
 * partitions, about 0 for independent ones.
 * @example adjustedRandIndex([1, 1, 2, 2], [2, 2, 1, 1]) // 1
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  const n = a.length
  if (b.length !== n) throw new Error(`adjustedRandIndex: labelings have different lengths (${n} and ${b.length})`)
  const ia = codes(a), ib = codes(b)
  const ka = Math.max(0, ...ia) + 1, kb = Math.max(0, ...ib) + 1
  const table = new Float64Array(ka * kb)
  for (let i = 0; i < n; i++) table[ia[i] * kb + ib[i]]++
  const c2 = (x: number) => (x * (x - 1)) / 2
  let sumIJ = 0
  const rows = new Float64Array(ka), cols = new Float64Array(kb)
  for (let i = 0; i < ka; i++)
    for (let j = 0; j < kb; j++) {
      const v = table[i * kb + j]
      sumIJ += c2(v)
      rows[i] += v
      cols[j] += v
    }
  let sa = 0, sb = 0
  for (const v of rows) sa += c2(v)
  for (const v of cols) sb += c2(v)
  const expected = (sa * sb) / c2(n)
  const max = (sa + sb) / 2
  if (max === expected) return 1 // both partitions trivial (all singletons or one group)
  return (sumIJ - expected) / (max - expected)
}

function codes(x: ArrayLike<number | string>): number[] {
  const m = new Map<number | string, number>()
  const out: number[] = []
  for (let i = 0; i < x.length; i++) {
    let c = m.get(x[i])
    if (c === undefined) m.set(x[i], (c = m.size))
    out.push(c)
  }
  return out
}
