// Group reference = the best-MFS group (src/core/study/group_reference.ts): on a hand-made
// table where group A (alphabetically first) has the worse MFS, the study's Cox models take
// B as reference, so A's HR is > 1 and is the reciprocal of the HR with R's default
// reference (coxph on the same frame with A as reference); a plan-named reference wins.
import { describe, expect, it } from 'vitest'
import { bestMfsGroup, eventRates, groupReference } from '../../../src/core/study/group_reference.ts'
import { survivalOf } from '../../../src/core/study/analyses.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { defaultPlan, mergePlan } from '../../../src/core/study/plan.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { coxph } from '../../../src/core/stats/cox.ts'
import type { Table } from '../../../src/core/table/table.ts'

// A: 8 patients, 6 events, short follow-up; B: 8 patients, 2 events, long follow-up
const rows: string[][] = []
for (let i = 0; i < 8; i++) rows.push([`A${i}`, String(5 + 3 * i), i < 6 ? '1' : '0', 'A'])
for (let i = 0; i < 8; i++) rows.push([`B${i}`, String(20 + 7 * i), i % 4 === 0 ? '1' : '0', 'B'])
const t: Table = { name: 'hand.csv', columns: ['patient_id', 'mfs_time', 'mfs_event', 'hrf'], rows }

describe('group reference', () => {
  it('is the level with the lowest events per person-time', () => {
    const r = eventRates(t, DEMO_VARIABLES, 'hrf')
    // independent count
    const sum = (g: string, j: number) => rows.filter((x) => x[3] === g).reduce((a, x) => a + Number(x[j]), 0)
    expect(r.get('A')).toEqual({ events: sum('A', 2), time: sum('A', 1), n: 8 })
    expect(r.get('B')).toEqual({ events: sum('B', 2), time: sum('B', 1), n: 8 })
    expect(sum('A', 2) / sum('A', 1)).toBeGreaterThan(sum('B', 2) / sum('B', 1))
    expect(bestMfsGroup(t, DEMO_VARIABLES, 'hrf')).toBe('B')
  })
  it('makes the HR of the worse group > 1, the reciprocal of the alphabetical reference', () => {
    const s = survivalOf(t, DEMO_VARIABLES, 'hrf', defaultPlan())
    expect(s.reference).toBe('B')
    expect(s.univariable).toHaveLength(1)
    expect(s.univariable[0].term).toBe('hrf=A')
    expect(s.univariable[0].hr).toBeGreaterThan(1)
    const alpha = coxph(buildModelFrame(t, { time: 'mfs_time', event: 'mfs_event', covariates: ['hrf'], factors: ['hrf'] })).terms[0]
    expect(alpha.term).toBe('hrf=B')
    expect(s.univariable[0].hr).toBeCloseTo(1 / alpha.hr, 10)
    expect(s.univariable[0].p).toBeCloseTo(alpha.p, 10)
  })
  it('takes the plan’s named reference, and rejects one that does not occur', () => {
    const plan = mergePlan(defaultPlan(), { survival: { groupReference: { hrf: 'A' } } })
    const s = survivalOf(t, DEMO_VARIABLES, 'hrf', plan)
    expect(s.reference).toBe('A')
    expect(s.univariable[0].term).toBe('hrf=B')
    expect(s.univariable[0].hr).toBeLessThan(1)
    expect(() => groupReference(t, DEMO_VARIABLES, 'hrf', 'C')).toThrow(/reference group "C" of hrf does not occur \(groups: A, B\)/)
  })
})
