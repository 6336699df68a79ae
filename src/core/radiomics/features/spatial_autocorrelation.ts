// Moran's I and Geary's C (IBSI-1 §3.1.16–17) over the intensity-mask voxels with weights
// w_ij = 1/‖r_i − r_j‖ (mm), i ≠ j. Exact: the pair sums are correlations with the kernel 1/r,
// computed by direct summation for small ROIs and by zero-padded FFT convolution otherwise.
//   Moran I = N/W · Σ w_ij a_i a_j / Σ a_i²         (a = x − mean)
//   Geary C = (N − 1)/(2W) · Σ w_ij (a_i − a_j)² / Σ a_i²
import { fft3, nextFastSize } from '../../math/fft.ts'

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
    const [Lx, Ly, Lz] = L
    const size = Lx * Ly * Lz
    // Parseval: Σ_i f_i (K*g)_i = (1/N) Σ_ν K̂(ν) Re(conj f̂(ν) ĝ(ν)), K̂ real (K even). Two packed
    // transforms: Z1 = FFT(a + i·m) (a = x − mean, m = mask) and Z2 = FFT(K + i·a²).
    const z1r = new Float64Array(size), z1i = new Float64Array(size)
    const z2r = new Float64Array(size), z2i = new Float64Array(size)
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = i + nx * (j + ny * k)
          if (!roi[v]) continue
          const u = i + Lx * (j + Ly * k)
          const a = values[v] - mean
          z1r[u] = a
          z1i[u] = 1
          z2i[u] = a * a
        }
    // kernel 1/r at every offset (wrapped), one octant computed and mirrored
    const sx2 = spacing[0] * spacing[0], sy2 = spacing[1] * spacing[1], sz2 = spacing[2] * spacing[2]
    for (let k = 0; k < nz; k++) {
      const z0 = Lx * Ly * k, z1 = Lx * Ly * (k ? Lz - k : 0)
      for (let j = 0; j < ny; j++) {
        const y0 = Lx * j, y1 = Lx * (j ? Ly - j : 0)
        const r2jk = j * j * sy2 + k * k * sz2
        for (let i = 0; i < nx; i++) {
          if (!i && !j && !k) continue
          const w = 1 / Math.sqrt(i * i * sx2 + r2jk)
          const x1 = i ? Lx - i : 0
          z2r[i + y0 + z0] = w; z2r[x1 + y0 + z0] = w; z2r[i + y1 + z0] = w; z2r[x1 + y1 + z0] = w
          z2r[i + y0 + z1] = w; z2r[x1 + y0 + z1] = w; z2r[i + y1 + z1] = w; z2r[x1 + y1 + z1] = w
        }
      }
    }
    fft3(z1r, z1i, L, -1, [nx, ny, nz])
    fft3(z2r, z2i, L, -1)
    for (let k = 0; k < Lz; k++) {
      const kn = k ? Lz - k : 0
      for (let j = 0; j < Ly; j++) {
        const jn = j ? Ly - j : 0
        for (let i = 0; i < Lx; i++) {
          const in_ = i ? Lx - i : 0
          const f = i + Lx * (j + Ly * k), g = in_ + Lx * (jn + Ly * kn)
          // split the packed spectra: X = (Z(ν) + conj Z(−ν))/2, Y = (Z(ν) − conj Z(−ν))/(2i)
          const ar = 0.5 * (z1r[f] + z1r[g]), ai = 0.5 * (z1i[f] - z1i[g])
          const mr = 0.5 * (z1i[f] + z1i[g]), mi = -0.5 * (z1r[f] - z1r[g])
          const K = 0.5 * (z2r[f] + z2r[g])
          const br = 0.5 * (z2i[f] + z2i[g]), bi = -0.5 * (z2r[f] - z2r[g])
          Saa += K * (ar * ar + ai * ai)
          W += K * (mr * mr + mi * mi)
          Sa2m += K * (br * mr + bi * mi)
        }
      }
    }
    Saa /= size
    W /= size
    Sa2m /= size
  }
  const geary = 2 * Sa2m - 2 * Saa
  return { moran_i: ((n / W) * Saa) / ss, geary_c: ((n - 1) * geary) / (2 * W * ss) }
}
