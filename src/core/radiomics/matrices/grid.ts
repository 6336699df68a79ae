// The discretised ROI as a dense box: grey level per voxel (1..ng), 0 outside the ROI.
// x fastest (index = i + nx·(j + ny·k)); 2D computations work slice by slice along k.

export interface LevelGrid {
  dims: [number, number, number]
  levels: Int32Array
  ng: number
}

/** IBSI direction vectors: the 13 unique 3D directions, or the 4 in-plane ones (2D). */
export function directions(planar: boolean): [number, number, number][] {
  const d2: [number, number, number][] = [[1, 0, 0], [0, 1, 0], [1, 1, 0], [1, -1, 0]]
  if (planar) return d2
  return [...d2, [0, 0, 1], [1, 0, 1], [1, 0, -1], [0, 1, 1], [0, 1, -1], [1, 1, 1], [1, 1, -1], [1, -1, 1], [1, -1, -1]]
}

/** Neighbour offsets within Chebyshev distance d (excluding the centre): 3D cube or in-plane square. */
export function neighbourhood(d: number, planar: boolean): [number, number, number][] {
  const out: [number, number, number][] = []
  const dzr = planar ? 0 : d
  for (let z = -dzr; z <= dzr; z++) for (let y = -d; y <= d; y++) for (let x = -d; x <= d; x++) if (x || y || z) out.push([x, y, z])
  return out
}

/** Slices (k) that hold ROI voxels. */
export function occupiedSlices(g: LevelGrid): boolean[] {
  const [nx, ny, nz] = g.dims
  const out = new Array<boolean>(nz).fill(false)
  const per = nx * ny
  for (let k = 0; k < nz; k++) {
    const base = k * per
    for (let t = 0; t < per; t++) if (g.levels[base + t] > 0) { out[k] = true; break }
  }
  return out
}
