// Validation helpers shared by the filter modules, and the parts of a filter's settings that
// every IBSI-2 filter has: the boundary condition and whether it runs slice by slice ('2D',
// the axial plane, IBSI-2 "2D filtering") or on the volume ('3D').
import { InputError } from '../../errors.ts'
import { BOUNDARIES, type Boundary } from './boundary.ts'
import type { FilterSpec } from './filter.ts'

export type Pooling = 'max' | 'average'

export interface CommonSpec {
  dimensions: '2D' | '3D'
  boundary: Boundary
}

export class SpecReader {
  constructor(readonly spec: FilterSpec, readonly name: string) {}
  fail(field: string, what: string): never {
    throw new InputError(what, this.name, `field "filter.${field}"`)
  }
  number(field: string, opts: { min?: number; integer?: boolean; def?: number } = {}): number {
    const x = this.spec[field] ?? opts.def
    if (typeof x !== 'number' || !Number.isFinite(x) || (opts.integer && !Number.isInteger(x)) || (opts.min !== undefined && x < opts.min))
      this.fail(field, `must be ${opts.integer ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}`)
    return x
  }
  oneOf<T extends string>(field: string, values: readonly T[], def?: T): T {
    const x = this.spec[field] ?? def
    if (!values.includes(x as T)) this.fail(field, `must be one of ${values.join(', ')}`)
    return x as T
  }
  bool(field: string, def = false): boolean {
    const x = this.spec[field] ?? def
    if (typeof x !== 'boolean') this.fail(field, 'must be true or false')
    return x
  }
  common(): CommonSpec {
    return { dimensions: this.oneOf('dimensions', ['2D', '3D'] as const, '3D'), boundary: this.oneOf('boundary', BOUNDARIES) }
  }
  pooling(): Pooling {
    return this.oneOf('pooling', ['max', 'average'] as const, 'average')
  }
}

/** Pool response maps voxel-wise. */
export function pool(maps: Iterable<Float64Array>, how: Pooling): Float64Array {
  let out: Float64Array | null = null
  let n = 0
  for (const m of maps) {
    n++
    if (!out) { out = new Float64Array(m); continue }
    if (how === 'max') for (let v = 0; v < m.length; v++) { if (m[v] > out[v]) out[v] = m[v] }
    else for (let v = 0; v < m.length; v++) out[v] += m[v]
  }
  if (!out) throw new Error('nothing to pool')
  if (how === 'average') for (let v = 0; v < out.length; v++) out[v] /= n
  return out
}

/**
 * The right-angle rotations of a separable kernel f0(x)·f1(y)·f2(z) (IBSI-2 "rotation
 * invariance": the 24 rotations of the cube in 3D, the 4 quarter turns in 2D). Each rotation
 * is, per output axis i, the source axis π(i) and whether that factor is reversed; the
 * rotations are the signed permutation matrices with determinant +1.
 */
export function rightAngleRotations(planar: boolean): { perm: number[]; flip: boolean[] }[] {
  const axes = planar ? [0, 1] : [0, 1, 2]
  const perms: number[][] = planar ? [[0, 1], [1, 0]] : [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
  const parity = (p: number[]) => {
    let s = 1
    for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) if (p[i] > p[j]) s = -s
    return s
  }
  const out: { perm: number[]; flip: boolean[] }[] = []
  for (const perm of perms)
    for (let m = 0; m < 1 << axes.length; m++) {
      const flip = axes.map((a) => ((m >> a) & 1) === 1)
      const det = parity(perm) * flip.reduce((s, f) => (f ? -s : s), 1)
      if (det === 1) out.push({ perm, flip })
    }
  return out
}
