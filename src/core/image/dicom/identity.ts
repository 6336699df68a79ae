// Which frame of reference (0020,0052) and series (0020,000E) a DICOM file belongs to:
// what a segmentation is checked against before it is placed on an image.

import { parseDataset, str } from './dataset.ts'

export interface DicomIdentity {
  frameOfReference?: string
  seriesUid?: string
}

/** Frame of reference and series UID of a DICOM file (both undefined when unreadable). */
export function seriesIdentity(bytes: Uint8Array): DicomIdentity {
  try {
    const ds = parseDataset(bytes, '7fe0,0010')
    return { frameOfReference: str(ds, '0020,0052'), seriesUid: str(ds, '0020,000e') }
  } catch {
    return {}
  }
}
