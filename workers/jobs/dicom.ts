// Worker jobs of DICOM import: thin adapters over src/core/image/dicom.
//   dicom.scan — the series of a picked PACS-export folder (files grouped by series, geometry, ROI names)
import type { JobTable } from './types.ts'
import { looksLikeDicom } from '../../src/core/image/dicom/dataset.ts'
import { scanDicomFiles, type SeriesInfo } from '../../src/core/image/dicom/scan.ts'

export const jobs = {
  'dicom.scan': async (a: { files: { path: string; file: Blob }[] }, ctx): Promise<{ series: SeriesInfo[]; skipped: { file: string; reason: string }[] }> => {
    const dicom: { name: string; bytes: Uint8Array }[] = []
    const skipped: { file: string; reason: string }[] = []
    for (let i = 0; i < a.files.length; i++) {
      const f = a.files[i]
      const bytes = new Uint8Array(await f.file.arrayBuffer())
      if (looksLikeDicom(bytes)) dicom.push({ name: f.path, bytes })
      else skipped.push({ file: f.path, reason: 'not a DICOM file' })
      if (i % 20 === 0) ctx.progress?.(i / a.files.length, `reading ${f.path}`)
    }
    const r = scanDicomFiles(dicom)
    return { series: r.series, skipped: [...skipped, ...r.skipped] }
  },
} satisfies JobTable
