// Zones for the size-zone (GLSZM, IBSI-1 §3.8) and distance-zone (GLDZM, §3.9) matrices:
// connected voxels of equal grey level (26-connectivity in 3D, 8 in-plane in 2D), with each
// zone's size and its minimal distance to the ROI edge (city-block distance, 6- or 4-connected,
// a voxel on the edge has distance 1).
import type { LevelGrid } from './grid.ts'

export interface Zones {
  level: Int32Array
  size: Int32Array
  distance: Int32Array
  slice: Int32Array
  count: number
}

/** City-block distance to the ROI edge for ROI voxels (two-pass chamfer, exact for the 6/4 neighbourhood). */
export function edgeDistance(roi: Uint8Array, dims: [number, number, number], planar: boolean): Int32Array {
  const [nx, ny, nz] = dims
  const sy = nx, sz = nx * ny
  const INF = 1 << 29
  const D = new Int32Array(roi.length)
  for (let v = 0; v < roi.length; v++) D[v] = roi[v] ? INF : 0
  // forward pass
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0, v = sy * j + sz * k; i < nx; i++, v++) {
        if (!roi[v]) continue
        let m = D[v]
        const a = i > 0 ? D[v - 1] : 0
        const b = j > 0 ? D[v - sy] : 0
        if (a + 1 < m) m = a + 1
        if (b + 1 < m) m = b + 1
        if (!planar) { const c = k > 0 ? D[v - sz] : 0; if (c + 1 < m) m = c + 1 }
        D[v] = m
      }
  for (let k = nz - 1; k >= 0; k--)
    for (let j = ny - 1; j >= 0; j--)
      for (let i = nx - 1, v = i + sy * j + sz * k; i >= 0; i--, v--) {
        if (!roi[v]) continue
        let m = D[v]
        const a = i < nx - 1 ? D[v + 1] : 0
        const b = j < ny - 1 ? D[v + sy] : 0
        if (a + 1 < m) m = a + 1
        if (b + 1 < m) m = b + 1
        if (!planar) { const c = k < nz - 1 ? D[v + sz] : 0; if (c + 1 < m) m = c + 1 }
        D[v] = m
      }
  return D
}

/** Label zones; `distanceMask` (default: the grid's ROI) defines the edge for zone distances. */
export function findZones(g: LevelGrid, planar: boolean, distanceMask?: Uint8Array): Zones {
  const [nx, ny, nz] = g.dims
  const L = g.levels
  const n = L.length
  const roi = distanceMask ?? Uint8Array.from(L, (x) => (x > 0 ? 1 : 0))
  const dist = edgeDistance(roi, g.dims, planar)
  const seen = new Uint8Array(n)
  const stack = new Int32Array(n)
  const offs: number[] = [], oi: number[] = [], oj: number[] = [], ok: number[] = []
  for (let z = planar ? 0 : -1; z <= (planar ? 0 : 1); z++)
    for (let y = -1; y <= 1; y++)
      for (let x = -1; x <= 1; x++) if (x || y || z) { offs.push(x + nx * (y + ny * z)); oi.push(x); oj.push(y); ok.push(z) }
  const no = offs.length
  let cap = 1024
  let level = new Int32Array(cap), size = new Int32Array(cap), distance = new Int32Array(cap), slice = new Int32Array(cap)
  let count = 0
  for (let v = 0; v < n; v++) {
    const a = L[v]
    if (a === 0 || seen[v]) continue
    let top = 0
    stack[top++] = v
    seen[v] = 1
    let sz = 0
    let dmin = 1 << 29
    while (top > 0) {
      const u = stack[--top]
      sz++
      if (dist[u] < dmin) dmin = dist[u]
      const ui = u % nx, uj = ((u / nx) | 0) % ny, uk = (u / (nx * ny)) | 0
      const interior = ui > 0 && ui < nx - 1 && uj > 0 && uj < ny - 1 && (planar || (uk > 0 && uk < nz - 1))
      for (let t = 0; t < no; t++) {
        if (!interior) {
          const ci = ui + oi[t], cj = uj + oj[t], ck = uk + ok[t]
          if (ci < 0 || ci >= nx || cj < 0 || cj >= ny || ck < 0 || ck >= nz) continue
        }
        const w = u + offs[t]
        if (seen[w] || L[w] !== a) continue
        seen[w] = 1
        stack[top++] = w
      }
    }
    if (count === cap) {
      cap *= 2
      const grow = (x: Int32Array) => { const y = new Int32Array(cap); y.set(x); return y }
      level = grow(level); size = grow(size); distance = grow(distance); slice = grow(slice)
    }
    level[count] = a
    size[count] = sz
    distance[count] = dmin
    slice[count] = (v / (nx * ny)) | 0
    count++
  }
  return { level, size, distance, slice, count }
}
