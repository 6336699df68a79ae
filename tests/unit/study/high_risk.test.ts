// The composite semantic "high-risk" radiophenotype (≥ 2 of necrosis, peritumoral
// enhancement, heterogeneous T2 signal), derived in the analysis table and tested in Table 2
// like the other semantic features: on a hand-made table, the derived column equals a count
// done here, and its association row equals associationTable on that column.
import { describe, expect, it } from 'vitest'
import { codedStudyTable, highRiskPhenotype } from '../../../src/core/study/study_table.ts'
import { buildTable2 } from '../../../src/core/study/analyses.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { associationTable } from '../../../src/core/stats/association.ts'
import type { Table } from '../../../src/core/table/table.ts'

const sem: [string, string, string][] = [
  ['1', '1', '0'], ['1', '0', '0'], ['0', '0', '0'], ['1', '1', '1'], ['0', '1', '1'], ['', '1', '1'], ['', '1', '0'], ['', '', '0'], ['0', '', '0'], ['1', '0', '1'],
  ['0', '0', '1'], ['1', '1', '0'], ['0', '1', '0'], ['1', '0', '1'], ['0', '0', '0'], ['1', '1', '1'],
]
const clinical: Table = {
  name: 'clinical.csv',
  columns: ['patient_id', 'mfs_time', 'mfs_event', 'histotype', 'grade', 'margins', 'sarculator_os10', 'necrosis', 'peritumoral_enhancement', 'heterogeneous_t2'],
  rows: sem.map((v, i) => [`P${i}`, String(10 + i), String(i % 2), 'UPS', String(1 + (i % 3)), 'R0', '50', ...v]),
}
const ids = clinical.rows.map((r) => r[0])

describe('high-risk radiophenotype', () => {
  it('is 1 with at least 2 of 3 features, 0 when fewer than 2 can be present, else missing', () => {
    expect(highRiskPhenotype(['1', '1', '0'])).toBe('1')
    expect(highRiskPhenotype(['1', '0', '0'])).toBe('0')
    expect(highRiskPhenotype(['', '1', '1'])).toBe('1')
    expect(highRiskPhenotype(['', '1', '0'])).toBe('')
    expect(highRiskPhenotype(['', '', '0'])).toBe('')
    expect(highRiskPhenotype(['', '0', '0'])).toBe('0')
    expect(highRiskPhenotype(['yes', 'Yes', 'no'])).toBe('1')
  })
  it('is derived in the analysis table and tested in Table 2 like the semantic features', () => {
    const groups = { hrf: Object.fromEntries(ids.map((id, i) => [id, i < 8 ? 'A' : 'B'])) }
    const { table } = codedStudyTable(clinical, DEMO_VARIABLES, ids, ids.map(() => 'train'), groups, [51, 66])
    const col = table.columns.indexOf('semantic_high_risk')
    // independent count
    const expected = sem.map((v) => {
      const yes = v.filter((x) => x === '1').length, miss = v.filter((x) => x === '').length
      return yes >= 2 ? '1' : yes + miss < 2 ? '0' : ''
    })
    expect(table.rows.map((r) => r[col])).toEqual(expected)
    expect(expected.filter((x) => x === '1').length).toBe(8)
    const t2 = buildTable2(table, DEMO_VARIABLES, ['hrf'])
    const row = t2.associations.hrf.find((a) => a.variable === 'semantic_high_risk')!
    expect(row).toBeDefined()
    const direct = associationTable({ ...table, rows: table.rows }, 'hrf', ['semantic_high_risk'])[0]
    expect(row.test).toBe(direct.test)
    expect(row.p).toBeCloseTo(direct.p!, 12)
    expect(row.n).toBe(expected.filter((x) => x !== '').length)
    // the three features are still tested
    for (const f of DEMO_VARIABLES.semantic) expect(t2.associations.hrf.some((a) => a.variable === f)).toBe(true)
  })
  it('is absent when the three features are not all mapped', () => {
    const vars = { ...DEMO_VARIABLES, semantic: ['necrosis', 'heterogeneous_t2'] }
    const { table } = codedStudyTable(clinical, vars, ids, ids.map(() => 'train'), {}, [51, 66])
    expect(table.columns).not.toContain('semantic_high_risk')
  })
})
