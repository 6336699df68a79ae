// pyradiomics' marching cubes for the shape features (radiomics/src/cshape.c, documentation
// "Shape Features (3D)"): the classic Lorensen–Cline / Bourke triangle table for the 128 cube
// configurations with corner 7 outside; a configuration with corner 7 inside uses its
// complement's triangles with the volume sign reversed. Vertices at edge midpoints; cubes run over
// the mask padded by one voxel, coordinates are (padded index) × spacing in (z, y, x) order as
// pyradiomics computes them (the table's ambiguous cases do not give a closed surface, so the
// origin matters for the volume). The engine's own IBSI mesh (features/mesh.ts) resolves ambiguous
// faces consistently instead; the two differ by ~1e-3 on real masks.

// cube corners (dz, dy, dx)
const CORNERS = [[0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0], [1, 0, 0], [1, 0, 1], [1, 1, 1], [1, 1, 0]]
// edge midpoints (z, y, x)
const EDGE_MID = [[0, 0, 0.5], [0, 0.5, 1], [0, 1, 0.5], [0, 0.5, 0], [1, 0, 0.5], [1, 0.5, 1], [1, 1, 0.5], [1, 0.5, 0], [0.5, 0, 0], [0.5, 0, 1], [0.5, 1, 1], [0.5, 1, 0]]

// triangles (edge triples) per configuration 0…127, rows separated by "|"
const TABLE_TEXT =
  '|0 8 3|1 9 0|1 8 3 1 9 8|1 2 10|0 8 3 1 2 10|9 2 10 0 2 9|2 8 3 2 10 8 10 9 8|11 2 3|11 2 0 0 8 11|1 9 0 11 2 3|11 2 1 1 9 11 9 8 11|3 10 1 11 10 3|10 1 0 0 8 10 8 11 10|9 0 3 3 11 9 11 10 9|9 8 10 11 10 8' +
  '|4 7 8|0 4 3 4 7 3|1 9 0 4 7 8|1 9 4 1 4 7 1 7 3|1 2 10 4 7 8|3 4 7 3 0 4 1 2 10|9 2 10 9 0 2 4 7 8|2 10 9 2 9 7 2 7 3 4 7 9|4 7 8 11 2 3|11 4 7 11 2 4 2 0 4|1 9 0 4 7 8 11 2 3|4 7 11 9 4 11 11 2 9 1 9 2|3 10 1 11 10 3 4 7 8|11 10 1 1 4 11 1 0 4 4 7 11|4 7 8 9 0 3 3 11 9 11 10 9|4 7 11 4 11 9 9 11 10' +
  '|9 5 4|9 5 4 0 8 3|0 5 4 0 1 5|8 5 4 8 3 5 3 1 5|1 2 10 9 5 4|0 8 3 1 2 10 9 5 4|2 10 5 5 4 2 2 4 0|2 10 5 3 2 5 3 5 4 8 3 4|9 5 4 11 2 3|11 2 0 0 8 11 9 5 4|0 5 4 0 1 5 11 2 3|2 1 5 2 5 8 11 2 8 5 4 8|3 10 1 11 10 3 9 5 4|5 4 9 10 1 0 0 8 10 8 11 10|5 4 0 5 0 11 10 5 11 11 0 3|5 4 8 10 5 8 11 10 8' +
  '|7 8 9 5 7 9|3 0 9 5 3 9 3 5 7|7 8 0 0 1 7 7 1 5|1 5 7 1 7 3|7 8 9 5 7 9 1 2 10|1 2 10 3 0 9 3 9 5 3 5 7|0 2 8 8 2 5 8 5 7 2 10 5|2 10 5 2 5 3 3 5 7|5 7 9 7 8 9 11 2 3|5 7 9 9 7 2 2 0 9 11 2 7|11 2 3 0 1 8 1 7 8 1 5 7|2 1 11 1 7 11 1 5 7|7 8 9 5 7 9 3 10 1 11 10 3|5 7 0 5 0 9 7 11 0 10 1 0 11 10 0|11 10 0 0 3 11 10 5 0 0 7 8 5 7 0|11 10 5 5 7 11' +
  '|6 5 10|0 8 3 6 5 10|1 9 0 6 5 10|1 8 3 1 9 8 6 5 10|1 6 5 1 2 6|1 6 5 1 2 6 0 8 3|9 6 5 9 0 6 0 2 6|5 9 8 5 8 2 5 2 6 8 3 2|11 2 3 6 5 10|11 2 0 0 8 11 6 5 10|1 9 0 11 2 3 6 5 10|11 2 1 1 9 11 9 8 11 6 5 10|6 3 11 6 5 3 5 1 3|0 8 11 0 11 5 0 5 1 5 11 6|6 3 11 0 3 6 0 6 5 0 5 9|6 5 9 6 9 11 11 9 8' +
  '|4 7 8 6 5 10|0 4 3 4 7 3 6 5 10|1 9 0 4 7 8 6 5 10|1 9 4 1 4 7 1 7 3 6 5 10|4 7 8 1 6 5 1 2 6|0 4 3 4 7 3 1 6 5 1 2 6|4 7 8 9 6 5 9 0 6 0 2 6|7 3 9 4 7 9 3 2 9 5 9 6 2 6 9|11 2 3 4 7 8 6 5 10|11 4 7 11 2 4 2 0 4 6 5 10|1 9 0 11 2 3 4 7 8 6 5 10|4 7 11 9 4 11 11 2 9 1 9 2 6 5 10|4 7 8 6 3 11 6 5 3 5 1 3|5 1 11 5 11 6 1 0 11 4 7 11 0 4 11|4 7 8 6 3 11 0 3 6 0 6 5 0 5 9|6 5 9 6 9 11 4 7 9 7 11 9' +
  '|10 4 9 6 4 10|10 4 9 6 4 10 0 8 3|0 1 10 10 6 0 6 4 0|1 8 3 1 6 8 8 6 4 6 1 10|1 4 9 1 2 4 2 6 4|1 4 9 1 2 4 2 6 4 0 8 3|0 2 4 4 2 6|8 3 2 8 2 4 4 2 6|11 2 3 10 4 9 6 4 10|11 2 0 0 8 11 10 4 9 6 4 10|11 2 3 0 1 10 10 6 0 6 4 0|6 4 1 6 1 10 1 4 8 11 2 1 1 8 11|9 6 4 3 6 9 1 3 9 11 6 3|1 8 11 0 8 1 11 6 1 1 4 9 6 4 1|6 3 11 0 3 6 6 4 0|8 6 4 6 8 11' +
  '|6 7 10 7 8 10 8 9 10|6 7 10 0 10 7 0 9 10 0 7 3|6 7 10 1 10 7 1 7 8 0 1 8|6 7 10 1 10 7 1 7 3|1 2 6 1 6 8 1 8 9 6 7 8|2 6 9 1 2 9 6 7 9 3 0 9 7 3 9|0 7 8 7 0 6 6 0 2|2 7 3 2 6 7|11 2 3 6 7 10 7 8 10 8 9 10|2 0 7 11 2 7 0 9 7 6 7 10 9 10 7|6 7 10 1 10 7 1 7 8 0 1 8 11 2 3|11 2 1 1 7 11 10 6 1 1 6 7|8 9 6 6 7 8 1 6 9 11 6 3 1 3 6|0 9 1 6 7 11|0 7 8 7 0 6 0 3 11 11 6 0|6 7 11'

const TABLE: number[][] = TABLE_TEXT.split('|').map((r) => (r ? r.split(' ').map(Number) : []))
if (TABLE.length !== 128) throw new Error('pyradiomics marching-cubes table must have 128 rows')

/** Surface area (mm²) and volume (mm³) of a mask box (x fastest) as pyradiomics' cshape computes them. */
export function pyradiomicsMesh(mask: Uint8Array, dims: [number, number, number], spacing: [number, number, number]): { area: number; volume: number } {
  const [nx, ny, nz] = dims
  const sp = [spacing[2], spacing[1], spacing[0]] // (z, y, x)
  const at = (z: number, y: number, x: number) => {
    // padded index → unpadded
    const i = x - 1, j = y - 1, k = z - 1
    return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && mask[i + nx * (j + ny * k)] ? 1 : 0
  }
  let area = 0, vol = 0
  const a = [0, 0, 0], b = [0, 0, 0], c = [0, 0, 0]
  for (let iz = 0; iz < nz + 1; iz++)
    for (let iy = 0; iy < ny + 1; iy++)
      for (let ix = 0; ix < nx + 1; ix++) {
        let idx = 0
        for (let q = 0; q < 8; q++) if (at(iz + CORNERS[q][0], iy + CORNERS[q][1], ix + CORNERS[q][2])) idx |= 1 << q
        let sign = 1
        if (idx & 0x80) { idx ^= 0xff; sign = -1 }
        if (idx === 0) continue
        const tri = TABLE[idx]
        for (let t = 0; t < tri.length; t += 3) {
          const pa = EDGE_MID[tri[t]], pb = EDGE_MID[tri[t + 1]], pc = EDGE_MID[tri[t + 2]]
          a[0] = (iz + pa[0]) * sp[0]; a[1] = (iy + pa[1]) * sp[1]; a[2] = (ix + pa[2]) * sp[2]
          b[0] = (iz + pb[0]) * sp[0]; b[1] = (iy + pb[1]) * sp[1]; b[2] = (ix + pb[2]) * sp[2]
          c[0] = (iz + pc[0]) * sp[0]; c[1] = (iy + pc[1]) * sp[1]; c[2] = (ix + pc[2]) * sp[2]
          const x0 = a[1] * b[2] - b[1] * a[2], x1 = a[2] * b[0] - b[2] * a[0], x2 = a[0] * b[1] - b[0] * a[1]
          vol += sign * (x0 * c[0] + x1 * c[1] + x2 * c[2])
          const u0 = a[0] - c[0], u1 = a[1] - c[1], u2 = a[2] - c[2]
          const v0 = b[0] - c[0], v1 = b[1] - c[1], v2 = b[2] - c[2]
          const w0 = u1 * v2 - v1 * u2, w1 = u2 * v0 - v2 * u0, w2 = u0 * v1 - v0 * u1
          area += 0.5 * Math.sqrt(w0 * w0 + w1 * w1 + w2 * w2)
        }
      }
  return { area, volume: vol / 6 }
}
