// Grey level co-occurrence matrix accumulation (IBSI-1 §3.6): symmetric counts of grey
// level pairs at offset d·(dx,dy,dz) inside the ROI. One Ng×Ng matrix (row-major) per
// slice (planar offsets, slices = true) or for the whole volume.
import type { LevelGrid } from './grid.ts'

export function glcmCounts(g: LevelGrid, off: [number, number, number], slices: boolean): Float64Array[] {
  const mats = Array.from({ length: slices ? g.dims[2] : 1 }, () => new Float64Array(g.ng * g.ng))
  addPairs(g, off, slices ? (k) => mats[k] : () => mats[0])
  return mats
}

/** The 3D_comb matrix directly: every offset's symmetric counts accumulated into one matrix. */
export function glcmCountsMerged(g: LevelGrid, offsets: [number, number, number][]): Float64Array {
  const M = new Float64Array(g.ng * g.ng)
  for (const off of offsets) addPairs(g, off, () => M)
  return M
}

/** Add the symmetric counts of the ROI pairs at offset `off` to the matrix of each slice k (`into(k)`). */
function addPairs(g: LevelGrid, off: [number, number, number], into: (k: number) => Float64Array): void {
  const [nx, ny, nz] = g.dims
  const ng = g.ng
  const L = g.levels
  const [dx, dy, dz] = off
  const d = dx + nx * (dy + ny * dz)
  const i0 = Math.max(0, -dx), i1 = nx - Math.max(0, dx)
  const j0 = Math.max(0, -dy), j1 = ny - Math.max(0, dy)
  const k0 = Math.max(0, -dz), k1 = nz - Math.max(0, dz)
  for (let k = k0; k < k1; k++) {
    const M = into(k)
    for (let j = j0; j < j1; j++) {
      let v = i0 + nx * (j + ny * k)
      for (let i = i0; i < i1; i++, v++) {
        const a = L[v]
        if (a === 0) continue
        const b = L[v + d]
        if (b === 0) continue
        M[(a - 1) * ng + (b - 1)]++
        M[(b - 1) * ng + (a - 1)]++
      }
    }
  }
}
