// Kaplan–Meier per group plus the log-rank test, from a clinical table: the record behind
// the `km` CLI command, the worker job and the survival page (one computation for all).

import { buildModelFrame } from './model_frame.ts'
import { kaplanMeier, survivalAt, type ConfType, type KaplanMeier, type SurvivalAt } from './kaplan_meier.ts'
import { logRank } from './logrank.ts'
import { columnIndex, type Table } from '../table/table.ts'

export interface KmGroupReport {
  group: string
  n: number
  events: number
  median: number | null
  medianLower: number | null
  medianUpper: number | null
  at: SurvivalAt[]
  curve: KaplanMeier
}

export interface KmReport {
  groups: KmGroupReport[]
  logrank: { chisq: number; df: number; p: number } | null
  /** rows dropped for a missing time, event or group */
  deleted: number
  /** e.g. no events: the log-rank p is NA */
  warnings?: string[]
}

export interface KmSpec {
  time: string
  event: string
  group?: string
  /** stratify the log-rank test by this column (survdiff's strata()) */
  strata?: string
  at?: number[]
  confType?: ConfType
}

/** KM curves per level of `group` (sorted levels; one group "all" without it) and the (optionally stratified) log-rank test. */
export function kmReport(t: Table, spec: KmSpec): KmReport {
  const used = [spec.group, spec.strata].filter((c): c is string => !!c)
  const frame = buildModelFrame(t, { time: spec.time, event: spec.event, covariates: used, factors: used })
  const gi = spec.group ? columnIndex(t, spec.group) : -1
  const si = spec.strata ? columnIndex(t, spec.strata) : -1
  const labels = Array.from(frame.rows, (r) => (gi >= 0 ? t.rows[r][gi] : 'all'))
  const levels = [...new Set(labels)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const groups = levels.map((g) => {
    const idx = labels.map((l, i) => (l === g ? i : -1)).filter((i) => i >= 0)
    const km = kaplanMeier(idx.map((i) => frame.time[i]), idx.map((i) => frame.status[i]), { confType: spec.confType })
    return { group: g, n: km.n, events: km.events, median: km.median, medianLower: km.medianLower, medianUpper: km.medianUpper, at: survivalAt(km, spec.at ?? []), curve: km }
  })
  const strata = si >= 0 ? Array.from(frame.rows, (r) => t.rows[r][si]) : undefined
  const lr = levels.length > 1 ? logRank(frame.time, frame.status, labels, strata) : null
  const out: KmReport = { groups, logrank: lr ? { chisq: lr.chisq, df: lr.df, p: lr.p } : null, deleted: frame.deleted }
  if (lr && lr.df < 0) out.warnings = [`no events among the ${frame.n} patients: the log-rank test is not defined (p NA, as R survdiff)`]
  return out
}
