// Table 2 with per-group n (%) for categorical and mean ± SD for continuous variables beside
// the test (analyses.ts buildTable2 + report/build.ts table2Report): every cell equals a
// count or a mean/SD computed here, independently, from the hand-made table.
import { describe, expect, it } from 'vitest'
import { buildTable2 } from '../../../src/core/study/analyses.ts'
import { table2Report } from '../../../src/core/study/report/build.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import type { Table } from '../../../src/core/table/table.ts'

const n = 30
const rows: string[][] = []
for (let i = 0; i < n; i++) {
  const g = i % 3 === 0 ? 'A' : i % 3 === 1 ? 'B' : 'C'
  rows.push([`P${i}`, String(30 + ((i * 17) % 90)), ['UPS', 'leiomyosarcoma', 'myxofibrosarcoma'][(i * 7) % 3], String(1 + ((i * 5) % 3)), i % 4 === 0 ? '' : String((i * 11) % 2), g])
}
const t: Table = { name: 't', columns: ['patient_id', 'size_mm', 'histotype', 'grade', 'necrosis', 'hrf'], rows }
const vars = { ...DEMO_VARIABLES, semantic: ['necrosis'] }

describe('Table 2 per-group cells', () => {
  const t2 = buildTable2(t, vars, ['hrf'])
  const rep = table2Report(t2)
  const col = (name: string) => rep.columns.indexOf(name)
  const groups = ['A', 'B', 'C']
  it('has one column per group beside the test', () => {
    expect(rep.columns).toEqual(['Grouping', 'Variable', 'Level', 'Group A', 'Group B', 'Group C', 'Test', 'Statistic', 'n', 'p', 'adjusted p (BH)'])
  })
  it('gives n (%) of each level per group, counted here', () => {
    for (const [column, label] of [['histotype', 'Histotype'], ['grade', 'FNCLCC grade'], ['necrosis', 'Necrosis']] as const) {
      const j = t.columns.indexOf(column)
      const start = rep.rows.findIndex((r) => r[1] === label)
      expect(start, label).toBeGreaterThanOrEqual(0)
      const levels = [...new Set(rows.map((r) => r[j]).filter((v) => v !== ''))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      levels.forEach((lv, k) => {
        const row = rep.rows[start + k]
        for (const g of groups) {
          const inG = rows.filter((r) => r[5] === g && r[j] !== '')
          const c = inG.filter((r) => r[j] === lv).length
          expect(row[col(`Group ${g}`)], `${column} ${lv} ${g}`).toBe(`${c} (${((100 * c) / inG.length).toFixed(1)}%)`)
        }
      })
      const a = t2.associations.hrf.find((x) => x.variable === column)!
      expect(rep.rows[start][col('p')]).toBe(a.p)
      expect(rep.rows[start][col('Test')]).toBe(a.test)
      expect(rep.rows[start][col('n')]).toBe(rows.filter((r) => r[j] !== '').length)
    }
  })
  it('gives mean ± SD of continuous variables per group, computed here', () => {
    const row = rep.rows.find((r) => r[1] === 'Size (mm)')!
    expect(row[2]).toBe('mean ± SD')
    for (const g of groups) {
      const x = rows.filter((r) => r[5] === g).map((r) => Number(r[1]))
      const m = x.reduce((a, b) => a + b, 0) / x.length
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1))
      expect(row[col(`Group ${g}`)]).toBe(`${m.toFixed(1)} ± ${sd.toFixed(1)}`)
    }
    expect(row[col('Test')]).toBe(t2.associations.hrf.find((x) => x.variable === 'size_mm')!.test)
  })
})
