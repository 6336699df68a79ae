// pyradiomics grey-level discretisation (imageoperations.getBinEdges / binImage):
// fixed bin width — edges at multiples of the bin width from 0, numpy.arange(lo − lo mod W,
// max + 2W, W), so the lowest occupied bin is 1 and a maximum that sits on an edge opens a new
// bin; a flat region whose minimum is a multiple of W gets the single bin [lo − ½, lo + ½];
// fixed bin count — numpy.histogram(x, binCount) edges with 1 added to the last edge. Voxels are
// assigned with numpy.digitize (half-open bins [e_k, e_k+1)), so levels run 1..Ng with Ng the
// highest occupied level (pyradiomics' coefficient Ng).

/** Bin edges as pyradiomics computes them for the ROI values. */
export function binEdges(values: ArrayLike<number>, binWidth: number, binCount: number | null): number[] {
  let mn = Infinity, mx = -Infinity
  for (let i = 0; i < values.length; i++) { const x = values[i]; if (x < mn) mn = x; if (x > mx) mx = x }
  if (binCount !== null) {
    // numpy.histogram: linspace(min, max, n + 1); a zero range becomes [min − 0.5, max + 0.5]
    let lo = mn, hi = mx
    if (lo === hi) { lo -= 0.5; hi += 0.5 }
    const edges: number[] = []
    const step = (hi - lo) / binCount
    for (let k = 0; k <= binCount; k++) edges.push(lo + k * step)
    edges[binCount] = hi
    edges[binCount] += 1
    return edges
  }
  const w = binWidth
  const lowBound = mn - pyMod(mn, w)
  const highBound = mx + 2 * w
  // numpy.arange(start, stop, step): ceil((stop − start)/step) values start + k·step
  const n = Math.ceil((highBound - lowBound) / w)
  const edges: number[] = []
  for (let k = 0; k < n; k++) edges.push(lowBound + k * w)
  if (edges.length === 1) return [edges[0] - 0.5, edges[0] + 0.5]
  return edges
}

/** Python's float modulo (result has the sign of the divisor). */
function pyMod(a: number, b: number): number {
  const r = a % b
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r
}

/** numpy.digitize(x, edges) for increasing edges: the k with edges[k−1] ≤ x < edges[k]. */
export function digitize(x: number, edges: number[]): number {
  let lo = 0, hi = edges.length // first index with edges[idx] > x
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (edges[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface PyrDiscretised {
  /** level per voxel of the box (1..ng), 0 outside the mask */
  levels: Int32Array
  /** highest occupied level */
  ng: number
  edges: number[]
}

/** Discretise the masked voxels of a box. */
export function discretiseBox(image: ArrayLike<number>, mask: Uint8Array, binWidth: number, binCount: number | null): PyrDiscretised {
  const vals: number[] = []
  for (let v = 0; v < mask.length; v++) if (mask[v]) vals.push(image[v])
  const edges = binEdges(vals, binWidth, binCount)
  const levels = new Int32Array(mask.length)
  let ng = 0
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue
    const l = digitize(image[v], edges)
    levels[v] = l
    if (l > ng) ng = l
  }
  return { levels, ng, edges }
}

/** numpy.histogram(values, edges)[0]: half-open bins, the last one closed. */
export function histogramCounts(values: ArrayLike<number>, edges: number[]): Float64Array {
  const nb = edges.length - 1
  const h = new Float64Array(nb)
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (x < edges[0] || x > edges[nb]) continue
    let k = digitize(x, edges) - 1
    if (k >= nb) k = nb - 1
    h[k]++
  }
  return h
}
