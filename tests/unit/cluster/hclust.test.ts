// hclust, cutree and the distances against R 4.2 (tests/fixtures/cluster/make_fixtures.R):
// heights within 1e-10, identical merge matrices, orders and cuts for every linkage and
// distance on four matrices, one of them full of exactly tied distances.
import { describe, expect, it } from 'vitest'
import { hclust, type Linkage } from '../../../src/core/cluster/hclust.ts'
import { cutree, cutreeMany } from '../../../src/core/cluster/cutree.ts'
import { distanceMatrix, scaleColumns, type DistanceName } from '../../../src/core/cluster/distance.ts'
import { num, readJson, readMatrix } from './fixtures.ts'

interface Run { merge: number[][]; height: string[]; order: number[]; cuts: Record<string, number[]> }
interface Case { matrix: string; scale: boolean; distance: DistanceName; n: number; dist: string[]; runs: Record<Linkage, Run> }
const ref = readJson<Record<string, Case>>('hclust_reference.json')

function pairs(merge: Int32Array): number[][] {
  const out: number[][] = []
  for (let i = 0; i < merge.length; i += 2) out.push([merge[i], merge[i + 1]])
  return out
}

/** R's packed dist (lower triangle by columns) → full matrix. */
function fullFromPacked(d: number[], n: number): Float64Array {
  const out = new Float64Array(n * n)
  let t = 0
  for (let j = 0; j < n; j++) for (let i = j + 1; i < n; i++) out[i * n + j] = out[j * n + i] = d[t++]
  return out
}

function expectSameTree(h: ReturnType<typeof hclust>, run: Run): void {
  expect(pairs(h.merge)).toEqual(run.merge)
  const rh = num(run.height)
  for (let i = 0; i < rh.length; i++) expect(Math.abs(h.height[i] - rh[i])).toBeLessThanOrEqual(1e-10)
  expect(Array.from(h.order)).toEqual(run.order)
  const cuts = cutreeMany(h, [2, 3, 4, 5, 6])
  for (const k of ['2', '3', '4', '5', '6']) expect(Array.from(cuts.get(Number(k))!)).toEqual(run.cuts[k])
}

describe('hclust on R’s own dissimilarities (tie handling in isolation)', () => {
  for (const [key, c] of Object.entries(ref)) {
    for (const linkage of Object.keys(c.runs) as Linkage[]) {
      it(`${key} ${linkage}`, () => {
        const packed = num(c.dist)
        const h = hclust(Float64Array.from(packed), c.n, linkage)
        expectSameTree(h, c.runs[linkage])
        // the full-matrix input gives the same tree
        const hf = hclust(fullFromPacked(packed, c.n), c.n, linkage)
        expect(Array.from(hf.merge)).toEqual(Array.from(h.merge))
        expect(Array.from(hf.height)).toEqual(Array.from(h.height))
      })
    }
  }
})

describe('distances + hclust from the data (the whole pipeline)', () => {
  const matrices = new Map<string, ReturnType<typeof readMatrix>>()
  for (const [key, c] of Object.entries(ref)) {
    it(`${key}: distances within 1e-12 of R, all linkages identical`, () => {
      if (!matrices.has(c.matrix)) matrices.set(c.matrix, readMatrix(`hclust_${c.matrix}.csv`))
      let { matrix } = matrices.get(c.matrix)!
      if (c.scale) matrix = scaleColumns(matrix)
      const d = distanceMatrix(matrix, c.distance)
      const r = fullFromPacked(num(c.dist), c.n)
      let maxDiff = 0
      for (let i = 0; i < d.length; i++) maxDiff = Math.max(maxDiff, Math.abs(d[i] - r[i]))
      expect(maxDiff).toBeLessThan(1e-12)
      for (const linkage of Object.keys(c.runs) as Linkage[]) expectSameTree(hclust(d, c.n, linkage), c.runs[linkage])
    })
  }
})

describe('tied fixture really has ties', () => {
  it('many equal Euclidean distances', () => {
    const d = num(ref['tied/euclidean'].dist)
    expect(new Set(d).size).toBeLessThan(d.length / 5)
  })
})

describe('cutree', () => {
  it('numbers groups by first appearance and handles k = 1 and k = n', () => {
    const h = hclust(Float64Array.from([1, 9, 9, 9, 9, 2]), 4, 'average') // pairs {1,2} and {3,4}
    expect(Array.from(cutree(h, 2))).toEqual([1, 1, 2, 2])
    expect(Array.from(cutree(h, 1))).toEqual([1, 1, 1, 1])
    expect(Array.from(cutree(h, 4))).toEqual([1, 2, 3, 4])
    expect(() => cutree(h, 5)).toThrow(/k must be/)
  })
})

describe('hclust on 120 small, heavily tied dissimilarity matrices (values 1..4, n = 2..15)', () => {
  const cases = readJson<{ n: number; dist: number[] | number; runs: Record<Linkage, { merge: number[][]; height: string[] | string; order: number[] }> }[]>('hclust_ties_fuzz.json')
  for (const linkage of ['average', 'complete', 'single', 'ward.D2'] as Linkage[]) {
    it(`${linkage}: merges, heights and orders as R in every case`, () => {
      for (const c of cases) {
        const h = hclust(Float64Array.from(([] as number[]).concat(c.dist)), c.n, linkage)
        const run = c.runs[linkage]
        expect(pairs(h.merge)).toEqual(run.merge)
        num(([] as string[]).concat(run.height)).forEach((x, i) => expect(Math.abs(h.height[i] - x)).toBeLessThanOrEqual(1e-10))
        expect(Array.from(h.order)).toEqual(run.order)
      }
    })
  }
})
