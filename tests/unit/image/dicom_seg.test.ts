// DICOM SEG reading (src/core/image/dicom/seg.ts): SEG files written by the test writer
// from known masks (binary with two segments, sparse frames in reverse order, oblique grid;
// fractional; implicit VR) read back into the same masks and grids.
import { describe, it, expect } from 'vitest'
import { writeSeg, type SegGrid } from '../../fixtures/dicom/seg_writer.ts'
import { readSeg, segMaskOnGrid } from '../../../src/core/image/dicom/seg.ts'

const c = Math.cos(0.4), s = Math.sin(0.4)
// oblique: rotation about z by 0.4 rad; columns = row cosine, column cosine, normal
const grid: SegGrid = { dims: [13, 11, 7], spacing: [0.8, 1.1, 2.5], origin: [10, -20, 33], direction: [c, -s, 0, s, c, 0, 0, 0, 1] }
const n = 13 * 11 * 7
function blob(ci: number, cj: number, ck: number, r: number): Uint8Array {
  const m = new Uint8Array(n)
  for (let k = 0; k < 7; k++) for (let j = 0; j < 11; j++) for (let i = 0; i < 13; i++) {
    const d = ((i - ci) / r) ** 2 + ((j - cj) / r) ** 2 + ((k - ck) / (r / 2)) ** 2
    if (d <= 1) m[i + 13 * (j + 11 * k)] = 1
  }
  return m
}
const gtv = blob(6, 5, 3, 4)
const node = blob(10, 8, 5, 2)
const FOR = '1.2.3.4.5'

describe('DICOM SEG', () => {
  it('binary, two segments, sparse frames in reverse order: each segment and their union', () => {
    const bytes = writeSeg(grid, [{ label: 'GTV', data: gtv }, { label: 'Node', data: node }], { type: 'BINARY', frameOfReference: FOR, reverseFrames: true })
    const a = readSeg(bytes, { segments: ['GTV'] })
    expect(a.info.segments).toEqual([{ number: 1, label: 'GTV' }, { number: 2, label: 'Node' }])
    // the grid of the frames present (GTV spans slices 1..5: the SEG grid starts at slice 1)
    const first = [...Array(7).keys()].find((k) => gtv.subarray(k * 143, (k + 1) * 143).some((x) => x))!
    const onGrid = segMaskOnGrid(bytes, grid, { file: 'seg.dcm', segments: ['GTV'] })
    expect(Array.from(onGrid.data)).toEqual(Array.from(gtv))
    expect(a.mask.origin[2]).toBeCloseTo(grid.origin[2] + first * 2.5, 6)
    for (let i = 0; i < 9; i++) expect(a.mask.direction[i]).toBeCloseTo(grid.direction[i], 9)
    const both = segMaskOnGrid(bytes, grid, { file: 'seg.dcm', segments: ['gtv', 'node'] })
    expect(Array.from(both.data)).toEqual(Array.from(gtv, (x, i) => x | node[i]))
    // default selection: the segment whose label matches GTV|tumou?r|lesion
    expect(Array.from(segMaskOnGrid(bytes, grid, { file: 'seg.dcm' }).data)).toEqual(Array.from(gtv))
  })

  it('fractional (≥ ½ inside), implicit VR', () => {
    const frac = Float32Array.from(gtv, (x, i) => (x ? 0.8 : node[i] ? 0.3 : 0))
    const bytes = writeSeg(grid, [{ label: 'Tumour', data: frac }], { type: 'FRACTIONAL', frameOfReference: FOR, implicit: true })
    expect(Array.from(segMaskOnGrid(bytes, grid, { file: 'seg.dcm' }).data)).toEqual(Array.from(gtv))
  })

  it('refuses a SEG of another frame of reference, naming both', () => {
    const bytes = writeSeg(grid, [{ label: 'GTV', data: gtv }], { type: 'BINARY', frameOfReference: FOR })
    expect(() => segMaskOnGrid(bytes, grid, { file: 'seg.dcm', frameOfReference: '9.9.9' })).toThrow(/frame of reference 1\.2\.3\.4\.5.*9\.9\.9/)
  })
})
