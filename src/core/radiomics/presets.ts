// Named presets (JSON files in ./presets), validated at load by validateSettings.
import { InputError } from '../errors.ts'
import { validateSettings, type RadiomicsSettings } from './settings.ts'
import digital from './presets/ibsi-digital-phantom.json'
import configA from './presets/ibsi-config-a.json'
import configB from './presets/ibsi-config-b.json'
import configC from './presets/ibsi-config-c.json'
import configD from './presets/ibsi-config-d.json'
import configE from './presets/ibsi-config-e.json'
import paper from './presets/paper.json'
import paperMerged from './presets/paper-merged.json'
import { PHASE2_IDS, phase2Settings } from './filters/ibsi2_configs.ts'

const RAW: Record<string, unknown> = {
  'ibsi-digital-phantom': digital,
  'ibsi-config-a': configA,
  'ibsi-config-b': configB,
  'ibsi-config-c': configC,
  'ibsi-config-d': configD,
  'ibsi-config-e': configE,
  paper,
  'paper-merged': paperMerged,
  // IBSI-2 phase 2 configurations 1.A … 9.B, generated from the configuration table
  ...Object.fromEntries(PHASE2_IDS.map((id) => [`ibsi2-phase2-${id}`, phase2Settings(id)])),
}

export const PRESET_NAMES = Object.keys(RAW)

/** A preset's validated settings (a fresh copy). */
export function loadPreset(name: string): RadiomicsSettings {
  const raw = RAW[name]
  if (!raw) throw new InputError(`unknown preset "${name}"; use one of ${PRESET_NAMES.join(', ')}`, undefined, '--preset')
  return validateSettings(structuredClone(raw), name)
}
