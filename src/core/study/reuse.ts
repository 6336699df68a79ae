// What the study can take from results computed elsewhere in the project instead of
// recomputing them: the h-RF features a Radiomics page (or any extractor) computed with the
// same settings on the same, unprocessed images. A reused row is the same numbers the
// study's own extraction gives (same extractor, settings and images: checked bit for bit by
// tests/unit/study/reuse.test.ts), so the step cache keys do not change; the step log says
// which step reused what.
import { stableJson } from '../math/hash.ts'
import type { AnalysisPlan } from './plan.ts'
import type { RadiomicsSettings } from '../radiomics/settings.ts'

/** Features computed outside the study: patients × columns, row-major, with the settings' stable JSON. */
export interface KnownFeatures {
  /** where they come from, in words (for the step log) */
  source: string
  /** stableJson of the radiomics settings they were extracted with */
  settingsKey: string
  ids: string[]
  columns: string[]
  values: Float64Array
}

/** Why known features cannot stand for the study's own extraction under this plan, or null when they can. */
export function reuseProblem(known: KnownFeatures, plan: AnalysisPlan, settings: RadiomicsSettings): string | null {
  if (plan.preprocess.enabled) return 'the plan preprocesses the images (they were extracted from the unprocessed images)'
  if (known.settingsKey !== stableJson(settings)) return 'they were extracted with other radiomics settings than the plan\'s'
  return null
}

/** Patient `id`'s row in the study's column order; undefined when the patient or a column is missing. */
export function knownRow(known: KnownFeatures, id: string, columns: string[]): Float64Array | undefined {
  const i = known.ids.indexOf(id)
  if (i < 0) return undefined
  const nc = known.columns.length
  const at = new Map(known.columns.map((c, j) => [c, j]))
  const row = new Float64Array(columns.length)
  for (let c = 0; c < columns.length; c++) {
    const j = at.get(columns[c])
    if (j === undefined) return undefined
    row[c] = known.values[i * nc + j]
  }
  return row
}
