// niivue drawing bitmap (RAS-resliced order) ↔ mask in the file's voxel order, with the
// layout niivue derives for a file whose x axis runs right→left (our LPS-derived NIfTI).
import { describe, it, expect } from 'vitest'
import { drawingToNative, nativeToDrawing, countSet, type RasLayout } from '../../../src/ui/lib/drawing.ts'

// native grid 3 × 2 × 2, x flipped in RAS: RAS voxel (x, y, z) = native (2 - x, y, z)
const layout: RasLayout = { dimsRAS: [3, 3, 2, 2], img2RASstart: [2, 0, 0], img2RASstep: [-1, 3, 6] }

describe('drawing order', () => {
  it('maps RAS voxels to native voxels as niivue does', () => {
    const native = new Uint8Array(12)
    native[0] = 1 // native (0,0,0) → RAS (2,0,0) = RAS index 2
    native[4] = 1 // native (1,1,0) → RAS (1,1,0) = RAS index 4
    native[11] = 1 // native (2,1,1) → RAS (0,1,1) = RAS index 9
    const ras = nativeToDrawing(layout, native)
    expect([...ras.keys()].filter((i) => ras[i])).toEqual([2, 4, 9])
    expect(drawingToNative(layout, ras, 12)).toEqual(native)
    expect(countSet(ras)).toBe(3)
  })

  it('round-trips any mask', () => {
    const native = Uint8Array.from({ length: 12 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0)
    expect(drawingToNative(layout, nativeToDrawing(layout, native), 12)).toEqual(native)
  })
})
