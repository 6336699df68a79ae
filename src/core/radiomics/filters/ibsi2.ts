// IBSI-2 phase 1 by configuration id: the response map of a configuration of the table
// (ibsi2_configs.ts) on its digital phantom.
import { InputError } from '../../errors.ts'
import type { Volume } from '../../image/volume.ts'
import { PHASE1_CONFIGS, PHASE1_NOT_IMPLEMENTED, type Phase1Config } from './ibsi2_configs.ts'
import { applyFilter, validateFilter } from './index.ts'

export function phase1Config(id: string): Phase1Config {
  const c = PHASE1_CONFIGS.find((x) => x.id === id)
  if (!c && PHASE1_NOT_IMPLEMENTED[id]) throw new InputError(`IBSI-2 configuration ${id}: ${PHASE1_NOT_IMPLEMENTED[id]}`, undefined, '--config')
  if (!c) throw new InputError(`unknown IBSI-2 phase 1 configuration "${id}"; use one of ${PHASE1_CONFIGS.map((x) => x.id).join(', ')}`, undefined, '--config')
  return c
}

export function phase1Response(c: Phase1Config, phantom: Volume<Float64Array>): Volume<Float64Array> {
  return applyFilter(phantom, validateFilter(c.filter, `IBSI-2 configuration ${c.id}`))
}
