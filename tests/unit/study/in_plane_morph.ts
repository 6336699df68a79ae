// Test helper: a second delineation made from the first — the mask eroded or dilated by
// one voxel in-plane (4-neighbourhood, each slice on its own; voxels outside the grid
// count as background). Used by the ICC tests (unit and e2e).
import type { Mask } from '../../../src/core/image/volume.ts'

export function morphInPlane(m: Mask, op: 'erode' | 'dilate'): Mask {
  const [nx, ny, nz] = m.dims
  const at = (x: number, y: number, z: number) => (x < 0 || y < 0 || x >= nx || y >= ny ? 0 : m.data[x + nx * (y + ny * z)])
  const out = Uint8Array.from(m.data)
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z)
        const n = [at(x - 1, y, z), at(x + 1, y, z), at(x, y - 1, z), at(x, y + 1, z)]
        if (op === 'erode' && m.data[i] && n.some((v) => !v)) out[i] = 0
        if (op === 'dilate' && !m.data[i] && n.some((v) => v)) out[i] = 1
      }
  return { ...m, data: out }
}
