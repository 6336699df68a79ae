// A stack of single-frame DICOM slices read by core (pure; Node and browser): for what ITK's
// DICOM reader cannot open — raw data sets without the Part 10 preamble and meta group, as
// old archives and some exports store them. The slices are grouped and ordered by the scan
// (scan.ts: one series, sorted along the normal, grid from positions), the native pixels
// decoded with each slice's rescale (multiframe.ts decodeFrames).

import { InputError } from '../../errors.ts'
import type { Volume, Vec3 } from '../volume.ts'
import { num, parseDataset, type DataSet } from './dataset.ts'
import { decodeFrames } from './multiframe.ts'
import { scanDicomFiles } from './scan.ts'

/**
 * A stack of single-frame slices (one series, native pixel data) read by core, in order along
 * the normal: what ITK's DICOM reader cannot open (raw data sets without the Part 10
 * preamble and meta group, as old archives and some exports store them).
 * @throws InputError when the files are not one stack of one series, naming what is wrong
 */
export function readSliceStack(files: { name: string; bytes: Uint8Array }[], folder: string): Volume {
  const { series, skipped } = scanDicomFiles(files)
  if (skipped.length) throw new InputError(`${skipped[0].file} is not a DICOM slice (${skipped[0].reason}); keep only the slices of one series in the folder`, folder)
  const images = series.filter((s) => s.kind === 'image')
  if (images.length !== 1 || series.length !== 1) throw new InputError(`holds ${series.length} series; keep only the slices of one series in the folder`, folder)
  const s = images[0]
  if (!s.grid || s.problems.some((p) => !/Pixel Spacing/.test(p))) throw new InputError(`its slices do not make one volume: ${s.problems.join('; ') || 'no geometry'}`, folder)
  const byName = new Map(files.map((f) => [f.name, f.bytes]))
  const frames = s.files.map((name) => {
    let ds: DataSet
    try {
      ds = parseDataset(byName.get(name)!)
    } catch (e) {
      throw new InputError(`could not be read as DICOM (${(e as Error).message})`, name)
    }
    return { ds, frame: 0, slope: num(ds, '0028,1053') ?? 1, intercept: num(ds, '0028,1052') ?? 0, file: name }
  })
  const data = decodeFrames(frames, folder)
  const g = s.grid
  return { dims: [...g.dims] as Vec3, spacing: [...g.spacing] as Vec3, origin: [...g.origin] as Vec3, direction: [...g.direction], data }
}
