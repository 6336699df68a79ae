// Moran's I and Geary's C (IBSI-1 §3.1.16–17) over the intensity-mask voxels with weights
// w_ij = 1/‖r_i − r_j‖ (mm), i ≠ j. Exact: the pair sums are correlations with the kernel 1/r,
// computed by direct summation for small ROIs and by zero-padded FFT convolution otherwise.
//   Moran I = N/W · Σ w_ij a_i a_j / Σ a_i²         (a = x − mean)
//   Geary C = (N − 1)/(2W) · Σ w_ij (a_i − a_j)² / Σ a_i²
import { fft3, nextFastSize } from './fft.ts'

export function spatialAutocorrelation(values0: Float64Array, roi0: Uint8Array, dims0: [number, number, number], spacing: [number, number, number]): { moran_i: number; geary_c: number } {
  // crop to the ROI's bounding box
  const [ax, ay, az] = dims0
  const lo = [ax, ay, az], hi = [-1, -1, -1]
  for (let k = 0; k < az; k++)
    for (let j = 0; j < ay; j++)
      for (let i = 0, v = ax * (j + ay * k); i < ax; i++, v++)
        if (roi0[v]) {
          if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i
          if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j
          if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k
        }
  if (hi[0] < 0) return { moran_i: NaN, geary_c: NaN }
  const dims: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1]
  const [nx, ny, nz] = dims
  const values = new Float64Array(nx * ny * nz), roi = new Uint8Array(nx * ny * nz)
  for (let k = 0, o = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, o++) {
        const v = lo[0] + i + ax * (lo[1] + j + ay * (lo[2] + k))
        values[o] = values0[v]
        roi[o] = roi0[v]
      }
  let n = 0, s = 0
  for (let v = 0; v < roi.length; v++) if (roi[v]) { n++; s += values[v] }
  const mean = s / n
  let ss = 0
  for (let v = 0; v < roi.length; v++) if (roi[v]) ss += (values[v] - mean) ** 2
  if (n < 2 || ss === 0) return { moran_i: NaN, geary_c: NaN }
  let W = 0, Saa = 0, Sa2m = 0
  if (n <= 3000) {
    const idx: number[] = []
    for (let v = 0; v < roi.length; v++) if (roi[v]) idx.push(v)
    const px = idx.map((v) => (v % nx) * spacing[0]), py = idx.map((v) => (((v / nx) | 0) % ny) * spacing[1]), pz = idx.map((v) => ((v / (nx * ny)) | 0) * spacing[2])
    const a = idx.map((v) => values[v] - mean)
    for (let p = 0; p < n; p++) {
      let wsum = 0, wa = 0
      for (let q = 0; q < n; q++) {
        if (q === p) continue
        const w = 1 / Math.sqrt((px[p] - px[q]) ** 2 + (py[p] - py[q]) ** 2 + (pz[p] - pz[q]) ** 2)
        wsum += w
        wa += w * a[q]
      }
      W += wsum
      Saa += a[p] * wa
      Sa2m += a[p] * a[p] * wsum
    }
  } else {
    const L: [number, number, number] = [nextFastSize(2 * nx - 1), nextFastSize(2 * ny - 1), nextFastSize(2 * nz - 1)]
    const size = L[0] * L[1] * L[2]
    const kr = new Float64Array(size), ki = new Float64Array(size)
    for (let k = -(nz - 1); k < nz; k++)
      for (let j = -(ny - 1); j < ny; j++)
        for (let i = -(nx - 1); i < nx; i++) {
          if (!i && !j && !k) continue
          const w = 1 / Math.sqrt((i * spacing[0]) ** 2 + (j * spacing[1]) ** 2 + (k * spacing[2]) ** 2)
          kr[((i + L[0]) % L[0]) + L[0] * (((j + L[1]) % L[1]) + L[1] * ((k + L[2]) % L[2]))] = w
        }
    fft3(kr, ki, L, -1)
    // pack a (real part) and the mask (imaginary part) into one transform
    const zr = new Float64Array(size), zi = new Float64Array(size)
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = i + nx * (j + ny * k)
          if (!roi[v]) continue
          const u = i + L[0] * (j + L[1] * k)
          zr[u] = values[v] - mean
          zi[u] = 1
        }
    fft3(zr, zi, L, -1, [nx, ny, nz])
    for (let t = 0; t < size; t++) { zr[t] *= kr[t]; zi[t] *= kr[t] } // kernel spectrum is real (even kernel)
    fft3(zr, zi, L, 1, [nx, ny, nz])
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = i + nx * (j + ny * k)
          if (!roi[v]) continue
          const u = i + L[0] * (j + L[1] * k)
          const ka = zr[u] / size, km = zi[u] / size
          const a = values[v] - mean
          W += km
          Saa += a * ka
          Sa2m += a * a * km
        }
  }
  const geary = 2 * Sa2m - 2 * Saa
  return { moran_i: ((n / W) * Saa) / ss, geary_c: ((n - 1) * geary) / (2 * W * ss) }
}
