// The reference group of a grouping in the study's Cox models: the group with the best
// metastasis-free survival, i.e. the lowest event rate per person-time (events / Σ time),
// unless the plan names one (plan.survival.groupReference). The paper reports the HR of the
// worse groups against the best-prognosis group (Crombé, Lucchesi et al. 2024, Table 3), so
// that a worse group's HR is > 1; R's default (alphabetically first level) would give the
// reciprocals whenever group A is the worse one.

import { InputError } from '../errors.ts'
import { columnIndex, isMissing, parseNumber, type Table } from '../table/table.ts'
import type { StudyVariables } from './study_data.ts'

/** Events per person-time of each level of `grouping` among the rows with time, event and group. */
export function eventRates(t: Table, vars: StudyVariables, grouping: string): Map<string, { events: number; time: number; n: number }> {
  const gi = columnIndex(t, grouping), ti = columnIndex(t, vars.time), ei = columnIndex(t, vars.event)
  const out = new Map<string, { events: number; time: number; n: number }>()
  for (const r of t.rows) {
    const time = parseNumber(r[ti]), event = parseNumber(r[ei])
    if (isMissing(r[gi]) || time === null || time === undefined || event === null || event === undefined || !Number.isFinite(time) || !Number.isFinite(event)) continue
    const s = out.get(r[gi]) ?? { events: 0, time: 0, n: 0 }
    s.events += event > 0 ? 1 : 0
    s.time += time
    s.n++
    out.set(r[gi], s)
  }
  return out
}

/** The level with the lowest event rate (ties: the alphabetically first), null when none has follow-up. */
export function bestMfsGroup(t: Table, vars: StudyVariables, grouping: string): string | null {
  const levels = [...eventRates(t, vars, grouping).entries()].filter(([, s]) => s.time > 0)
  levels.sort((a, b) => a[1].events / a[1].time - b[1].events / b[1].time || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return levels[0]?.[0] ?? null
}

/** The plan's named reference of `grouping` if set ("" = best MFS), checked to occur. */
export function groupReference(t: Table, vars: StudyVariables, grouping: string, named = ''): string | null {
  if (!named) return bestMfsGroup(t, vars, grouping)
  const levels = [...eventRates(t, vars, grouping).keys()]
  if (!levels.includes(named)) throw new InputError(`reference group "${named}" of ${grouping} does not occur (groups: ${levels.sort().join(', ')}); change plan.survival.groupReference.${grouping}`, 'plan', `survival.groupReference.${grouping}`)
  return named
}
