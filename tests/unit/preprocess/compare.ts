// Comparison helpers for the preprocess tests (not a test file).
import fs from 'node:fs'
import { DATA, haveData } from '../shared_data.ts'
export { DATA, haveData }

export const FIX = 'tests/fixtures/preprocess/itk'
export const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'))

/** Pearson correlation of a and b over the indices where keep(i) holds. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, keep: (i: number) => boolean = () => true): number {
  let n = 0, sa = 0, sb = 0
  for (let i = 0; i < a.length; i++) if (keep(i)) (n++, (sa += a[i]), (sb += b[i]))
  const ma = sa / n, mb = sb / n
  let sab = 0, saa = 0, sbb = 0
  for (let i = 0; i < a.length; i++) {
    if (!keep(i)) continue
    const x = a[i] - ma, y = b[i] - mb
    sab += x * y
    saa += x * x
    sbb += y * y
  }
  return sab / Math.sqrt(saa * sbb)
}

export function range(a: ArrayLike<number>): number {
  let lo = Infinity, hi = -Infinity
  for (let i = 0; i < a.length; i++) {
    if (a[i] < lo) lo = a[i]
    if (a[i] > hi) hi = a[i]
  }
  return hi - lo
}

/** Fraction of voxels whose absolute difference exceeds tol. */
export function fractionAbove(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): number {
  let n = 0
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tol) n++
  return n / a.length
}
