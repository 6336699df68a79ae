// Morphological features (IBSI-1 §3.1, tags morph_*; OMBB densities are not computed). The mesh comes from marching cubes on
// the morphological mask (mesh.ts); the convex hull from convex_hull.ts (hand-written,
// exact on the mesh's half-voxel lattice); voxel-based features use voxel centres. PCA axes use the
// sample covariance (n − 1) of the morphological mask's voxel centres. Moran's I, Geary's C,
// centre-of-mass shift and integrated intensity use the intensity mask.
import { convexHull, hullCandidates } from './convex_hull.ts'
import { marchingCubes, meshAreaVolume } from './mesh.ts'
import { spatialAutocorrelation } from './spatial_autocorrelation.ts'
import { symmetricEigenvalues3 } from './morphology_linalg.ts'
import { mveeSemiAxes } from './mvee.ts'

export { symmetricEigenvalues3 }

export const MORPH_FEATURES = [
  'volume', 'vol_approx', 'area_mesh', 'av', 'comp_1', 'comp_2', 'sph_dispr', 'sphericity', 'asphericity', 'com', 'diam',
  'pca_maj_axis', 'pca_min_axis', 'pca_least_axis', 'pca_elongation', 'pca_flatness', 'vol_dens_aabb', 'area_dens_aabb',
  'vol_dens_aee', 'area_dens_aee', 'vol_dens_mvee', 'area_dens_mvee', 'vol_dens_conv_hull', 'area_dens_conv_hull', 'integ_int', 'moran_i', 'geary_c',
] as const

function legendre(nu: number, x: number): number {
  if (nu === 0) return 1
  let p0 = 1, p1 = x
  for (let k = 2; k <= nu; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
    p0 = p1
    p1 = p2
  }
  return p1
}

/** Surface area of an ellipsoid with semi-axes a ≥ b ≥ c as IBSI-1 §3.1.21 defines it (20-term Legendre series; exact for spheres, the definition behind the reference morph_area_dens_aee values). */
export function ellipsoidArea(a: number, b: number, c: number): number {
  const alpha = Math.sqrt(Math.max(0, 1 - (b * b) / (a * a)))
  const beta = Math.sqrt(Math.max(0, 1 - (c * c) / (a * a)))
  const ab = alpha * beta
  if (ab < 1e-12) return 4 * Math.PI * a * b
  const x = (alpha * alpha + beta * beta) / (2 * ab)
  let s = 0
  for (let nu = 0; nu <= 20; nu++) s += (Math.pow(ab, nu) / (1 - 4 * nu * nu)) * legendre(nu, x)
  return 4 * Math.PI * a * b * s
}

export interface MorphologyInput {
  dims: [number, number, number]
  spacing: [number, number, number]
  /** image intensities in the box */
  image: Float64Array
  morphMask: Uint8Array
  intMask: Uint8Array
}

/**
 * @param full false computes only the mesh, voxel and PCA features (no convex hull, diameter,
 *   Moran's I / Geary's C), which is all the paper preset needs
 */
export function morphologyFeatures(inp: MorphologyInput, full = true): Record<string, number> {
  const { dims, spacing, image, morphMask, intMask } = inp
  const [nx, ny] = dims
  const mesh = marchingCubes(morphMask, dims, spacing)
  const { area: A, volume: V } = meshAreaVolume(mesh)
  // voxel statistics
  let nMorph = 0, cx = 0, cy = 0, cz = 0
  const cov = [0, 0, 0, 0, 0, 0, 0, 0, 0]
  const nz = dims[2]
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (!morphMask[v]) continue
    const x = i * spacing[0], y = j * spacing[1], z = k * spacing[2]
    nMorph++
    cx += x; cy += y; cz += z
    cov[0] += x * x; cov[1] += x * y; cov[2] += x * z; cov[4] += y * y; cov[5] += y * z; cov[8] += z * z
  }
  cx /= nMorph; cy /= nMorph; cz /= nMorph
  // sample covariance (n − 1), as the IBSI reference values
  const f = nMorph / Math.max(1, nMorph - 1)
  const C = [f * (cov[0] / nMorph - cx * cx), f * (cov[1] / nMorph - cx * cy), f * (cov[2] / nMorph - cx * cz), 0, f * (cov[4] / nMorph - cy * cy), f * (cov[5] / nMorph - cy * cz), 0, 0, f * (cov[8] / nMorph - cz * cz)]
  C[3] = C[1]; C[6] = C[2]; C[7] = C[5]
  const [l1, l2, l3] = symmetricEigenvalues3(C)
  let nInt = 0, sI = 0, wx = 0, wy = 0, wz = 0
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (!intMask[v]) continue
    const x = i * spacing[0], y = j * spacing[1], z = k * spacing[2]
    const I = image[v]
    nInt++
    sI += I
    wx += I * x; wy += I * y; wz += I * z
  }
  const com = Math.hypot(wx / sI - cx, wy / sI - cy, wz / sI - cz)
  // convex hull of the mesh vertices (exact, on the half-voxel lattice)
  const Vt = mesh.vertices
  const nv = Vt.length / 3
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity, zmin = Infinity, zmax = -Infinity
  for (let t = 0; t < nv; t++) {
    const x = Vt[3 * t], y = Vt[3 * t + 1], z = Vt[3 * t + 2]
    if (x < xmin) xmin = x; if (x > xmax) xmax = x
    if (y < ymin) ymin = y; if (y > ymax) ymax = y
    if (z < zmin) zmin = z; if (z > zmax) zmax = z
  }
  let hullArea = 0, hullVol = 0, diam2 = 0
  let mvee: [number, number, number] | null = null
  if (full) {
    const lat = mesh.lattice
    const cand = hullCandidates(lat)
    const cp = new Int32Array(3 * cand.length)
    for (let c = 0; c < cand.length; c++) { cp[3 * c] = lat[3 * cand[c]]; cp[3 * c + 1] = lat[3 * cand[c] + 1]; cp[3 * c + 2] = lat[3 * cand[c] + 2] }
    const hull = convexHull(cp)
    const HT = hull.triangles
    for (let t = 0; t < HT.length; t += 3) {
      const a = 3 * cand[HT[t]], b = 3 * cand[HT[t + 1]], c = 3 * cand[HT[t + 2]]
      const ux = Vt[b] - Vt[a], uy = Vt[b + 1] - Vt[a + 1], uz = Vt[b + 2] - Vt[a + 2]
      const vx = Vt[c] - Vt[a], vy = Vt[c + 1] - Vt[a + 1], vz = Vt[c + 2] - Vt[a + 2]
      const qx = uy * vz - uz * vy, qy = uz * vx - ux * vz, qz = ux * vy - uy * vx
      hullArea += 0.5 * Math.sqrt(qx * qx + qy * qy + qz * qz)
      hullVol += (Vt[a] * qx + Vt[a + 1] * qy + Vt[a + 2] * qz) / 6
    }
    hullVol = Math.abs(hullVol)
    // maximum 3D diameter: between hull vertices
    const hv = Array.from(hull.vertices, (c) => 3 * cand[c])
    const hp = new Float64Array(3 * hv.length)
    hv.forEach((a, t) => { hp[3 * t] = Vt[a]; hp[3 * t + 1] = Vt[a + 1]; hp[3 * t + 2] = Vt[a + 2] })
    mvee = mveeSemiAxes(hp)
    for (let p = 0; p < hv.length; p++) {
      const a = hv[p]
      for (let q = p + 1; q < hv.length; q++) {
        const b = hv[q]
        const d2 = (Vt[a] - Vt[b]) ** 2 + (Vt[a + 1] - Vt[b + 1]) ** 2 + (Vt[a + 2] - Vt[b + 2]) ** 2
        if (d2 > diam2) diam2 = d2
      }
    }
  }
  const ex = xmax - xmin, ey = ymax - ymin, ez = zmax - zmin
  const aeeA = 2 * Math.sqrt(l1), aeeB = 2 * Math.sqrt(l2), aeeC = 2 * Math.sqrt(l3)
  const sph = Math.cbrt(36 * Math.PI * V * V)
  const out: Record<string, number> = {
    volume: V,
    vol_approx: nMorph * spacing[0] * spacing[1] * spacing[2],
    area_mesh: A,
    av: A / V,
    comp_1: V / (Math.sqrt(Math.PI) * Math.pow(A, 1.5)),
    comp_2: (36 * Math.PI * V * V) / (A * A * A),
    sph_dispr: A / sph,
    sphericity: sph / A,
    asphericity: Math.cbrt((A * A * A) / (36 * Math.PI * V * V)) - 1,
    com,
    diam: Math.sqrt(diam2),
    pca_maj_axis: 4 * Math.sqrt(l1),
    pca_min_axis: 4 * Math.sqrt(l2),
    pca_least_axis: 4 * Math.sqrt(l3),
    pca_elongation: Math.sqrt(l2 / l1),
    pca_flatness: Math.sqrt(l3 / l1),
    vol_dens_aabb: V / (ex * ey * ez),
    area_dens_aabb: A / (2 * (ex * ey + ey * ez + ex * ez)),
    vol_dens_aee: V / ((4 * Math.PI * aeeA * aeeB * aeeC) / 3),
    area_dens_aee: A / ellipsoidArea(aeeA, aeeB, aeeC),
    vol_dens_mvee: mvee ? V / ((4 * Math.PI * mvee[0] * mvee[1] * mvee[2]) / 3) : NaN,
    area_dens_mvee: mvee ? A / ellipsoidArea(mvee[0], mvee[1], mvee[2]) : NaN,
    vol_dens_conv_hull: V / hullVol,
    area_dens_conv_hull: A / hullArea,
    integ_int: (sI / nInt) * V,
  }
  if (full) Object.assign(out, spatialAutocorrelation(image, intMask, dims, spacing))
  else for (const k of ['diam', 'vol_dens_conv_hull', 'area_dens_conv_hull', 'vol_dens_mvee', 'area_dens_mvee']) delete out[k]
  return out
}
