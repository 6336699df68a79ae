// Nyúl–Udupa histogram standardisation (Nyúl, Udupa & Zhang, IEEE TMI 2000): landmarks
// = intensity percentiles (pc1 = 1, deciles 10…90, pc2 = 99) of each image's
// foreground (voxels above the image mean, as the histogram matching threshold);
// training maps every image's [pc1, pc2] linearly onto the standard scale [s1, s2]
// and averages the mapped landmarks; applying maps each image piecewise-linearly
// through its own landmarks onto the trained ones (linear extension beyond pc1/pc2).

import type { Volume } from '../image/volume.ts'
import { InputError } from '../errors.ts'
import { quantileSorted } from '../math/quantiles.ts'

export interface NyulModel {
  /** percentiles defining the landmarks (first = pc1, last = pc2) */
  percentiles: number[]
  /** trained landmark positions on the standard scale */
  landmarks: number[]
  scale: [number, number]
}

export const NYUL_PERCENTILES = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]

function foreground(data: ArrayLike<number>): Float64Array {
  let sum = 0
  for (let i = 0; i < data.length; i++) sum += data[i]
  const mean = sum / data.length
  const fg: number[] = []
  for (let i = 0; i < data.length; i++) if (data[i] > mean) fg.push(data[i])
  return Float64Array.from(fg).sort()
}

/** Percentile p ∈ [0, 100] of sorted values (R type 7). */
const percentile = (sorted: Float64Array, p: number): number => quantileSorted(sorted, p / 100)

/** The landmarks of one image. */
export function nyulLandmarks(data: ArrayLike<number>, percentiles = NYUL_PERCENTILES): number[] {
  const fg = foreground(data)
  if (fg.length < 2) throw new InputError('Nyúl standardisation: the image has no foreground above its mean (constant image?)')
  return percentiles.map((p) => percentile(fg, p))
}

/** Train the standard landmarks from each image's landmarks (nyulLandmarks). */
export function trainNyulFromLandmarks(sets: number[][], scale: [number, number] = [1, 100], percentiles = NYUL_PERCENTILES): NyulModel {
  if (sets.length === 0) throw new InputError('Nyúl standardisation needs at least one training image')
  const acc = new Float64Array(percentiles.length)
  for (const l of sets) {
    if (l.length !== percentiles.length) throw new InputError(`Nyúl landmarks: expected ${percentiles.length} per image, got ${l.length}`)
    const a = (scale[1] - scale[0]) / (l[l.length - 1] - l[0] || 1)
    for (let k = 0; k < l.length; k++) acc[k] += scale[0] + (l[k] - l[0]) * a
  }
  return { percentiles: [...percentiles], landmarks: Array.from(acc, (x) => x / sets.length), scale }
}

/** Train the standard landmarks on a cohort of images. */
export function trainNyul(images: ArrayLike<number>[], scale: [number, number] = [1, 100], percentiles = NYUL_PERCENTILES): NyulModel {
  return trainNyulFromLandmarks(images.map((img) => nyulLandmarks(img, percentiles)), scale, percentiles)
}

/** Standardise one image with a trained model. */
export function applyNyul(image: Volume, model: NyulModel): Volume<Float32Array> {
  const src = nyulLandmarks(image.data, model.percentiles)
  const dst = model.landmarks
  const n = src.length
  const out = new Float32Array(image.data.length)
  for (let i = 0; i < out.length; i++) {
    const v = image.data[i]
    let j = 1
    while (j < n - 1 && v > src[j]) j++
    const d = src[j] - src[j - 1]
    out[i] = d > 0 ? dst[j - 1] + ((v - src[j - 1]) * (dst[j] - dst[j - 1])) / d : dst[j - 1]
  }
  return { ...image, data: out }
}
