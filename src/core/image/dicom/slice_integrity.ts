// Checks that one DICOM slice file is complete before it is stacked into a volume: the
// whole data set parses (a file cut short ends inside an element: dicom-parser reports a
// buffer overrun) and, for native (uncompressed) transfer syntaxes, the Pixel Data
// element (7FE0,0010) holds Rows × Columns × SamplesPerPixel × NumberOfFrames ×
// BitsAllocated/8 bytes (PS3.5 §8.1.1). ITK's series reader zero-fills a short slice; this
// refuses it, naming the file.

import { parseDataset, transferSyntax, us } from './dataset.ts'

/** Native pixel encodings: implicit / explicit VR little endian, explicit big endian. */
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2'])

/** The problem with a slice file in words (what is wrong and what to do), or null when it is complete. */
export function sliceProblem(bytes: Uint8Array): string | null {
  let ds
  try {
    ds = parseDataset(bytes)
  } catch (e) {
    const m = (e as Error).message
    if (/overrun|past end|end of buffer/i.test(m)) return `the DICOM file ends inside its data (${bytes.length} bytes); it is truncated — copy or export the slice again`
    return `is not a readable DICOM file (${m}); keep only the slices of one series in the folder`
  }
  const el = ds.elements.x7fe00010
  if (!el) return 'has no Pixel Data (7FE0,0010); it is not an image slice — keep only the slices of one series in the folder'
  if (!NATIVE.has(transferSyntax(ds))) return null // encapsulated (compressed) frames: their length is the codec's
  const rows = us(ds, '0028,0010'), cols = us(ds, '0028,0011'), bits = us(ds, '0028,0100')
  if (!rows || !cols || !bits) return null
  const spp = us(ds, '0028,0002') ?? 1
  const frames = Number(ds.string('x00280008') ?? 1) || 1
  const need = Math.ceil((rows * cols * spp * frames * bits) / 8)
  if (el.length < need) return `Pixel Data holds ${el.length} bytes but ${rows} × ${cols}${frames > 1 ? ` × ${frames} frames` : ''} at ${bits} bits needs ${need}; the slice is truncated — copy or export it again`
  return null
}
