// Local intensity features (IBSI-1 §3.2, tags loc_*): the mean intensity in a 1 cm³ sphere
// (radius (3/(4π))^(1/3) cm ≈ 6.2 mm, voxel centres inside) around ROI voxels, using all image
// voxels (not only the ROI). Local peak: around the ROI voxel(s) of maximal intensity (the highest
// mean if several). Global peak: the maximum over every ROI voxel.

export const LOC_FEATURES = ['peak_loc', 'peak_glob'] as const

export function localIntensityFeatures(image: Float64Array, roi: Uint8Array, dims: [number, number, number], spacing: [number, number, number]): Record<string, number> {
  const [nx, ny, nz] = dims
  const r = 10 * Math.cbrt(3 / (4 * Math.PI))
  const rx = Math.floor(r / spacing[0]), ry = Math.floor(r / spacing[1]), rz = Math.floor(r / spacing[2])
  const oi: number[] = [], oj: number[] = [], ok: number[] = []
  for (let z = -rz; z <= rz; z++)
    for (let y = -ry; y <= ry; y++)
      for (let x = -rx; x <= rx; x++) {
        const d2 = (x * spacing[0]) ** 2 + (y * spacing[1]) ** 2 + (z * spacing[2]) ** 2
        if (d2 <= r * r + 1e-9) { oi.push(x); oj.push(y); ok.push(z) }
      }
  const offs = oi.map((x, t) => x + nx * (oj[t] + ny * ok[t]))
  const no = offs.length
  const sphereMean = (v: number): number => {
    const i = v % nx, j = ((v / nx) | 0) % ny, k = (v / (nx * ny)) | 0
    const interior = i >= rx && i < nx - rx && j >= ry && j < ny - ry && k >= rz && k < nz - rz
    let s = 0, c = 0
    for (let t = 0; t < no; t++) {
      if (!interior) {
        const ci = i + oi[t], cj = j + oj[t], ck = k + ok[t]
        if (ci < 0 || ci >= nx || cj < 0 || cj >= ny || ck < 0 || ck >= nz) continue
      }
      s += image[v + offs[t]]
      c++
    }
    return s / c
  }
  let maxI = -Infinity
  for (let v = 0; v < roi.length; v++) if (roi[v] && image[v] > maxI) maxI = image[v]
  let peakLoc = -Infinity, peakGlob = -Infinity
  for (let v = 0; v < roi.length; v++) {
    if (!roi[v]) continue
    const m = sphereMean(v)
    if (m > peakGlob) peakGlob = m
    if (image[v] === maxI && m > peakLoc) peakLoc = m
  }
  return { peak_loc: peakLoc, peak_glob: peakGlob }
}
