// 3D convex hull of lattice points (hand-written incremental algorithm, exact integer
// orientation tests). Marching-cubes vertices lie on a half-voxel lattice, so in doubled grid
// units they are integers and every orientation determinant is exact in double precision
// (|coordinates| < 2^16), which makes the many coplanar/collinear lattice points harmless.

export interface Hull {
  /** indices into the input points of the hull's triangles, oriented outwards */
  triangles: Int32Array
  /** indices of the hull vertices */
  vertices: Int32Array
}

function orient(P: Int32Array, a: number, b: number, c: number, d: number): number {
  const ax = P[3 * a], ay = P[3 * a + 1], az = P[3 * a + 2]
  const bx = P[3 * b] - ax, by = P[3 * b + 1] - ay, bz = P[3 * b + 2] - az
  const cx = P[3 * c] - ax, cy = P[3 * c + 1] - ay, cz = P[3 * c + 2] - az
  const dx = P[3 * d] - ax, dy = P[3 * d + 1] - ay, dz = P[3 * d + 2] - az
  // (b − a) × (c − a) · (d − a): > 0 when d is on the side the face normal points to
  return (by * cz - bz * cy) * dx + (bz * cx - bx * cz) * dy + (bx * cy - by * cx) * dz
}

/** Convex hull of integer points (x, y, z interleaved). Fewer than 4 non-coplanar points give an empty hull. */
export function convexHull(P: Int32Array): Hull {
  const n = P.length / 3
  const empty: Hull = { triangles: new Int32Array(0), vertices: new Int32Array(0) }
  if (n < 4) return empty
  // initial tetrahedron: extreme x, farthest from it, farthest from the line, farthest from the plane
  let i0 = 0
  for (let i = 1; i < n; i++) if (P[3 * i] < P[3 * i0]) i0 = i
  let i1 = -1, best = 0
  for (let i = 0; i < n; i++) {
    const d = (P[3 * i] - P[3 * i0]) ** 2 + (P[3 * i + 1] - P[3 * i0 + 1]) ** 2 + (P[3 * i + 2] - P[3 * i0 + 2]) ** 2
    if (d > best) { best = d; i1 = i }
  }
  if (i1 < 0) return empty
  let i2 = -1
  best = 0
  for (let i = 0; i < n; i++) {
    const ux = P[3 * i1] - P[3 * i0], uy = P[3 * i1 + 1] - P[3 * i0 + 1], uz = P[3 * i1 + 2] - P[3 * i0 + 2]
    const vx = P[3 * i] - P[3 * i0], vy = P[3 * i + 1] - P[3 * i0 + 1], vz = P[3 * i + 2] - P[3 * i0 + 2]
    const d = (uy * vz - uz * vy) ** 2 + (uz * vx - ux * vz) ** 2 + (ux * vy - uy * vx) ** 2
    if (d > best) { best = d; i2 = i }
  }
  if (i2 < 0) return empty
  let i3 = -1
  best = 0
  for (let i = 0; i < n; i++) {
    const d = Math.abs(orient(P, i0, i1, i2, i))
    if (d > best) { best = d; i3 = i }
  }
  if (i3 < 0) return empty
  // faces: triangles a,b,c with the hull interior on the negative side
  const fa: number[] = [], fb: number[] = [], fc: number[] = [], alive: boolean[] = []
  const edgeFace = new Map<number, number>() // directed edge a→b (a*n+b) → face
  const addFace = (a: number, b: number, c: number) => {
    const f = fa.length
    fa.push(a); fb.push(b); fc.push(c); alive.push(true)
    edgeFace.set(a * n + b, f); edgeFace.set(b * n + c, f); edgeFace.set(c * n + a, f)
    return f
  }
  if (orient(P, i0, i1, i2, i3) > 0) {
    addFace(i0, i2, i1); addFace(i0, i1, i3); addFace(i1, i2, i3); addFace(i2, i0, i3)
  } else {
    addFace(i0, i1, i2); addFace(i0, i3, i1); addFace(i1, i3, i2); addFace(i2, i3, i0)
  }
  const live: number[] = [0, 1, 2, 3]
  const visible: number[] = []
  const isVisible = new Uint8Array(8 * n + 16)
  let visMark = isVisible
  for (let p = 0; p < n; p++) {
    if (p === i0 || p === i1 || p === i2 || p === i3) continue
    visible.length = 0
    for (let t = 0; t < live.length; t++) {
      const f = live[t]
      if (orient(P, fa[f], fb[f], fc[f], p) > 0) visible.push(f)
    }
    if (visible.length === 0) continue
    if (visMark.length < fa.length + 1) { const m = new Uint8Array(2 * fa.length + 16); m.set(visMark); visMark = m }
    for (const f of visible) visMark[f] = 1
    // horizon: edges of visible faces whose twin face is not visible
    const horizon: number[] = []
    for (const f of visible) {
      const e: [number, number][] = [[fa[f], fb[f]], [fb[f], fc[f]], [fc[f], fa[f]]]
      for (const [a, b] of e) {
        const twin = edgeFace.get(b * n + a)!
        if (!visMark[twin]) horizon.push(a, b)
      }
    }
    for (const f of visible) {
      alive[f] = false
      visMark[f] = 0
      for (const [a, b] of [[fa[f], fb[f]], [fb[f], fc[f]], [fc[f], fa[f]]]) if (edgeFace.get(a * n + b) === f) edgeFace.delete(a * n + b)
    }
    for (let h = 0; h < horizon.length; h += 2) addFace(horizon[h], horizon[h + 1], p)
    // compact the live list
    let w = 0
    for (let t = 0; t < live.length; t++) if (alive[live[t]]) live[w++] = live[t]
    live.length = w
    for (let f = fa.length - horizon.length / 2; f < fa.length; f++) live.push(f)
    if (visMark.length < fa.length + 1) { const m = new Uint8Array(2 * fa.length + 16); m.set(visMark); visMark = m }
  }
  const tris = new Int32Array(3 * live.length)
  const verts = new Set<number>()
  live.forEach((f, t) => {
    tris[3 * t] = fa[f]; tris[3 * t + 1] = fb[f]; tris[3 * t + 2] = fc[f]
    verts.add(fa[f]); verts.add(fb[f]); verts.add(fc[f])
  })
  return { triangles: tris, vertices: Int32Array.from(verts) }
}

/**
 * Indices of the points that can be vertices of the 3D hull: a hull vertex is a vertex of the
 * 2D hull of its section by every plane through it, so points that are not 2D hull vertices of
 * their x-, y- and z-lattice planes are dropped (exact, integer coordinates).
 */
export function hullCandidates(P: Int32Array): Int32Array {
  const n = P.length / 3
  const hits = new Uint8Array(n)
  for (let axis = 0; axis < 3; axis++) {
    const u = (axis + 1) % 3, v = (axis + 2) % 3
    // bucket points by plane coordinate
    let minC = Infinity, maxC = -Infinity
    for (let t = 0; t < n; t++) { const c = P[3 * t + axis]; if (c < minC) minC = c; if (c > maxC) maxC = c }
    maxC -= minC
    const start = new Int32Array(maxC + 2)
    for (let t = 0; t < n; t++) start[P[3 * t + axis] - minC + 1]++
    for (let c = 0; c <= maxC; c++) start[c + 1] += start[c]
    const fill = start.slice(0, maxC + 1)
    const order = new Int32Array(n)
    for (let t = 0; t < n; t++) order[fill[P[3 * t + axis] - minC]++] = t
    const stack: number[] = []
    for (let c = 0; c <= maxC; c++) {
      const pts = Array.from(order.subarray(start[c], start[c + 1]))
      if (pts.length <= 2) { for (const t of pts) hits[t]++; continue }
      pts.sort((a, b) => P[3 * a + u] - P[3 * b + u] || P[3 * a + v] - P[3 * b + v])
      const cross = (o: number, a: number, b: number) =>
        (P[3 * a + u] - P[3 * o + u]) * (P[3 * b + v] - P[3 * o + v]) - (P[3 * a + v] - P[3 * o + v]) * (P[3 * b + u] - P[3 * o + u])
      // Andrew's monotone chain, strict (collinear points dropped)
      const chain = (list: number[]) => {
        stack.length = 0
        for (const t of list) {
          while (stack.length >= 2 && cross(stack[stack.length - 2], stack[stack.length - 1], t) <= 0) stack.pop()
          stack.push(t)
        }
        stack.pop()
        return stack.slice()
      }
      const lower = chain(pts)
      const upper = chain(pts.slice().reverse())
      for (const t of new Set([...lower, ...upper])) hits[t]++
    }
  }
  let m = 0
  for (let t = 0; t < n; t++) if (hits[t] === 3) m++
  const out = new Int32Array(m)
  for (let t = 0, k = 0; t < n; t++) if (hits[t] === 3) out[k++] = t
  return out
}
