// Seeded data augmentation of a prepared tumour slice (image + mask): a random flip,
// a rotation (a multiple of 90° plus a small angle), a small elastic deformation (a
// coarse 4 × 4 grid of Gaussian displacements, bilinearly interpolated, as in
// Simard et al. 2003 but without the Gaussian smoothing of a dense field) and a
// morphological perturbation of the mask outline (one-pixel erosion or dilation with a
// 3 × 3 cross). Image and mask move together (one backward mapping, bilinear); the
// background outside the perturbed mask is then set to 0.
import type { Rng } from '../random.ts'
import { bilinear, maskedInput, type TumourSlice } from './slice.ts'

export interface AugmentOptions {
  /** largest small-angle rotation, degrees (default 10) */
  maxAngle?: number
  /** standard deviation of the elastic displacements, pixels (default size / 64) */
  elasticSigma?: number
  /** probability of eroding, and of dilating, the mask (default 0.25 each) */
  morphProbability?: number
}

/** One-pixel erosion (dilate = false) or dilation of a binary mask with a 3 × 3 cross. */
export function morph(mask: Uint8Array, size: number, dilate: boolean): Uint8Array {
  const out = new Uint8Array(mask.length)
  for (let v = 0; v < size; v++) for (let u = 0; u < size; u++) {
    const at = (x: number, y: number) => (x < 0 || y < 0 || x >= size || y >= size ? 0 : mask[x + size * y])
    const c = mask[u + size * v]
    const n = [at(u - 1, v), at(u + 1, v), at(u, v - 1), at(u, v + 1)]
    out[u + size * v] = dilate ? (c || n.some((x) => x) ? 1 : 0) : (c && n.every((x) => x) ? 1 : 0)
  }
  return out
}

/** An augmented copy of a slice (image and mask). */
export function augmentSlice(slice: Pick<TumourSlice, 'size' | 'image' | 'mask'>, rng: Rng, options: AugmentOptions = {}): { image: Float32Array; mask: Uint8Array } {
  const size = slice.size
  const maxAngle = options.maxAngle ?? 10
  const sigma = options.elasticSigma ?? size / 64
  const pMorph = options.morphProbability ?? 0.25
  const flip = rng.next() < 0.5
  const angle = (rng.int(4) * 90 + (2 * rng.next() - 1) * maxAngle) * (Math.PI / 180)
  const g = 4
  const dx = new Float32Array(g * g), dy = new Float32Array(g * g)
  for (let q = 0; q < g * g; q++) { dx[q] = rng.normal() * sigma; dy[q] = rng.normal() * sigma }
  const r = rng.next()
  const cos = Math.cos(angle), sin = Math.sin(angle)
  const c = (size - 1) / 2
  const maskF = Float32Array.from(slice.mask)
  const image = new Float32Array(size * size)
  let mask: Uint8Array = new Uint8Array(size * size)
  const scale = (g - 1) / (size - 1)
  for (let v = 0; v < size; v++) for (let u = 0; u < size; u++) {
    const gx = u * scale, gy = v * scale
    let x = (flip ? size - 1 - u : u) - c
    const y = v - c
    const xs = cos * x - sin * y + c + bilinearClamp(dx, g, gx, gy)
    const ys = sin * x + cos * y + c + bilinearClamp(dy, g, gx, gy)
    x = xs
    image[u + size * v] = bilinear(slice.image, size, size, x, ys)
    mask[u + size * v] = bilinear(maskF, size, size, x, ys) >= 0.5 ? 1 : 0
  }
  if (r < pMorph) {
    const eroded = morph(mask, size, false)
    // keep the tumour: skip an erosion that would empty the mask
    if (eroded.some((x) => x)) mask = eroded
  } else if (r < 2 * pMorph) mask = morph(mask, size, true)
  return { image, mask }
}

/** The masked model input of an augmented slice. */
export function augmentedInput(slice: Pick<TumourSlice, 'size' | 'image' | 'mask'>, rng: Rng, options?: AugmentOptions): Float32Array {
  return maskedInput(augmentSlice(slice, rng, options))
}

function bilinearClamp(grid: Float32Array, g: number, x: number, y: number): number {
  return bilinear(grid, g, g, Math.min(x, g - 1), Math.min(y, g - 1))
}
