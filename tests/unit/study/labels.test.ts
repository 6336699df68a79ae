// Human labels of the study's variables, levels, model terms and model names (labels.ts).
import { describe, expect, it } from 'vitest'
import { groupingName, isBinary, levelLabel, modelLabel, termLabel, variableLabel } from '../../../src/core/study/labels.ts'

describe('labels', () => {
  it('names columns by their role in the mapping', () => {
    expect(variableLabel('mfs_time')).toBe('MFS (months)')
    expect(variableLabel('size_mm')).toBe('Size (mm)')
    expect(variableLabel('sarculator_os10')).toBe('SARCULATOR 10-year OS (%)')
    expect(variableLabel('tumour_size', { size: 'tumour_size' })).toBe('Size (mm)')
    expect(variableLabel('some_column')).toBe('Some column')
  })
  it('names groupings and their combinations (not "Rna x cae")', () => {
    expect(variableLabel('hrf')).toBe('h-RF group')
    expect(variableLabel('rna_x_cae')).toBe('RNA × CAE group')
    expect(variableLabel('rna_x_hrf')).toBe('RNA × h-RF group')
    expect(groupingName('rna_x_hscae')).toBe('RNA × HSCAE')
    expect(groupingName('size_mm')).toBeNull()
  })
  it('names model terms: dummy columns and factor levels', () => {
    expect(termLabel('histotype_cat=dedifferentiated LPS')).toBe('Histotype: dedifferentiated LPS')
    expect(termLabel('grade_III=III')).toBe('FNCLCC grade: III')
    expect(termLabel('grade_III')).toBe('FNCLCC grade: III')
    expect(termLabel('margins_R1R2=R1-R2')).toBe('Resection margins: R1-R2')
    expect(termLabel('hscae=B')).toBe('HSCAE group: B')
    expect(termLabel('size_mm')).toBe('Size (mm)')
  })
  it('binary variables read Yes / No', () => {
    expect(isBinary(['0', '1'])).toBe(true)
    expect(isBinary(['I', 'II'])).toBe(false)
    expect(levelLabel('1', true)).toBe('Yes')
    expect(levelLabel('0', true)).toBe('No')
  })
  it('model names', () => {
    expect(modelLabel('sarculator+hscae+rna')).toBe('SARCULATOR + HSCAE + RNA')
    expect(modelLabel('rna*hscae')).toBe('RNA × HSCAE')
  })
})
