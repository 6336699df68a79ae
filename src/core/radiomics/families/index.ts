// The feature-family registry, in extraction (and report) order. Adding a family: a module in
// this folder exporting a FeatureFamily, its id in settings.ts FAMILIES, and one line here.
import type { Family } from '../settings.ts'
import type { FeatureFamily } from './family.ts'
import { diagnostics } from './diagnostics.ts'
import { morphology } from './morphology.ts'
import { localIntensity } from './local_intensity.ts'
import { histogram, statistics } from './statistics.ts'
import { ivh } from './ivh.ts'
import { glcm } from './glcm.ts'
import { glrlm } from './glrlm.ts'
import { distanceZones, sizeZones } from './zones.ts'
import { ngldm, ngtdm } from './neighbourhood.ts'

export type { ExtractOptions, FamilyInput, FeatureDoc, FeatureFamily } from './family.ts'

export const FAMILY_REGISTRY: readonly FeatureFamily[] = [diagnostics, morphology, localIntensity, statistics, histogram, ivh, glcm, glrlm, sizeZones, distanceZones, ngtdm, ngldm]

/** A family by id. */
export function family(id: Family): FeatureFamily {
  const f = FAMILY_REGISTRY.find((x) => x.id === id)
  if (!f) throw new Error(`no feature family "${id}" in the registry`)
  return f
}
