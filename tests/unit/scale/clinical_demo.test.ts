// The clinical-size demo (src/core/demo/clinical.ts): grids as the study's acquisitions,
// T1/T2 on their own grids with a small offset, 12-bit integers, the same planted tumour as
// the standard demo, deterministic.
import { describe, it, expect } from 'vitest'
import crypto from 'node:crypto'
import { demoPatientVolumes, generateDemoPatientVolumes, CLINICAL_GRIDS } from '../../../src/core/demo/index.ts'

const hash = (a: ArrayBufferView) => crypto.createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex')
const centre = (v: { origin: number[]; spacing: number[]; dims: number[] }) => [0, 1, 2].map((a) => v.origin[a] + (v.spacing[a] * (v.dims[a] - 1)) / 2)

describe('clinical-size demo', () => {
  it('renders the standard patient on clinical grids, deterministically', () => {
    const v = demoPatientVolumes(1, 10, 2, 'clinical')
    expect(v.ce_t1.dims).toEqual([512, 512, 48])
    expect(v.ce_t1.spacing).toEqual([0.7, 0.7, 4.5])
    expect(v.mask.dims).toEqual(v.ce_t1.dims)
    expect(v.mask.origin).toEqual(v.ce_t1.origin)
    for (const s of ['t1', 't2'] as const) {
      expect(v[s].dims).toEqual(CLINICAL_GRIDS[s].dims)
      expect(v[s].dims[2]).not.toBe(48)
      expect(v[s].spacing).not.toEqual(v.ce_t1.spacing)
      // small offset of the grid centres (a few mm), as separately acquired series
      const d = centre(v[s]).map((c, a) => Math.abs(c - centre(v.ce_t1)[a]))
      expect(Math.max(...d)).toBeGreaterThan(0.5)
      expect(Math.max(...d)).toBeLessThan(3)
    }
    for (const s of ['t1', 't2', 'ce_t1'] as const) {
      let max = 0, nonInt = 0
      for (const x of v[s].data) {
        if (x > max) max = x
        if (x !== Math.round(x) || x < 0) nonInt++
      }
      expect(nonInt).toBe(0)
      expect(max).toBeLessThanOrEqual(4095)
      expect(max).toBeGreaterThan(300) // scanner scales 350–3000 (patient.ts): the low-gain scanner stays under 1000
    }
    // same planted tumour: its volume as in the standard demo (within the voxelisation error)
    const std = generateDemoPatientVolumes(1, 10, 2)
    const vol = (m: { data: ArrayLike<number>; spacing: number[] }) => {
      let n = 0
      for (let i = 0; i < m.data.length; i++) n += m.data[i] ? 1 : 0
      return n * m.spacing[0] * m.spacing[1] * m.spacing[2]
    }
    expect(Math.abs(vol(v.mask) / vol(std.mask) - 1)).toBeLessThan(0.03)
    // the tumour enhances on CE-T1 relative to the rest of the limb
    let tum = 0, nt = 0
    for (let i = 0; i < v.mask.data.length; i++) if (v.mask.data[i]) (tum += v.ce_t1.data[i], nt++)
    expect(tum / nt).toBeGreaterThan(200)
    // deterministic (a second rendering of the CE-T1 series gives the same bytes),
    const again = demoPatientVolumes(1, 10, 2, 'clinical')
    expect(hash(again.ce_t1.data)).toBe(hash(v.ce_t1.data))
    expect(hash(again.t2.data)).toBe(hash(v.t2.data))
  }, 180_000)
})
