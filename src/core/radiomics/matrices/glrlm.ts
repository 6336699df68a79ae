// Grey level run length matrix accumulation (IBSI-1 §3.7): runs of equal grey level along
// a direction, broken by the ROI border. Matrix Ng × Lmax (row-major, run length j at column j−1),
// per slice (planar directions) or for the volume.
import type { LevelGrid } from './grid.ts'

export interface RunMatrix { counts: Float64Array; ng: number; maxLen: number }

export function glrlmCounts(g: LevelGrid, dir: [number, number, number], slices: boolean): RunMatrix[] {
  const [nx, ny, nz] = g.dims
  const ng = g.ng
  const L = g.levels
  const [dx, dy, dz] = dir
  const maxLen = Math.max(nx, ny, nz)
  const nm = slices ? nz : 1
  const mats: RunMatrix[] = []
  for (let m = 0; m < nm; m++) mats.push({ counts: new Float64Array(ng * maxLen), ng, maxLen })
  const d = dx + nx * (dy + ny * dz)
  for (let k = 0; k < nz; k++) {
    const M = mats[slices ? k : 0].counts
    for (let j = 0; j < ny; j++) {
      let v = nx * (j + ny * k)
      for (let i = 0; i < nx; i++, v++) {
        const a = L[v]
        if (a === 0) continue
        // run start: the previous voxel along the direction is outside the box or differs
        const pi = i - dx, pj = j - dy, pk = k - dz
        if (pi >= 0 && pi < nx && pj >= 0 && pj < ny && pk >= 0 && pk < nz && L[v - d] === a) continue
        let len = 1
        let ci = i + dx, cj = j + dy, ck = k + dz, w = v + d
        while (ci >= 0 && ci < nx && cj >= 0 && cj < ny && ck >= 0 && ck < nz && L[w] === a) {
          len++
          ci += dx; cj += dy; ck += dz; w += d
        }
        M[(a - 1) * maxLen + (len - 1)]++
      }
    }
  }
  return mats
}
