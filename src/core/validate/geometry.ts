// Geometry of an image as read: voxel spacing finite, positive and within a plausible
// range for medical images, origin and direction finite, direction not singular. A
// NaN/Inf/0 spacing would otherwise be used as 1 mm by ITK, and an absurd one (1e30 mm)
// would silently move every shape feature. Checked for every format after reading, and
// on NIfTI headers before ITK sees them (src/core/image/preflight.ts).

/** Allowed voxel spacing, mm. */
export const SPACING_RANGE_MM = { min: 1e-3, max: 500 } as const

/** The problem with one spacing value (axis 0-2), or null. */
export function spacingProblem(x: number, axis: number, field = `spacing[${axis}]`): string | null {
  const { min, max } = SPACING_RANGE_MM
  if (!Number.isFinite(x)) return `${field} is ${x}; the header's voxel size must be a finite number of mm — fix the header (or re-export the image)`
  if (x <= 0) return `${field} is ${x}; the voxel size must be > 0 mm — fix the header (or re-export the image)`
  if (x < min || x > max) return `${field} is ${x} mm, outside the plausible range ${min}–${max} mm; check the header's units and fix the voxel size`
  return null
}

/** Problems with a volume's geometry, each naming `file` and the field. */
export function geometryProblems(v: { dims: ArrayLike<number>; spacing: ArrayLike<number>; origin: ArrayLike<number>; direction: ArrayLike<number> }, file: string): string[] {
  const out: string[] = []
  for (let a = 0; a < 3; a++) {
    const d = v.dims[a]
    if (!Number.isInteger(d) || d < 1) out.push(`${file}: dimension ${a} is ${d}; sizes must be positive integers`)
    const p = spacingProblem(v.spacing[a], a)
    if (p) out.push(`${file}: ${p}`)
    if (!Number.isFinite(v.origin[a])) out.push(`${file}: origin[${a}] is ${v.origin[a]}; fix the header's position fields`)
  }
  const m = Array.from(v.direction)
  if (m.length !== 9 || m.some((x) => !Number.isFinite(x))) out.push(`${file}: the direction (orientation) matrix is not finite; fix the header's orientation fields`)
  else {
    const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
    if (!(Math.abs(det) > 1e-6)) out.push(`${file}: the direction (orientation) matrix is singular (determinant ${det}); fix the header's orientation fields`)
  }
  return out
}
