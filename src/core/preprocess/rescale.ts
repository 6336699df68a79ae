// Linear intensity rescaling to a fixed range as ITK's RescaleIntensityImageFilter:
// v' = (v − min)·(b − a)/(max − min) + a; the study scaled to [−10,000, 10,000].

import type { Volume } from '../image/volume.ts'
import { volumeStats } from '../image/volume.ts'
import { InputError } from '../errors.ts'

export const STUDY_RANGE: [number, number] = [-10000, 10000]

/**
 * Rescale a volume's intensities linearly onto [lo, hi] (a constant image maps to lo).
 * @example rescaleIntensity({dims:[2,1,1],spacing:[1,1,1],origin:[0,0,0],direction:[1,0,0,0,1,0,0,0,1],data:new Float32Array([0,5])}).data // → [-10000, 10000]
 */
export function rescaleIntensity(image: Volume, range: [number, number] = STUDY_RANGE): Volume<Float32Array> {
  const [lo, hi] = range
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new InputError(`rescale range must be two increasing numbers, got ${range.join(',')}`)
  const d = image.data
  const { min, max } = d instanceof Float32Array ? finiteRange(d) : volumeStats(image)
  const scale = max > min ? (hi - lo) / (max - min) : 0
  const out = new Float32Array(d.length)
  if (d instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = (d[i] - min) * scale + lo
  else for (let i = 0; i < out.length; i++) out[i] = (d[i] - min) * scale + lo
  return { ...image, data: out }
}

/** Minimum and maximum of the finite values (volumeStats' min and max), a loop on float32 only (the preprocessing's own type). */
export function finiteRange(d: Float32Array): { min: number; max: number } {
  let min = Infinity, max = -Infinity
  for (let i = 0; i < d.length; i++) {
    const x = d[i]
    // x − x is NaN for ±Infinity and NaN: skipped as volumeStats skips them
    if (x - x !== 0) continue
    if (x < min) min = x
    if (x > max) max = x
  }
  return { min, max }
}
