import { describe, expect, it } from 'vitest'
import { averageRankWindow, averageRanks } from '../../../src/core/math/ranks.ts'
import { quantile } from '../../../src/core/math/quantiles.ts'
import { createRng } from '../../../src/core/random.ts'

describe('order statistics as R', () => {
  it('rank with ties averaged and quantile type 7', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2])
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25)
  })
  it('rank window selects exactly the elements whose average rank is in range', () => {
    const rng = createRng(5)
    for (let t = 0; t < 50; t++) {
      const x = Float64Array.from({ length: 200 }, () => rng.int(40))
      const lo = 1 + rng.int(60), hi = 200 - rng.int(60)
      const r = averageRanks(x)
      const [a, b] = averageRankWindow(x, lo, hi)
      for (let i = 0; i < x.length; i++) expect(x[i] >= a && x[i] <= b).toBe(r[i] >= lo && r[i] <= hi)
    }
  })
})
