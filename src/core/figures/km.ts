// Kaplan–Meier figure specification: step curves per group with censor ticks, the legend
// naming the variable ("HSCAE group = 2 (n = 31)"), x axis "MFS (months)", the log-rank p
// (one formatter, src/core/math/pvalue.ts) and the numbers at risk at the x axis' ticks.

import { pLabel } from '../math/pvalue.ts'
import { groupColour, niceTicks, type KmSpec } from './spec.ts'

/** A group's Kaplan–Meier estimate, as the stats engine returns it (structural). */
export interface KmGroupInput {
  level: string
  n: number
  events?: number
  curve: { time: ArrayLike<number>; surv: ArrayLike<number>; nCensor: ArrayLike<number>; nRisk: ArrayLike<number> }
}

export interface KmFigureInput {
  id: string
  /** the grouping variable as readers know it: "HSCAE group", "Grade" */
  variable: string
  groups: KmGroupInput[]
  logrankP: number | null
  /** end point and unit of the time axis */
  endpoint?: string
  unit?: string
  title?: string
}

/** Patients still at risk just before time t (the risk set of the first event time ≥ t). */
export function atRisk(c: KmGroupInput['curve'], n: number, t: number): number {
  if (t <= 0) return n
  for (let i = 0; i < c.time.length; i++) if (c.time[i] >= t) return c.nRisk[i]
  return 0
}

export function kmSpec(input: KmFigureInput): KmSpec {
  const endpoint = input.endpoint ?? 'MFS'
  const unit = input.unit ?? 'months'
  const tmax = Math.max(1, ...input.groups.flatMap((g) => Array.from(g.curve.time)))
  const ticks = niceTicks(0, tmax, 6).filter((t) => t <= tmax * 1.0001)
  const curves = input.groups.map((g, i) => {
    const time: number[] = [], surv: number[] = [], censorTime: number[] = [], censorSurv: number[] = []
    for (let j = 0; j < g.curve.time.length; j++) {
      time.push(g.curve.time[j])
      surv.push(g.curve.surv[j])
      if (g.curve.nCensor[j] > 0) {
        censorTime.push(g.curve.time[j])
        censorSurv.push(g.curve.surv[j])
      }
    }
    return { name: `${input.variable} = ${g.level} (n = ${g.n})`, colour: groupColour(i), time, surv, censorTime, censorSurv }
  })
  const rows = input.groups.map((g, i) => ({ name: `${g.level}`, colour: groupColour(i), n: ticks.map((t) => atRisk(g.curve, g.n, t)) }))
  const note = input.logrankP === null ? '' : `log-rank ${pLabel(input.logrankP)}`
  return {
    kind: 'km',
    id: input.id,
    title: input.title ?? `${endpoint} by ${input.variable}`,
    caption: `Kaplan–Meier estimates of ${endpoint === 'MFS' ? 'metastasis-free survival' : endpoint} by ${input.variable}, censored patients as ticks; numbers at risk under the time axis${note ? `; ${note}` : ''}.`,
    width: 620,
    height: 400 + 18 * rows.length,
    x: { title: `${endpoint} (${unit})`, scale: 'linear', range: [0, ticks[ticks.length - 1] > tmax ? ticks[ticks.length - 1] : tmax], ticks },
    y: { title: `${endpoint} probability`, scale: 'linear', range: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] },
    curves,
    note,
    risk: { times: ticks, rows },
  }
}
