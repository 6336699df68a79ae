// Checks that DICOM slices form one complete series before it is stacked into a
// volume: a single SeriesInstanceUID (0020,000E), one orientation (0020,0037), and
// evenly spaced positions (0020,0032) along the slice normal — a gap of whole steps means
// missing slices, any other deviation a non-uniform stack, refused (not resampled). Works on tags read by itk-wasm's readDicomTags (Node) or in a worker.

/** Slice positions may deviate from a uniform stack by this much (mm, or this fraction of the spacing if larger): DICOM's decimal strings and scanners' table positions jitter by far less. */
export const SPACING_TOLERANCE_MM = 0.01
export const SPACING_TOLERANCE_REL = 0.01

export interface SliceTags {
  file: string
  seriesUid?: string
  /** ImagePositionPatient */
  position?: number[]
  /** ImageOrientationPatient (6 cosines) */
  orientation?: number[]
}

/** Problems with the series, each naming the files or positions concerned and what to do. */
export function checkDicomSeries(folder: string, slices: SliceTags[]): string[] {
  const problems: string[] = []
  if (slices.length === 0) return [`${folder}: holds no DICOM slices`]
  const uids = new Map<string, string[]>()
  for (const s of slices) {
    const k = s.seriesUid ?? '(none)'
    uids.set(k, [...(uids.get(k) ?? []), s.file])
  }
  if (uids.size > 1) {
    const parts = [...uids.entries()].map(([u, f]) => `${f.length} slice(s) of series ${u}${f.length <= 3 ? ` (${f.join(', ')})` : ''}`)
    problems.push(`${folder}: mixes ${uids.size} DICOM series: ${parts.join('; ')}; put each series in its own folder`)
    return problems
  }
  const o = slices[0].orientation
  if (!o || o.length !== 6 || slices.some((s) => !s.position || s.position.length !== 3)) return problems
  if (slices.some((s) => s.orientation!.some((x, i) => Math.abs(x - o[i]) > 1e-3))) {
    problems.push(`${folder}: slices have different orientations; the series is not a single stack`)
    return problems
  }
  const n = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]]
  const z = slices.map((s) => ({ file: s.file, z: s.position![0] * n[0] + s.position![1] * n[1] + s.position![2] * n[2] })).sort((a, b) => a.z - b.z)
  for (let i = 1; i < z.length; i++) {
    if (Math.abs(z[i].z - z[i - 1].z) < 1e-4) {
      problems.push(`${folder}: ${z[i - 1].file} and ${z[i].file} are at the same position (${z[i].z.toFixed(2)} mm); remove the duplicate slice`)
      return problems
    }
  }
  if (z.length < 3) return problems
  const gaps = z.slice(1).map((s, i) => s.z - z[i].z)
  const sorted = [...gaps].sort((a, b) => a - b)
  const step = sorted[Math.floor(sorted.length / 2)]
  // a gap is k whole steps within the tolerance (k > 1: missing slices); anything else is a
  // non-uniform stack, refused: ITK would stack it at one spacing and misplace the slices
  const tol = Math.max(SPACING_TOLERANCE_MM, SPACING_TOLERANCE_REL * step)
  for (let i = 0; i < gaps.length; i++) {
    const k = Math.round(gaps[i] / step)
    if (k < 1 || Math.abs(gaps[i] - k * step) > tol * k) {
      problems.push(`${folder}: slice spacing is not uniform: ${z[i].file} (${z[i].z.toFixed(2)} mm) to ${z[i + 1].file} (${z[i + 1].z.toFixed(2)} mm) is ${gaps[i].toFixed(3)} mm where the series' spacing is ${step.toFixed(3)} mm (tolerance ${tol.toFixed(3)} mm); a volume needs evenly spaced slices — export the series again, or resample it onto a uniform grid before import`)
      return problems
    }
  }
  for (let i = 0; i < gaps.length; i++) {
    const k = Math.round(gaps[i] / step)
    if (k > 1) problems.push(`${folder}: ${k - 1} slice(s) missing between ${z[i].file} (${z[i].z.toFixed(2)} mm) and ${z[i + 1].file} (${z[i + 1].z.toFixed(2)} mm), slice spacing ${step.toFixed(2)} mm; export the complete series again`)
  }
  return problems
}
