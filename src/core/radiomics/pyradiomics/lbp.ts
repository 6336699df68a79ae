// pyradiomics' LBP2D image type (imageoperations.getLBP2DImage): scikit-image's
// local_binary_pattern(slice, P = lbp2DSamples, R = lbp2DRadius, method = lbp2DMethod) on every
// slice along force2Ddimension. Samples at (r − R·sin(2πp/P), c + R·cos(2πp/P)) (offsets rounded to
// 5 decimals) by bilinear interpolation with 0 outside the slice; bit p set when sample ≥ centre.
// Methods: default (Σ bit·2^p), ror (the smallest bit rotation), uniform (number of set bits when
// the non-cyclic sequence has ≤ 2 changes, else P + 1), var (variance of the samples). The result
// is stored in the image's pixel type, as pyradiomics assigns it into the image array.

function bilinear(img: Float64Array, rows: number, cols: number, off: number, r: number, c: number): number {
  const minr = Math.floor(r), minc = Math.floor(c), maxr = Math.ceil(r), maxc = Math.ceil(c)
  const dr = r - minr, dc = c - minc
  const px = (rr: number, cc: number) => (rr < 0 || cc < 0 || rr >= rows || cc >= cols ? 0 : img[off + rr * cols + cc])
  const top = (1 - dc) * px(minr, minc) + dc * px(minr, maxc)
  const bottom = (1 - dc) * px(maxr, minc) + dc * px(maxr, maxc)
  return (1 - dr) * top + dr * bottom
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5

/** LBP of every slice (slices along axis z of the x-fastest box; rows = y, cols = x). */
export function lbp2D(data: Float64Array, dims: [number, number, number], P: number, R: number, method: string, integer: boolean): Float64Array {
  const [nx, ny, nz] = dims
  const rp = Array.from({ length: P }, (_, p) => round5(-R * Math.sin((2 * Math.PI * p) / P)))
  const cp = Array.from({ length: P }, (_, p) => round5(R * Math.cos((2 * Math.PI * p) / P)))
  const out = new Float64Array(data.length)
  const tex = new Float64Array(P), bits = new Uint8Array(P)
  for (let k = 0; k < nz; k++) {
    const off = k * nx * ny
    for (let r = 0; r < ny; r++)
      for (let c = 0; c < nx; c++) {
        const centre = data[off + r * nx + c]
        for (let p = 0; p < P; p++) { tex[p] = bilinear(data, ny, nx, off, r + rp[p], c + cp[p]); bits[p] = tex[p] - centre >= 0 ? 1 : 0 }
        let v = 0
        if (method === 'var') {
          let s = 0, s2 = 0
          for (let p = 0; p < P; p++) { s += tex[p]; s2 += tex[p] * tex[p] }
          v = (s2 - (s * s) / P) / P
        } else if (method === 'uniform') {
          let changes = 0
          for (let p = 0; p < P - 1; p++) if (bits[p] !== bits[p + 1]) changes++
          if (changes <= 2) for (let p = 0; p < P; p++) v += bits[p]
          else v = P + 1
        } else {
          for (let p = 0; p < P; p++) v += bits[p] * 2 ** p
          if (method === 'ror') {
            let best = v, cur = v
            for (let t = 1; t < P; t++) { cur = (cur >>> 1) | ((cur & 1) << (P - 1)); if (cur < best) best = cur }
            v = best
          }
        }
        out[off + r * nx + c] = integer ? Math.trunc(v) : v
      }
  }
  return out
}
