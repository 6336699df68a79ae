// ARI against the closed form computed in R, nearest-centroid assignment against R's
// cor/dist on the centroids, and the study's group naming.
import { describe, expect, it } from 'vitest'
import { adjustedRandIndex } from '../../../src/core/cluster/ari.ts'
import { assignNearestCentroid } from '../../../src/core/cluster/centroid.ts'
import { nameGroups, groupLetter } from '../../../src/core/cluster/naming.ts'
import { subMatrix } from '../../../src/core/cluster/distance.ts'
import { num, readJson, readMatrix } from './fixtures.ts'

describe('adjustedRandIndex', () => {
  it('equals R’s closed form on six cases', () => {
    for (const c of readJson<{ a: number[]; b: number[]; ari: string }[]>('ari_reference.json'))
      expect(Math.abs(adjustedRandIndex(c.a, c.b) - Number(c.ari))).toBeLessThan(1e-12)
  })
  it('is 1 for relabelled identical partitions', () => {
    expect(adjustedRandIndex([1, 1, 2, 2, 3], ['b', 'b', 'a', 'a', 'c'])).toBe(1)
  })
})

describe('assignNearestCentroid', () => {
  const ref = readJson<any>('centroid_reference.json')
  const { matrix } = readMatrix('hclust_groups.csv')
  const train = subMatrix(matrix, Array.from({ length: 20 }, (_, i) => i))
  const items = subMatrix(matrix, Array.from({ length: 10 }, (_, i) => 20 + i))
  for (const d of ['pearson', 'euclidean'] as const) {
    it(`${d}: distances to each centroid and labels as R`, () => {
      const a = assignNearestCentroid(train, ref.trainLabels, items, d)
      expect(a.labels).toEqual([1, 2, 3])
      const rd = num(ref[d].distances)
      rd.forEach((v, i) => expect(Math.abs(a.distances[i] - v)).toBeLessThan(1e-12))
      expect(a.assigned).toEqual(ref[d].assigned)
    })
  }
})

describe('nameGroups', () => {
  it('A is the most numerous group, then B, C; equal sizes by first appearance', () => {
    const g = nameGroups([2, 1, 1, 3, 3, 3, 2, 4])
    expect(g.names).toEqual(['B', 'C', 'C', 'A', 'A', 'A', 'B', 'D'])
    expect(g.groups.map((x) => [x.name, x.label, x.size])).toEqual([['A', 3, 3], ['B', 2, 2], ['C', 1, 2], ['D', 4, 1]])
    expect(groupLetter(26)).toBe('AA')
  })
})
