// The plan's variable coding (src/core/study/coding.ts): every histotype spelling of the
// paper's Table 1 (Crombé, Lucchesi et al. 2024) with case and spacing variants reaches its
// SARCULATOR category, grade / margins / treatments reach the paper's two levels, the
// reference levels are the paper's, and the analysis table carries the coding applied.
import { describe, expect, it } from 'vitest'
import { codeColumn, compileCoding, defaultCoding, histotypeCategory } from '../../../src/core/study/coding.ts'
import { codedStudyTable } from '../../../src/core/study/study_table.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { defaultPlan, mergePlan } from '../../../src/core/study/plan.ts'
import type { Table } from '../../../src/core/table/table.ts'

const PAPER: [string, string][] = [
  ['Myxoid/round cells LPS', 'M/RC LPS'],
  ['Dedifferentiated LPS', 'DD LPS'],
  ['Pleomorphic LPS', 'pleomorphic LPS'],
  ['UPS', 'UPS'],
  ['Leiomyosarcoma', 'leiomyosarcoma'],
  ['Myxofibrosarcoma', 'myxofibrosarcoma'],
  ['Synovial sarcoma', 'synovial sarcoma'],
  ['MPNST', 'MPNST'],
  ['Other', 'other'],
]
const LONG: [string, string][] = [
  ['myxoid/round cell liposarcoma', 'M/RC LPS'],
  ['Myxoid liposarcoma', 'M/RC LPS'],
  ['dedifferentiated liposarcoma', 'DD LPS'],
  ['DDLPS', 'DD LPS'],
  ['pleomorphic liposarcoma', 'pleomorphic LPS'],
  ['undifferentiated pleomorphic sarcoma', 'UPS'],
  ['malignant peripheral nerve sheath tumour', 'MPNST'],
  ['well-differentiated liposarcoma', 'other'],
  ['extraskeletal myxoid chondrosarcoma', 'other'],
  ['angiosarcoma', 'other'],
  // abbreviations and plurals as hospital tables write them
  ['M/RC LPS', 'M/RC LPS'],
  ['MRC LPS', 'M/RC LPS'],
  ['Myxoid/round cell LPS', 'M/RC LPS'],
  ['DD-LPS', 'DD LPS'],
  ['DD LPS', 'DD LPS'],
  ['UPS/MFH', 'UPS'],
  ['LMS', 'leiomyosarcoma'],
  ['Leiomyosarcomas', 'leiomyosarcoma'],
  ['Myxofibrosarcomas', 'myxofibrosarcoma'],
  ['Synovial sarcomas', 'synovial sarcoma'],
  ['Malignant peripheral nerve sheath tumor', 'MPNST'],
  ['Others', 'other'],
]
const variants = (s: string) => [s, s.toUpperCase(), s.toLowerCase(), `  ${s}  `, s.replace(/ /g, '   '), s.replace('/', ' / ')]

describe('histotype coding', () => {
  it('maps every spelling of the paper and its case/spacing variants to its SARCULATOR category', () => {
    for (const [raw, cat] of [...PAPER, ...LONG]) for (const v of variants(raw)) expect(histotypeCategory(v), v).toBe(cat)
  })
  it('does not send pleomorphic liposarcoma to UPS', () => {
    expect(histotypeCategory('Pleomorphic LPS')).not.toBe('UPS')
    expect(histotypeCategory('pleomorphic liposarcoma')).toBe('pleomorphic LPS')
  })
  it('keeps the paper’s reference level and it occurs among the categories', () => {
    const c = defaultCoding().histotype
    expect(c.reference).toBe('M/RC LPS')
    expect(c.rules.map((r) => r.category)).toContain(c.reference)
  })
})

describe('grade, margins and treatment coding', () => {
  const c = defaultCoding()
  it('codes grade III vs I–II', () => {
    const f = compileCoding(c.grade)
    for (const v of ['3', 'III', 'iii', 'G3', 'grade 3', 'Grade III']) expect(f(v), v).toBe('III')
    for (const v of ['1', '2', 'I', 'II', 'G1', 'g2', 'I-II', 'grade 2']) expect(f(v), v).toBe('I-II')
    expect(f('unknown')).toBeNull()
  })
  it('codes margins R0 vs R1–R2', () => {
    const f = compileCoding(c.margins)
    expect(['R0', 'r0', ' R0 '].map(f)).toEqual(['R0', 'R0', 'R0'])
    expect(['R1', 'R2', 'r1', 'R1-R2', 'R1/R2'].map(f)).toEqual(Array(5).fill('R1-R2'))
    expect(f('Rx')).toBeNull()
  })
  it('codes chemotherapy and radiotherapy yes/no', () => {
    for (const k of ['chemotherapy', 'radiotherapy'] as const) {
      const f = compileCoding(c[k])
      expect(['1', 'yes', 'Yes', 'Y', 'true'].map(f)).toEqual(Array(5).fill('yes'))
      expect(['0', 'no', 'No', 'none'].map(f)).toEqual(Array(4).fill('no'))
    }
  })
  it('has the paper’s reference levels', () => {
    expect([c.grade.reference, c.margins.reference, c.chemotherapy.reference, c.radiotherapy.reference]).toEqual(['I-II', 'R0', 'no', 'yes'])
    expect(defaultPlan().coding).toEqual(c)
  })
})

describe('coding in the plan and the analysis table', () => {
  const clinical: Table = {
    name: 'clinical.csv',
    columns: ['patient_id', 'mfs_time', 'mfs_event', 'histotype', 'grade', 'margins', 'chemotherapy', 'radiotherapy', 'sarculator_os10'],
    rows: [
      ['P1', '10', '1', 'Pleomorphic LPS', '3', 'R1', '1', '0', '40'],
      ['P2', '20', '0', 'Myxoid/round cells LPS', '2', 'R0', '0', '1', '70'],
      ['P3', '30', '1', 'UPS', 'III', 'R0', 'yes', 'no', ''],
      ['P4', '40', '0', 'myxoid/round cell liposarcoma', '', 'R2', '0', '1', '60'],
    ],
  }
  it('writes the coded columns and reports the mapping applied', () => {
    const { table, coding } = codedStudyTable(clinical, DEMO_VARIABLES, ['P1', 'P2', 'P3', 'P4'], ['train', 'train', 'test', 'test'], {}, [51, 66])
    const col = (c: string) => table.rows.map((r) => r[table.columns.indexOf(c)])
    expect(col('histotype_cat')).toEqual(['pleomorphic LPS', 'M/RC LPS', 'UPS', 'M/RC LPS'])
    expect(col('grade_III')).toEqual(['III', 'I-II', 'III', ''])
    expect(col('margins_R1R2')).toEqual(['R1-R2', 'R0', 'R0', 'R1-R2'])
    expect(col('chemotherapy_yn')).toEqual(['yes', 'no', 'yes', 'no'])
    expect(col('radiotherapy_yn')).toEqual(['no', 'yes', 'no', 'yes'])
    const h = coding.find((c) => c.variable === 'histotype')!
    expect(h.reference).toBe('M/RC LPS')
    expect(h.values).toEqual([
      { raw: 'myxoid/round cell liposarcoma', category: 'M/RC LPS', n: 1 },
      { raw: 'Myxoid/round cells LPS', category: 'M/RC LPS', n: 1 },
      { raw: 'Pleomorphic LPS', category: 'pleomorphic LPS', n: 1 },
      { raw: 'UPS', category: 'UPS', n: 1 },
    ].sort((a, b) => (a.raw < b.raw ? -1 : 1)))
    expect(coding.find((c) => c.variable === 'radiotherapy')!.reference).toBe('yes')
  })
  it('rejects a value no rule matches, naming row and column', () => {
    const bad = { ...clinical, rows: [...clinical.rows, ['P5', '5', '1', 'UPS', 'unknown', 'R0', '0', '0', '50']] }
    expect(() => codeColumn(bad, [4], 'grade', 'grade', defaultCoding().grade)).toThrow(/clinical\.csv, row 6, column grade: value "unknown" of grade matches no rule/)
  })
  it('is data: a plan patch changes a rule and a reference', () => {
    const p = mergePlan(defaultPlan(), { coding: { radiotherapy: { reference: 'no' }, histotype: { rules: [{ match: '^lipo', category: 'LPS' }], otherwise: 'non-LPS', reference: 'LPS' } } })
    expect(p.coding.radiotherapy.reference).toBe('no')
    expect(histotypeCategory('Liposarcoma, pleomorphic', p.coding.histotype)).toBe('LPS')
    expect(histotypeCategory('UPS', p.coding.histotype)).toBe('non-LPS')
    expect(() => compileCoding({ rules: [{ match: '(', category: 'x' }], otherwise: '', reference: 'x' }, 'coding.grade')).toThrow(/coding\.grade: rule 1: "\(" is not a valid regular expression/)
  })
})
