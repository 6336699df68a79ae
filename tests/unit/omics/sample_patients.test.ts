// RNA-seq samples → patients through the sample sheet's patient_id column: renamed columns,
// batch kept aligned, a second sample of a patient reported (not averaged), and counts that
// match no patient refused with the expected ids named.
import { describe, it, expect } from 'vitest'
import { countsByPatient } from '../../../src/core/omics/sample_patients.ts'
import { parseSampleSheet } from '../../../src/core/omics/counts.ts'

// 2 genes × 4 samples, row-major
const counts = { genes: ['A', 'B'], samples: ['S1', 'S2', 'S3', 'S4'], data: Float64Array.from([1, 2, 3, 4, 10, 20, 30, 40]) }

describe('countsByPatient', () => {
  it('re-keys by patient_id, keeps the first sample of a patient and names the others', () => {
    const sheet = parseSampleSheet('sample,patient_id,batch\nS3,P2,b\nS1,P1,a\nS4,P1,b\nS2,PX,a\n', 'samples.csv')
    const r = countsByPatient(counts, sheet, ['P1', 'P2'], ['a', 'a', 'b', 'b'], 'counts.csv')
    expect(r.counts.samples).toEqual(['P2', 'P1'])
    expect(Array.from(r.counts.data)).toEqual([3, 1, 30, 10])
    expect(r.batch).toEqual(['b', 'a'])
    expect(r.warnings).toContain('patient P1 has 2 RNA-seq samples (S1, S4); S1 is used, the others are left out (not averaged)')
    expect(r.warnings.some((w) => w.startsWith('1 RNA-seq sample(s) of counts.csv belong to no patient'))).toBe(true)
  })

  it('refuses counts that match no patient, naming the ids expected', () => {
    expect(() => countsByPatient(counts, null, ['STS_001', 'STS_002'], undefined, 'counts.csv')).toThrow(
      'counts.csv: no count column matches a patient of the study (expected ids such as STS_001, STS_002; the columns are S1, S2, S3, S4); name the columns by patient id or give a sample sheet with a patient_id column',
    )
  })
})
