// Neighbouring grey level dependence matrix accumulation (IBSI-1 §3.11): for each ROI voxel,
// the dependence k = 1 + number of neighbours in the ROI (Chebyshev distance d) whose grey
// level differs by at most the coarseness α. Matrix Ng × (Nn + 1), per slice (planar) or volume.
import { neighbourhood, type LevelGrid } from './grid.ts'

export interface DependenceMatrix { counts: Float64Array; ng: number; maxLen: number }

export function ngldmCounts(g: LevelGrid, planar: boolean, d = 1, alpha = 0): DependenceMatrix[] {
  const [nx, ny, nz] = g.dims
  const ng = g.ng
  const L = g.levels
  const nb = neighbourhood(d, planar)
  const offs = nb.map(([x, y, z]) => x + nx * (y + ny * z))
  const maxLen = nb.length + 1
  const out: DependenceMatrix[] = []
  const nm = planar ? nz : 1
  for (let m = 0; m < nm; m++) out.push({ counts: new Float64Array(ng * maxLen), ng, maxLen })
  for (let k = 0; k < nz; k++) {
    const M = out[planar ? k : 0].counts
    for (let j = 0; j < ny; j++) {
      const interiorJ = j >= d && j < ny - d
      for (let i = 0, v = nx * (j + ny * k); i < nx; i++, v++) {
        const a = L[v]
        if (a === 0) continue
        const interior = interiorJ && i >= d && i < nx - d && (planar || (k >= d && k < nz - d))
        let cnt = 0
        for (let t = 0; t < nb.length; t++) {
          if (!interior) {
            const ci = i + nb[t][0], cj = j + nb[t][1], ck = k + nb[t][2]
            if (ci < 0 || ci >= nx || cj < 0 || cj >= ny || ck < 0 || ck >= nz) continue
          }
          const b = L[v + offs[t]]
          if (b !== 0 && Math.abs(b - a) <= alpha) cnt++
        }
        M[(a - 1) * maxLen + cnt]++
      }
    }
  }
  return out
}
