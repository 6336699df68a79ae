// In-place iterative radix-2 complex FFT (Cooley–Tukey), unnormalised in both
// directions as vnl_fft_1d, which ITK's N4 histogram sharpening uses.

/** Transform (re, im) of power-of-two length; sign −1 forward, +1 backward (no 1/n). */
export function fft(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
  const n = re.length
  if (n & (n - 1)) throw new Error(`fft length ${n} is not a power of two`)
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      let t = re[i]
      re[i] = re[j]
      re[j] = t
      t = im[i]
      im[i] = im[j]
      im[j] = t
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len
    const wr = Math.cos(ang), wi = Math.sin(ang)
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2
        const xr = re[b] * cr - im[b] * ci
        const xi = re[b] * ci + im[b] * cr
        re[b] = re[a] - xr
        im[b] = im[a] - xi
        re[a] += xr
        im[a] += xi
        const nr = cr * wr - ci * wi
        ci = cr * wi + ci * wr
        cr = nr
      }
    }
  }
}
