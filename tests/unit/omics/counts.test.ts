// Count-matrix import and validation.
import { describe, expect, it } from 'vitest'
import { gzipSync, strToU8 } from 'fflate'
import { parseCountMatrix, parseSampleSheet, sampleAnnotation, stripEnsemblVersion } from '../../../src/core/omics/counts.ts'
import { parseGmt } from '../../../src/core/omics/gmt.ts'
import { InputError } from '../../../src/core/errors.ts'

const csv = 'gene,S1,S2\nENSG00000141510.16,5,7\nENSG00000141510.3,1,2\nTP53,0,3\n'

describe('count import', () => {
  it('strips Ensembl versions and sums duplicates', () => {
    const m = parseCountMatrix(csv, 'c.csv')
    expect(m.genes).toEqual(['ENSG00000141510', 'TP53'])
    expect(Array.from(m.data)).toEqual([6, 9, 0, 3])
    expect(m.report.summedDuplicates).toEqual(['ENSG00000141510'])
    expect(m.report.strippedVersions).toBe(2)
    expect(stripEnsemblVersion('ENSG00000000003.15_PAR_Y')).toBe('ENSG00000000003_PAR_Y')
    expect(stripEnsemblVersion('HLA-A.1')).toBe('HLA-A.1')
  })
  it('flags duplicates when asked', () => {
    expect(() => parseCountMatrix(csv, 'c.csv', { duplicates: 'error' })).toThrow(/c\.csv, row 3: gene id "ENSG00000141510" occurs more than once/)
  })
  it('reads gzip and TSV', () => {
    const m = parseCountMatrix(gzipSync(strToU8('gene\tA\tB\nX\t1\t2\n')), 'c.tsv.gz')
    expect(m.samples).toEqual(['A', 'B'])
    expect(Array.from(m.data)).toEqual([1, 2])
  })
  it('rejects negative, fractional and non-numeric counts with file, row and column', () => {
    expect(() => parseCountMatrix('gene,A\nX,-1\n', 'c.csv')).toThrow(/c\.csv, row 2, column A: -1 is not a non-negative integer count/)
    expect(() => parseCountMatrix('gene,A\nX,2.5\n', 'c.csv')).toThrow(InputError)
    expect(() => parseCountMatrix('gene,A\nX,abc\n', 'c.csv')).toThrow(/row 2, column A: "abc" is not a count/)
    expect(parseCountMatrix('gene,A\nX,2.5\n', 'c.csv', { integers: false }).data[0]).toBe(2.5)
  })
  it('checks that sample ids match the sheet', () => {
    const sheet = parseSampleSheet('sample,batch\nS1,b1\nS2,b2\n', 's.csv')
    expect(sampleAnnotation(sheet, 'batch', ['S2', 'S1'])).toEqual(['b2', 'b1'])
    expect(() => sampleAnnotation(sheet, 'batch', ['S1', 'S3'], 'c.csv')).toThrow(/1 sample\(s\) of c\.csv are not in the sample sheet \(S3\)/)
    expect(() => sampleAnnotation(sheet, 'group', ['S1'])).toThrow(/no column "group"/)
  })
  it('parses GMT', () => {
    const s = parseGmt('SET1\thttp://x\tA\tB\tA\t\nSET2\td\tC\n')
    expect(s).toEqual([{ name: 'SET1', description: 'http://x', genes: ['A', 'B'] }, { name: 'SET2', description: 'd', genes: ['C'] }])
    expect(() => parseGmt('SET1 A B\n', 'x.gmt')).toThrow(/x\.gmt, line 1/)
  })
})
