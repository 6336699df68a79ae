// ComBat-seq against sva::ComBat_seq (tests/fixtures/omics/make_combat_seq.R → combat_seq.json):
// the adjusted integer counts, and sva's internal estimates (γ̂, φ̂, μ̂ captured with trace()),
// ≤ 1e-6 relative on five cases (2 and 3 batches, with and without a group, full_mod FALSE).
import { describe, expect, it } from 'vitest'
import { readText } from './fixtures.ts'
import { combatSeq } from '../../../src/core/omics/combat_seq.ts'
import { InputError } from '../../../src/core/errors.ts'

interface Case {
  id: string
  samples: string[]
  batch: string[]
  group: string[] | null
  full_mod: boolean
  adjusted: number[][]
  keep: number[]
  gamma_hat: number[][]
  phi_hat: number[][]
  mu_hat: number[][]
}
const fx = JSON.parse(readText('combat_seq.json')) as { samples: string[]; counts: number[][]; cases: Case[] }
const G = fx.counts.length

/** max |a − b| / max(|b|, 1e-300) over two equal-length lists */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300))
  return m
}

function run(c: Case) {
  const cols = c.samples.map((s) => fx.samples.indexOf(s))
  const n = cols.length
  const counts = new Float64Array(G * n)
  for (let g = 0; g < G; g++) for (let j = 0; j < n; j++) counts[g * n + j] = fx.counts[g][cols[j]]
  return { n, r: combatSeq(counts, G, c.batch, { group: c.group ?? undefined, fullMod: c.full_mod }) }
}

describe('ComBat-seq = sva::ComBat_seq', () => {
  for (const c of fx.cases) {
    it(`${c.id}: ${new Set(c.batch).size} batches${c.group ? `, group, full_mod ${c.full_mod}` : ''}`, () => {
      const { r } = run(c)
      expect(r.kept.map((k) => k + 1)).toEqual(c.keep)
      expect(maxRel(r.phiHat, c.phi_hat.flat())).toBeLessThan(1e-6)
      expect(maxRel(r.gammaHat, c.gamma_hat.flat())).toBeLessThan(1e-6)
      expect(maxRel(r.muHat, c.mu_hat.flat())).toBeLessThan(1e-6)
      expect(maxRel(r.counts, c.adjusted.flat())).toBeLessThanOrEqual(1e-6)
      expect(r.unadjusted).toEqual([0]) // gene 1 is all zero in batch b1
    })
  }
})

describe('ComBat-seq refuses what sva refuses', () => {
  it('a batch with one sample', () => {
    expect(() => combatSeq(new Float64Array([1, 2, 3, 4, 5, 6]), 2, ['a', 'a', 'b'])).toThrow(/"b" has a single sample/)
  })
  it('a group confounded with batch', () => {
    const y = Float64Array.from({ length: 3 * 4 }, (_, i) => 5 + i)
    expect(() => combatSeq(y, 3, ['a', 'a', 'b', 'b'], { group: ['x', 'x', 'y', 'y'] })).toThrow(/confounded with batch/)
  })
  it('non-integer or negative counts', () => {
    expect(() => combatSeq(new Float64Array([1, 2.5, 3, 4]), 1, ['a', 'a', 'b', 'b'])).toThrow(InputError)
    expect(() => combatSeq(new Float64Array([1, -2, 3, 4]), 1, ['a', 'a', 'b', 'b'])).toThrow(/non-negative integer/)
  })
})
