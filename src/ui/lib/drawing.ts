// niivue keeps its drawing bitmap in the background image's RAS-reoriented voxel order
// (dimsRAS, with img2RASstart/img2RASstep mapping RAS voxel → native linear index);
// our masks are in the file's native order (x fastest). These two functions convert,
// with the same loop niivue uses when it saves a drawing (nvimage toUint8Array).

export interface RasLayout {
  /** [ndim, nx, ny, nz, …] of the RAS-reoriented grid */
  dimsRAS: number[]
  img2RASstart: number[]
  img2RASstep: number[]
}

/** Drawing bitmap (RAS order) → mask in native voxel order. */
export function drawingToNative(layout: RasLayout, ras: Uint8Array, nativeCount: number): Uint8Array {
  const out = new Uint8Array(nativeCount)
  visit(layout, (rasIndex, nativeIndex) => {
    if (nativeIndex >= 0 && nativeIndex < nativeCount) out[nativeIndex] = ras[rasIndex]
  })
  return out
}

/** Mask in native voxel order → drawing bitmap (RAS order). */
export function nativeToDrawing(layout: RasLayout, native: Uint8Array): Uint8Array {
  const [, a, b, c] = layout.dimsRAS
  const out = new Uint8Array(a * b * c)
  visit(layout, (rasIndex, nativeIndex) => {
    if (nativeIndex >= 0 && nativeIndex < native.length) out[rasIndex] = native[nativeIndex]
  })
  return out
}

function visit(l: RasLayout, f: (rasIndex: number, nativeIndex: number) => void): void {
  const [start, step, dims] = [l.img2RASstart, l.img2RASstep, l.dimsRAS]
  let r = 0
  for (let z = 0; z < dims[3]; z++) {
    const zi = start[2] + z * step[2]
    for (let y = 0; y < dims[2]; y++) {
      const yi = start[1] + y * step[1]
      for (let x = 0; x < dims[1]; x++, r++) f(r, start[0] + x * step[0] + yi + zi)
    }
  }
}

/** Voxels set in a bitmap. */
export function countSet(bitmap: Uint8Array): number {
  let n = 0
  for (let i = 0; i < bitmap.length; i++) if (bitmap[i]) n++
  return n
}
