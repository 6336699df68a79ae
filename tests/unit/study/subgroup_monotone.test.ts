// A subgroup grouping with a level that has no event gives a monotone Cox likelihood (β → ∞):
// the UPS table must say so beside the HR instead of printing a huge HR as if it were measured.
import { describe, expect, it } from 'vitest'
import { codedStudyTable } from '../../../src/core/study/study_table.ts'
import { upsSubgroup } from '../../../src/core/study/supplementary.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { defaultPlan } from '../../../src/core/study/plan.ts'
import { createRng } from '../../../src/core/random.ts'
import type { Table } from '../../../src/core/table/table.ts'

function cohort(noEventInUpsB: boolean) {
  const rng = createRng(21)
  const rows: string[][] = []
  const group: Record<string, string> = {}
  for (let i = 0; i < 120; i++) {
    const histo = i % 2 ? 'UPS' : 'Myxoid/round cells LPS'
    const g = rng.next() < 0.5 ? 'A' : 'B'
    const t = -Math.log(1 - rng.next()) / (0.02 * Math.exp(g === 'A' ? 0.7 : 0))
    const c = 12 + rng.next() * 100
    const event = t <= c && !(noEventInUpsB && histo === 'UPS' && g === 'B') ? '1' : '0'
    rows.push([`P${i}`, (Math.min(t, c) + 0.01).toFixed(3), event, histo, '3', 'R0', '0', '1', '60'])
    group[`P${i}`] = g
  }
  const clinical: Table = { name: 'clinical.csv', columns: ['patient_id', 'mfs_time', 'mfs_event', 'histotype', 'grade', 'margins', 'chemotherapy', 'radiotherapy', 'sarculator_os10'], rows }
  const ids = rows.map((r) => r[0])
  return codedStudyTable(clinical, DEMO_VARIABLES, ids, ids.map(() => 'train'), { hrf: group }, [51, 66]).table
}

describe('UPS subgroup: monotone likelihood', () => {
  it('a group without events: the HR row carries the "monotone likelihood" note', () => {
    const ups = upsSubgroup(cohort(true), DEMO_VARIABLES, ['hrf'], defaultPlan())!
    const g = ups.groupings.find((x) => x.grouping === 'hrf')!
    expect(g.groups.find((x) => x.group === 'B')!.events).toBe(0)
    expect(g.terms.length).toBe(1)
    expect(g.note).toMatch(/monotone likelihood/)
  })
  it('events in every group: no note', () => {
    const ups = upsSubgroup(cohort(false), DEMO_VARIABLES, ['hrf'], defaultPlan())!
    const g = ups.groupings.find((x) => x.grouping === 'hrf')!
    expect(g.groups.every((x) => x.events > 0)).toBe(true)
    expect(g.terms[0].hr).toBeGreaterThan(0)
    expect(g.note).toBeUndefined()
  })
})
