// Metastasis-free survival at fixed times (the paper: 2 and 5 years) for the whole analysed
// cohort and per group of each grouping: Kaplan–Meier estimates with log-transformed 95% CIs
// and the numbers at risk (stats/km_report.ts, = R survival::summary(survfit, times)).

import type { Table } from '../table/table.ts'
import { kmReport } from '../stats/km_report.ts'
import type { SurvivalAt } from '../stats/kaplan_meier.ts'
import type { StudyVariables } from './study_data.ts'

export interface MfsRow {
  group: string
  n: number
  events: number
  /** one entry per time (months), in the order of `times` */
  at: SurvivalAt[]
}

export interface MfsSummary {
  /** months: 24 and 60 (2 and 5 years) */
  times: number[]
  overall: MfsRow
  /** per grouping, one row per group */
  groupings: Record<string, MfsRow[]>
}

export const MFS_TIMES = [24, 60]

/** 2- and 5-year MFS overall and per group of each grouping (patients with the grouping). */
export function mfsSummary(t: Table, vars: StudyVariables, groupings: string[], times: number[] = MFS_TIMES): MfsSummary {
  const all = kmReport(t, { time: vars.time, event: vars.event, at: times }).groups[0]
  const out: MfsSummary = { times, overall: { group: 'all', n: all.n, events: all.events, at: all.at }, groupings: {} }
  for (const g of groupings) {
    if (!t.columns.includes(g)) continue
    out.groupings[g] = kmReport(t, { time: vars.time, event: vars.event, group: g, at: times }).groups.map((k) => ({ group: k.group, n: k.n, events: k.events, at: k.at }))
  }
  return out
}
