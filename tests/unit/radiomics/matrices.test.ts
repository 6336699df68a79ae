// The texture matrices (src/core/radiomics/matrices) on volumes small enough to count by hand:
// GLCM per direction, GLRLM per direction, GLSZM zones, NGTDM s/n, NGLDM dependences, and the
// ROI edge distance of GLDZM, against matrices counted in the comments below (IBSI-1 §3.6–3.11
// definitions). The feature values built on them are checked against IBSI in ibsi_phantoms.test.ts.
import { describe, expect, it } from 'vitest'
import { directions, type LevelGrid } from '../../../src/core/radiomics/matrices/grid.ts'
import { glcmCounts, glcmCountsMerged } from '../../../src/core/radiomics/matrices/glcm.ts'
import { glrlmCounts } from '../../../src/core/radiomics/matrices/glrlm.ts'
import { edgeDistance, findZones } from '../../../src/core/radiomics/matrices/zones.ts'
import { ngtdmCounts } from '../../../src/core/radiomics/matrices/ngtdm.ts'
import { ngldmCounts } from '../../../src/core/radiomics/matrices/ngldm.ts'

// One 4 × 3 slice, grey levels 1..3, 0 = outside the ROI; row j (y) top to bottom, column i (x):
//   j=0:  1 1 2 3
//   j=1:  1 2 2 0
//   j=2:  3 3 2 1
const SLICE = [
  [1, 1, 2, 3],
  [1, 2, 2, 0],
  [3, 3, 2, 1],
]
const grid2d: LevelGrid = { dims: [4, 3, 1], levels: Int32Array.from(SLICE.flat()), ng: 3 }

/** Ng × columns row-major → rows, cut to `cols` columns. */
const rows = (m: Float64Array, ng: number, width: number, cols = width) => Array.from({ length: ng }, (_, a) => Array.from(m.subarray(a * width, a * width + cols)))

describe('GLCM counts (symmetric, one slice)', () => {
  // pairs (a, b) at offset (dx, dy), each counted at [a][b] and [b][a]
  const expected: Record<string, number[][]> = {
    // →: (1,1) (1,2) (2,3) | (1,2) (2,2) | (3,3) (3,2) (2,1)
    '1,0,0': [[2, 3, 0], [3, 2, 2], [0, 2, 2]],
    // ↓: columns 1 1 3 | 1 2 3 | 2 2 2 | 3 0 1 → (1,1) (1,3) (1,2) (2,3) (2,2) (2,2)
    '0,1,0': [[2, 1, 1], [1, 4, 1], [1, 1, 0]],
    // ↘ (i+1, j+1): (1,2) (1,2) (1,3) (2,2) (2,1)
    '1,1,0': [[0, 3, 1], [3, 2, 0], [1, 0, 0]],
    // ↗ (i+1, j−1): (1,1) (2,2) (2,3) (3,2) (3,2)
    '1,-1,0': [[2, 0, 0], [0, 2, 3], [0, 3, 0]],
  }
  it('the four in-plane directions', () => {
    expect(directions(true).map((d) => d.join(','))).toEqual(Object.keys(expected))
    for (const d of directions(true)) {
      const [m] = glcmCounts(grid2d, d, true)
      expect(rows(m, 3, 3), `offset ${d}`).toEqual(expected[d.join(',')])
    }
  })
  it('the merged matrix is the sum over the directions', () => {
    const merged = glcmCountsMerged(grid2d, directions(true))
    expect(rows(merged, 3, 3)).toEqual([[6, 7, 2], [7, 10, 6], [2, 6, 2]])
  })
})

describe('GLRLM counts (one slice; rows = grey level, columns = run length 1..4)', () => {
  const expected: Record<string, number[][]> = {
    // rows: 1 1|2|3, 1|2 2, 3 3|2|1
    '1,0,0': [[2, 1, 0, 0], [2, 1, 0, 0], [1, 1, 0, 0]],
    // columns: 1 1|3, 1|2|3, 2 2 2, 3|1 (0 breaks the run)
    '0,1,0': [[2, 1, 0, 0], [1, 0, 1, 0], [3, 0, 0, 0]],
    // ↘ diagonals from (0,0): 1|2 2; (1,0): 1|2|1; (2,0): 2; (3,0): 3; (0,1): 1|3; (0,2): 3
    '1,1,0': [[4, 0, 0, 0], [2, 1, 0, 0], [3, 0, 0, 0]],
    // ↗ anti-diagonals i + j = 0..5: 1; 1 1; 3|2 2; 3|2|3; 2; 1
    '1,-1,0': [[2, 1, 0, 0], [2, 1, 0, 0], [3, 0, 0, 0]],
  }
  it('the four in-plane directions', () => {
    for (const d of directions(true)) {
      const [r] = glrlmCounts(grid2d, d, true)
      expect(r.maxLen).toBe(4)
      expect(rows(r.counts, 3, r.maxLen), `direction ${d}`).toEqual(expected[d.join(',')])
    }
  })
})

describe('zones (GLSZM, GLDZM)', () => {
  it('8-connected zones of one slice: level 1 sizes 3 and 1, level 2 one zone of 4, level 3 sizes 1 and 2', () => {
    const z = findZones(grid2d, true)
    const byLevel = (a: number) => Array.from({ length: z.count }, (_, t) => t).filter((t) => z.level[t] === a).map((t) => z.size[t]).sort()
    expect(z.count).toBe(5)
    expect(byLevel(1)).toEqual([1, 3]) // {(0,0),(1,0),(0,1)} and {(3,2)}
    expect(byLevel(2)).toEqual([4]) // (2,0),(1,1),(2,1),(2,2)
    expect(byLevel(3)).toEqual([1, 2]) // {(3,0)} (its neighbours are 2 or outside) and {(0,2),(1,2)}
    // every zone touches the ROI edge (the ROI is at most 3 voxels high): distance 1
    expect(Array.from(z.distance.subarray(0, z.count))).toEqual([1, 1, 1, 1, 1])
  })
  it('edge distance (city block, 4-connected in-plane): a 5 × 5 square has rings 1, 2 and a centre 3', () => {
    const d = edgeDistance(new Uint8Array(25).fill(1), [5, 5, 1], true)
    expect(Array.from(d)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 3, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1])
  })
})

describe('NGTDM (one slice, 8 neighbours, outside voxels ignored)', () => {
  it('s_i = Σ |i − mean of the ROI neighbours|, n_i = voxels of level i', () => {
    const [m] = ngtdmCounts(grid2d, true, 1)
    // level 1: (0,0) |1 − 4/3| + (1,0) |1 − 8/5| + (0,1) |1 − 10/5| + (3,2) |1 − 4/2|
    // level 2: (2,0) |2 − 8/4| + (1,1) |2 − 15/8| + (2,1) |2 − 14/7| + (2,2) |2 − 8/4|
    // level 3: (3,0) |3 − 4/2| + (0,2) |3 − 6/3| + (1,2) |3 − 10/5|
    const s = [1 / 3 + 0.6 + 1 + 1, 0.125, 3]
    for (let a = 0; a < 3; a++) expect(m.s[a]).toBeCloseTo(s[a], 14)
    expect(Array.from(m.n)).toEqual([4, 4, 3])
  })
})

describe('NGLDM (one slice, 8 neighbours, α = 0; columns = dependence − 1)', () => {
  it('counts the neighbours of equal grey level per voxel', () => {
    const [m] = ngldmCounts(grid2d, true, 1, 0)
    expect(m.maxLen).toBe(9)
    // level 1: (0,0) 2, (1,0) 2, (0,1) 2, (3,2) 0 equal neighbours
    // level 2: (2,0) 2, (1,1) 3, (2,1) 3, (2,2) 2
    // level 3: (3,0) 0, (0,2) 1, (1,2) 1
    expect(rows(m.counts, 3, 9, 5)).toEqual([
      [1, 0, 3, 0, 0],
      [0, 0, 2, 2, 0],
      [1, 2, 0, 0, 0],
    ])
    expect(m.counts.reduce((a, b) => a + b, 0)).toBe(11)
  })
})

describe('3D: a 2 × 2 × 2 cube of level 1 with one corner of level 2', () => {
  const levels = new Int32Array(8).fill(1)
  levels[7] = 2 // (1,1,1)
  const cube: LevelGrid = { dims: [2, 2, 2], levels, ng: 2 }
  it('GLCM over the 13 directions: 28 pairs, 7 of them with the corner', () => {
    // 12 edge pairs + 12 face diagonals + 4 body diagonals = C(8, 2) = 28; the corner pairs with the 7 others
    expect(rows(glcmCountsMerged(cube, directions(false)), 2, 2)).toEqual([[42, 7], [7, 0]])
    // offset 2 leaves the cube: nothing
    expect(glcmCountsMerged(cube, directions(false).map(([x, y, z]) => [2 * x, 2 * y, 2 * z] as [number, number, number])).every((v) => v === 0)).toBe(true)
  })
  it('GLRLM along the body diagonal (1,1,1): (0,0,0)→(1,1,1) breaks at the level change; six single voxels', () => {
    const [r] = glrlmCounts(cube, [1, 1, 1], false)
    expect(rows(r.counts, 2, r.maxLen)).toEqual([[7, 0], [1, 0]])
    const [x] = glrlmCounts(cube, [1, 0, 0], false)
    expect(rows(x.counts, 2, x.maxLen)).toEqual([[1, 3], [1, 0]]) // rows along x: 1 1 (three times), 1|2
  })
  it('26-connected zones: one of 7, one of 1', () => {
    const z = findZones(cube, false)
    expect(Array.from({ length: z.count }, (_, t) => [z.level[t], z.size[t]])).toEqual([[1, 7], [2, 1]])
  })
  it('NGTDM: each level-1 voxel sees 6 ones and the corner (|1 − 8/7| × 7 = 1); the corner sees 7 ones', () => {
    const [m] = ngtdmCounts(cube, false, 1)
    expect(m.s[0]).toBeCloseTo(1, 14)
    expect(m.s[1]).toBeCloseTo(1, 14)
    expect(Array.from(m.n)).toEqual([7, 1])
  })
  it('NGLDM: level-1 voxels have 6 equal neighbours, the corner none', () => {
    const [m] = ngldmCounts(cube, false, 1, 0)
    expect(m.maxLen).toBe(27)
    expect(rows(m.counts, 2, 27, 8)).toEqual([[0, 0, 0, 0, 0, 0, 7, 0], [1, 0, 0, 0, 0, 0, 0, 0]])
  })
})
