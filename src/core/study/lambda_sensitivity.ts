// Sensitivity of the HSCAE grouping to the weight λ of its Cox partial-likelihood loss
// (loss = MSE + λ·Cox). The worst HSCAE group changed between λ = 0.05 and 0.005 on the
// demo cohort (docs/status/deep.md), so the report shows, for each λ of the plan
// (plan.deep.sensitivityLambdas, default 0, 0.005, 0.05), the HSCAE trained with it: the
// groups (size, events, training / testing), the univariable and multivariable Cox HRs of
// the groups against their best-MFS group, the log-rank p, the worst group (highest event
// rate), the agreement with the study's HSCAE grouping (adjusted Rand index), the risk
// head's training C-index and the test reconstruction error. Only the analysis: training
// runs in run_study.ts (each λ other than plan.deep.lambda is one more HSCAE step).

import { columnIndex, type Table } from '../table/table.ts'
import type { CoxTerm } from '../stats/cox.ts'
import { adjustedRandIndex } from '../cluster/ari.ts'
import type { StudyVariables } from './study_data.ts'
import type { AnalysisPlan } from './plan.ts'
import type { DeepGroups } from './groupings.ts'
import { survivalOf } from './analyses.ts'
import { eventRates } from './group_reference.ts'
import { DERIVED } from './study_table.ts'

/** One HSCAE trained with one λ: what the analysis needs of deepGroups' result. */
export interface LambdaRun {
  lambda: number
  groups: Record<string, string>
  metrics: Pick<DeepGroups['metrics'], 'relativeMsePercent' | 'cindex'>
}

export interface LambdaGroup {
  group: string
  n: number
  events: number
  train: number
  test: number
}

export interface LambdaSensitivityRow {
  lambda: number
  /** the plan's λ: this row's grouping is the study's HSCAE grouping */
  main: boolean
  groups: LambdaGroup[]
  /** the Cox reference: the best-MFS group */
  reference: string | null
  /** highest events per person-time */
  worst: string | null
  /** HR of each group against the reference (univariable), and adjusted for the study's clinical covariates */
  univariable: CoxTerm[]
  multivariable: CoxTerm[]
  logrankP: number | null
  /** adjusted Rand index with the study's HSCAE grouping (1 for the plan's λ) */
  ariWithMain: number | null
  cindexTrain: number
  relativeMseTestPercent: number
  /** why the survival models are missing (one group, no event …) */
  note?: string
}

export interface LambdaSensitivity {
  /** the plan's λ (the study's HSCAE) */
  lambda: number
  rows: LambdaSensitivityRow[]
}

/** The grouping column this analysis adds to a copy of the analysis table. */
export const LAMBDA_COLUMN = 'hscae_lambda'

/** The λ values to train: the plan's list in order, each once. */
export function sensitivityLambdas(plan: AnalysisPlan): number[] {
  if (!plan.deep.enabled || !plan.deep.sensitivity) return []
  return [...new Set(plan.deep.sensitivityLambdas ?? [])]
}

/** The table with one grouping column (patient id → group) appended; patients without a group get ''. */
function withGrouping(t: Table, vars: StudyVariables, groups: Record<string, string>): Table {
  const id = columnIndex(t, vars.id)
  return { ...t, columns: [...t.columns, LAMBDA_COLUMN], rows: t.rows.map((r) => [...r, groups[r[id]] ?? '']) }
}

/** The λ table from the HSCAE runs and the study's analysis table (which has the cohort column and the study's `hscae` grouping). */
export function lambdaSensitivity(table: Table, vars: StudyVariables, runs: LambdaRun[], plan: AnalysisPlan, cohortColumn: string = DERIVED.cohort): LambdaSensitivity {
  const main = runs.find((r) => r.lambda === plan.deep.lambda)?.groups
  const rows = runs.map((run): LambdaSensitivityRow => {
    const t = withGrouping(table, vars, run.groups)
    const gi = columnIndex(t, LAMBDA_COLUMN), ci = t.columns.indexOf(cohortColumn)
    const rates = eventRates(t, vars, LAMBDA_COLUMN)
    const groups = [...rates.entries()].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([group, s]) => {
      const inGroup = t.rows.filter((r) => r[gi] === group)
      return { group, n: s.n, events: s.events, train: ci < 0 ? NaN : inGroup.filter((r) => r[ci] === 'train').length, test: ci < 0 ? NaN : inGroup.filter((r) => r[ci] === 'test').length }
    })
    let worst: string | null = null, worstRate = -1
    for (const [g, s] of rates) if (s.time > 0 && s.events / s.time > worstRate) [worst, worstRate] = [g, s.events / s.time]
    const ids = Object.keys(run.groups).filter((id) => main?.[id] !== undefined)
    const ariWithMain = main && ids.length > 1 ? adjustedRandIndex(ids.map((id) => run.groups[id]), ids.map((id) => main[id])) : null
    const base = { lambda: run.lambda, main: run.lambda === plan.deep.lambda, groups, worst, ariWithMain, cindexTrain: run.metrics.cindex.train, relativeMseTestPercent: run.metrics.relativeMsePercent.test }
    try {
      const s = survivalOf(t, vars, LAMBDA_COLUMN, { ...plan, survival: { ...plan.survival, groupReference: {} } })
      const own = (terms: CoxTerm[]) => terms.filter((x) => x.term.startsWith(`${LAMBDA_COLUMN}=`))
      const univariable = own(s.univariable)
      const note = univariable.length ? undefined : `not estimable: ${groups.length < 2 ? 'a single group' : s.warnings[0] ?? 'no Cox estimate'}`
      return { ...base, reference: s.reference, univariable, multivariable: own(s.multivariable), logrankP: s.logrankP, ...(note ? { note } : {}) }
    } catch (e) {
      return { ...base, reference: null, univariable: [], multivariable: [], logrankP: null, note: `not estimable: ${(e as Error).message}` }
    }
  })
  return { lambda: plan.deep.lambda, rows }
}

/** "hscae_lambda=B" → "B" */
export function lambdaTermGroup(term: string): string {
  return term.startsWith(`${LAMBDA_COLUMN}=`) ? term.slice(LAMBDA_COLUMN.length + 1) : term
}
