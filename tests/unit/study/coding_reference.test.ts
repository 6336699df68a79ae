// The coding's reference levels reach the Cox models (ST2 and the multivariable model of
// Table 3): on a simulated cohort written with the paper's raw spellings, where the paper's
// reference of each variable is its best-prognosis level (M/RC LPS; grade I–II; R0;
// radiotherapy "yes"), every worse level's HR is > 1, and equals the HR of a Cox model fitted
// here on 0/1 indicator columns built from the raw values independently of coding.ts.
import { describe, expect, it } from 'vitest'
import { codedStudyTable } from '../../../src/core/study/study_table.ts'
import { st2Table } from '../../../src/core/study/supplementary.ts'
import { survivalOf } from '../../../src/core/study/analyses.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { defaultPlan } from '../../../src/core/study/plan.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { coxph } from '../../../src/core/stats/cox.ts'
import { createRng } from '../../../src/core/random.ts'
import type { Table } from '../../../src/core/table/table.ts'

const HISTO = ['Myxoid/round cells LPS', 'UPS', 'Dedifferentiated LPS']
const n = 240
const rng = createRng(15)
const raw: { histo: string; grade: string; margins: string; rt: string; group: string }[] = []
const rows: string[][] = []
for (let i = 0; i < n; i++) {
  const histo = HISTO[i % 3]
  const grade = rng.next() < 0.5 ? '3' : rng.next() < 0.5 ? '1' : '2'
  const margins = rng.next() < 0.3 ? (rng.next() < 0.5 ? 'R1' : 'R2') : 'R0'
  const rt = rng.next() < 0.6 ? '1' : '0'
  const group = rng.next() < 0.5 ? 'A' : 'B'
  // log-hazard: UPS +1.2, DD LPS +0.8 vs M/RC LPS; grade 3 +1; R1/R2 +0.7; no radiotherapy +0.6; group A +0.8
  const lp = (histo === 'UPS' ? 1.2 : histo === 'Dedifferentiated LPS' ? 0.8 : 0) + (grade === '3' ? 1 : 0) + (margins === 'R0' ? 0 : 0.7) + (rt === '0' ? 0.6 : 0) + (group === 'A' ? 0.8 : 0)
  const t = -Math.log(1 - rng.next()) / (0.01 * Math.exp(lp))
  const c = 12 + rng.next() * 100
  raw.push({ histo, grade, margins, rt, group })
  rows.push([`P${i}`, (Math.min(t, c) + 0.01).toFixed(3), t <= c ? '1' : '0', histo, grade, margins, '0', rt, '60', group])
}
const clinical: Table = { name: 'clinical.csv', columns: ['patient_id', 'mfs_time', 'mfs_event', 'histotype', 'grade', 'margins', 'chemotherapy', 'radiotherapy', 'sarculator_os10', 'hrf'], rows }
const ids = rows.map((r) => r[0])
const groups = { hrf: Object.fromEntries(ids.map((id, i) => [id, raw[i].group])) }
const { table } = codedStudyTable({ ...clinical, columns: clinical.columns.slice(0, -1), rows: rows.map((r) => r.slice(0, -1)) }, DEMO_VARIABLES, ids, ids.map(() => 'train'), groups, [51, 66])

/** HRs of a Cox model on 0/1 indicators written here from the raw values (no factor coding). */
function indicatorFit(ind: Record<string, (i: number) => number>) {
  const names = Object.keys(ind)
  const t: Table = { name: 'ind', columns: ['time', 'event', ...names], rows: rows.map((r, i) => [r[1], r[2], ...names.map((k) => String(ind[k](i)))]) }
  const fit = coxph(buildModelFrame(t, { time: 'time', event: 'event', covariates: names, factors: [] }))
  return Object.fromEntries(fit.terms.map((x) => [x.term, x.hr]))
}

describe('coding reference levels in the Cox models', () => {
  const st2 = st2Table(table, DEMO_VARIABLES, defaultPlan())
  const row = (v: string) => st2.find((r) => r.variable === v)!
  it('ST2: each variable against the paper’s reference, the worse levels’ HR > 1, equal to an indicator model', () => {
    const h = row('histotype_cat')
    expect(h.reference).toBe('M/RC LPS')
    expect(h.terms.map((x) => x.term).sort()).toEqual(['histotype_cat=DD LPS', 'histotype_cat=UPS'])
    const hi = indicatorFit({ ups: (i) => +(raw[i].histo === 'UPS'), dd: (i) => +(raw[i].histo === 'Dedifferentiated LPS') })
    for (const [term, key] of [['histotype_cat=UPS', 'ups'], ['histotype_cat=DD LPS', 'dd']] as const) {
      const x = h.terms.find((y) => y.term === term)!
      expect(x.hr, term).toBeGreaterThan(1)
      expect(x.hr).toBeCloseTo(hi[key], 8)
    }
    const cases: [string, string, string, (i: number) => number][] = [
      ['grade_III', 'I-II', 'grade_III=III', (i) => +(raw[i].grade === '3')],
      ['margins_R1R2', 'R0', 'margins_R1R2=R1-R2', (i) => +(raw[i].margins !== 'R0')],
      ['radiotherapy_yn', 'yes', 'radiotherapy_yn=no', (i) => +(raw[i].rt === '0')],
    ]
    for (const [v, ref, term, ind] of cases) {
      const r = row(v)
      expect(r.reference, v).toBe(ref)
      expect(r.terms.map((x) => x.term)).toEqual([term])
      expect(r.terms[0].hr, term).toBeGreaterThan(1)
      expect(r.terms[0].hr).toBeCloseTo(indicatorFit({ x: ind }).x, 8)
    }
  })
  it('Table 3 multivariable: the grouping against its best-MFS group and the covariates against the coding’s references', () => {
    const s = survivalOf(table, DEMO_VARIABLES, 'hrf', defaultPlan())
    expect(s.reference).toBe('B')
    const terms = Object.fromEntries(s.multivariable.map((x) => [x.term, x.hr]))
    for (const t of ['hrf=A', 'histotype_cat=UPS', 'histotype_cat=DD LPS', 'grade_III=III', 'margins_R1R2=R1-R2', 'radiotherapy_yn=no']) {
      expect(terms[t], t).toBeGreaterThan(1)
    }
    expect(s.warnings.filter((w) => /reference level/.test(w))).toEqual([])
    const ind = indicatorFit({
      a: (i) => +(raw[i].group === 'A'),
      ups: (i) => +(raw[i].histo === 'UPS'),
      dd: (i) => +(raw[i].histo === 'Dedifferentiated LPS'),
      g3: (i) => +(raw[i].grade === '3'),
      rt0: (i) => +(raw[i].rt === '0'),
      r12: (i) => +(raw[i].margins !== 'R0'),
    })
    // chemotherapy is "no" for all: a single level, so it drops out of the model like a constant column
    expect(terms['hrf=A']).toBeCloseTo(ind.a, 6)
    expect(terms['histotype_cat=UPS']).toBeCloseTo(ind.ups, 6)
    expect(terms['grade_III=III']).toBeCloseTo(ind.g3, 6)
    expect(terms['radiotherapy_yn=no']).toBeCloseTo(ind.rt0, 6)
    expect(terms['margins_R1R2=R1-R2']).toBeCloseTo(ind.r12, 6)
  })
})
