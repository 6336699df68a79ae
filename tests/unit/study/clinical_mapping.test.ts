// `study --mapping`: a hospital's version of the demo clinical table — renamed columns,
// local codes (sex male/female, chemotherapy none/neoadjuvant, histotype spellings) and
// dates (diagnosis, relapse, last follow-up) instead of MFS time/event — mapped back gives
// the demo's table: every variable identical, the event identical, MFS times within half a
// day (dates hold whole days) and in the same order, so rank-based survival analyses (Cox
// partial likelihood, log-rank) see the same data; unlisted codes and bad dates are refused.
import { describe, it, expect } from 'vitest'
import { generateDemoCohort, demoClinicalTable } from '../../../src/core/demo/index.ts'
import { applyClinicalMapping, parseDate, parseMappingFile } from '../../../src/core/study/clinical_mapping.ts'
import { guessMapping } from '../../../src/core/study/import.ts'
import { numericColumn } from '../../../src/core/table/table.ts'
import { D, hospitalMapping, hospitalTable as hospitalTableOf } from './hospital_table.ts'

const demo = demoClinicalTable(generateDemoCohort({ seed: 3, patients: 60 }))
const HISTO: Record<string, string> = {}
const hospitalTable = () => hospitalTableOf(demo, HISTO)

describe('clinical mapping file', () => {
  const mapping = () => parseMappingFile(hospitalMapping(demo, HISTO), 'mapping.json')

  it("reproduces the demo's clinical variables from renamed columns, local codes and dates", () => {
    const hosp = hospitalTable()
    const { table, mapping: cm } = applyClinicalMapping(hosp, mapping())
    const g = guessMapping(demo.columns)
    for (const [k, c] of Object.entries(g)) {
      if (!c || k === 'time') continue
      const a = demo.rows.map((r) => r[demo.columns.indexOf(c)])
      const b = table.rows.map((r) => r[table.columns.indexOf(cm[k])])
      expect(b, k).toEqual(a)
    }
    const t0 = numericColumn(demo, g.time), t1 = numericColumn(table, cm.time)
    let worst = 0
    for (let i = 0; i < t0.length; i++) worst = Math.max(worst, Math.abs(t0[i] - t1[i]))
    expect(worst).toBeLessThanOrEqual(0.5 / D + 1e-9)
    const order = (t: ArrayLike<number>) => Array.from(t, (_, i) => i).sort((a, b) => t[a] - t[b] || a - b)
    expect(order(t1)).toEqual(order(t0))
  })

  it('refuses a code the recoding does not list, naming row, column and value', () => {
    const hosp = hospitalTable()
    hosp.rows[4][hosp.columns.indexOf('Chemo')] = 'adjuvant'
    expect(() => applyClinicalMapping(hosp, mapping(), 'mapping.json')).toThrow(/hospital\.csv, row 6, column "Chemo": value "adjuvant" has no recoding for "chemotherapy"/)
  })

  it('refuses a bad date and a follow-up before diagnosis', () => {
    const hosp = hospitalTable()
    hosp.rows[0][hosp.columns.indexOf('Last news')] = '31/02/2011'
    expect(() => applyClinicalMapping(hosp, mapping())).toThrow(/row 2, column "Last news": "31\/02\/2011" is not a date/)
    expect(parseDate('2011-03-04')).toBe(Date.UTC(2011, 2, 4) / 86400000)
    expect(parseDate('04/03/2011', 'MM/DD/YYYY')).toBe(Date.UTC(2011, 3, 3) / 86400000)
  })

  it('reads the flat ClinicalMapping the app keeps, and refuses unknown variables', () => {
    expect(parseMappingFile({ id: 'NIP', time: 't', event: 'e' }).columns).toEqual({ id: 'NIP', time: 't', event: 'e' })
    expect(() => parseMappingFile({ columns: { tumour_colour: 'x' } }, 'm.json')).toThrow(/m\.json, columns\.tumour_colour: unknown study variable/)
  })
})
