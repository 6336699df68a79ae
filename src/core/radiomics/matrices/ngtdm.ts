// Neighbourhood grey tone difference matrix accumulation (IBSI-1 §3.10): for each ROI voxel
// with at least one neighbour in the ROI (Chebyshev distance d, 3D cube or in-plane square),
// s_i += |i − mean level of the neighbours|, n_i += 1. Per slice (planar) or for the volume.
import { neighbourhood, type LevelGrid } from './grid.ts'

export interface NgtdmCounts { s: Float64Array; n: Float64Array }

export function ngtdmCounts(g: LevelGrid, planar: boolean, d = 1): NgtdmCounts[] {
  const [nx, ny, nz] = g.dims
  const ng = g.ng
  const L = g.levels
  const nb = neighbourhood(d, planar)
  const offs = nb.map(([x, y, z]) => x + nx * (y + ny * z))
  const out: NgtdmCounts[] = []
  const nm = planar ? nz : 1
  for (let m = 0; m < nm; m++) out.push({ s: new Float64Array(ng), n: new Float64Array(ng) })
  for (let k = 0; k < nz; k++) {
    const M = out[planar ? k : 0]
    for (let j = 0; j < ny; j++) {
      const interiorJ = j >= d && j < ny - d
      for (let i = 0, v = nx * (j + ny * k); i < nx; i++, v++) {
        const a = L[v]
        if (a === 0) continue
        const interior = interiorJ && i >= d && i < nx - d && (planar || (k >= d && k < nz - d))
        let sum = 0, cnt = 0
        for (let t = 0; t < nb.length; t++) {
          if (!interior) {
            const ci = i + nb[t][0], cj = j + nb[t][1], ck = k + nb[t][2]
            if (ci < 0 || ci >= nx || cj < 0 || cj >= ny || ck < 0 || ck >= nz) continue
          }
          const b = L[v + offs[t]]
          if (b === 0) continue
          sum += b
          cnt++
        }
        if (cnt === 0) continue
        M.s[a - 1] += Math.abs(a - sum / cnt)
        M.n[a - 1]++
      }
    }
  }
  return out
}
