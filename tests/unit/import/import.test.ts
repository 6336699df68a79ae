// Local import planning: manifest and folder-per-patient layouts, clinical mapping guesses,
// and the error messages (file + row/column + what to do).
import { describe, it, expect } from 'vitest'
import { parseTable } from '../../../src/core/table/table.ts'
import {
  checkMapping,
  findTables,
  guessMapping,
  matchClinical,
  planFromFolders,
  planFromManifest,
  planImport,
  relativeToRoot,
  sequenceOf,
} from '../../../src/core/study/import.ts'
import { InputError } from '../../../src/core/errors.ts'

describe('sequenceOf', () => {
  it('recognises sequence names and synonyms', () => {
    expect(sequenceOf('t1.nii.gz')).toBe('t1')
    expect(sequenceOf('T2W.nrrd')).toBe('t2')
    expect(sequenceOf('CE-T1.nii')).toBe('ce_t1')
    expect(sequenceOf('t1_gd.mha')).toBe('ce_t1')
    expect(sequenceOf('T1c.nii.gz')).toBe('ce_t1')
    expect(sequenceOf('gtv.nii.gz')).toBe('mask')
    expect(sequenceOf('segmentation.nii.gz')).toBe('mask')
    expect(sequenceOf('STS_001_t2.nii.gz', 'STS_001')).toBe('t2')
    expect(sequenceOf('STS_001-CE-T1.nii.gz', 'STS_001')).toBe('ce_t1')
    expect(sequenceOf('flair.nii.gz')).toBeUndefined()
  })
})

describe('relativeToRoot / findTables', () => {
  it('drops the picked folder name that webkitRelativePath reports', () => {
    expect(relativeToRoot(['study/manifest.csv', 'study/P1/t1.nii.gz'])).toEqual(['manifest.csv', 'P1/t1.nii.gz'])
    expect(relativeToRoot(['a.csv', 'P1/t1.nii.gz'])).toEqual(['a.csv', 'P1/t1.nii.gz'])
  })
  it('finds the tables by name', () => {
    expect(findTables(['manifest.csv', 'clinical.tsv', 'counts.csv.gz', 'samples.csv', 'P1/t1.nii.gz', 'notes.txt'])).toEqual({
      manifest: 'manifest.csv',
      clinical: 'clinical.tsv',
      counts: 'counts.csv.gz',
      samples: 'samples.csv',
    })
  })
})

describe('planFromManifest', () => {
  const files = ['manifest.csv', 'images/P1_t1.nii.gz', 'images/P1_mask.nii.gz', 'dicom/P2/ce/0001.dcm', 'dicom/P2/ce/0002.dcm', 'images/P2_t2.nrrd']
  it('resolves files and DICOM folders relative to the manifest', () => {
    const t = parseTable('patient_id,t1,t2,ce_t1,mask,cohort\nP1,images/P1_t1.nii.gz,,,images/P1_mask.nii.gz,train\nP2,,./images/P2_t2.nrrd,dicom/P2/ce,,test\n', 'manifest.csv')
    const plan = planFromManifest(t, 'manifest.csv', files)
    expect(plan).toEqual([
      { id: 'P1', cohort: 'train', images: { t1: { kind: 'file', path: 'images/P1_t1.nii.gz' }, mask: { kind: 'file', path: 'images/P1_mask.nii.gz' } } },
      { id: 'P2', cohort: 'test', images: { t2: { kind: 'file', path: 'images/P2_t2.nrrd' }, ce_t1: { kind: 'dicom', dir: 'dicom/P2/ce', paths: ['dicom/P2/ce/0001.dcm', 'dicom/P2/ce/0002.dcm'] } } },
    ])
  })
  it('resolves paths relative to a manifest in a sub-folder', () => {
    const t = parseTable('patient_id,t1\nP1,../images/P1_t1.nii.gz\n', 'meta/manifest.csv')
    expect(planFromManifest(t, 'meta/manifest.csv', [...files, 'meta/manifest.csv'])[0].images.t1).toEqual({ kind: 'file', path: 'images/P1_t1.nii.gz' })
  })
  it('names the file, row and column of a missing image', () => {
    const t = parseTable('patient_id,t1,mask\nP1,images/P1_t1.nii.gz,images/P1_mask.nii.gz\nP3,images/P3_t1.nii.gz,\n', 'manifest.csv')
    expect(() => planFromManifest(t, 'manifest.csv', files)).toThrow(InputError)
    expect(() => planFromManifest(t, 'manifest.csv', files)).toThrow('manifest.csv, row 3, column t1: "images/P3_t1.nii.gz" is not in the chosen folder')
  })
  it('rejects duplicated ids, bad cohorts and a header without image columns', () => {
    expect(() => planFromManifest(parseTable('patient_id,t1\nP1,images/P1_t1.nii.gz\nP1,images/P1_t1.nii.gz\n', 'm.csv'), 'm.csv', files)).toThrow('m.csv, row 3, column patient_id: patient "P1" is listed again (first in row 2)')
    expect(() => planFromManifest(parseTable('patient_id,t1,cohort\nP1,images/P1_t1.nii.gz,valid\n', 'm.csv'), 'm.csv', files)).toThrow('m.csv, row 2, column cohort: cohort must be "train" or "test", got "valid"')
    expect(() => planFromManifest(parseTable('patient_id,flair\nP1,x\n', 'm.csv'), 'm.csv', files)).toThrow('m.csv, header: has none of the image columns')
    expect(() => planFromManifest(parseTable('name,t1\nP1,x\n', 'm.csv'), 'm.csv', files)).toThrow('has no "patient_id" column')
  })
})

describe('planFromFolders', () => {
  it('reads the folder-per-patient convention with files, DICOM folders and train/test', () => {
    const { patients, warnings } = planFromFolders([
      'clinical.csv',
      'train/STS_001/t1.nii.gz',
      'train/STS_001/STS_001_CE-T1.nii.gz',
      'train/STS_001/mask.nii.gz',
      'train/STS_001/notes.pdf',
      'test/STS_002/t2/IM0002.dcm',
      'test/STS_002/t2/IM0001.dcm',
      'test/STS_002/mask.nrrd',
      'STS_003/.DS_Store',
      'STS_003/readme.md',
      'STS_010/t1.mha',
    ])
    expect(patients.map((p) => [p.id, p.cohort])).toEqual([['STS_001', 'train'], ['STS_002', 'test'], ['STS_010', 'train']])
    expect(patients[0].images).toEqual({ t1: { kind: 'file', path: 'train/STS_001/t1.nii.gz' }, ce_t1: { kind: 'file', path: 'train/STS_001/STS_001_CE-T1.nii.gz' }, mask: { kind: 'file', path: 'train/STS_001/mask.nii.gz' } })
    expect(patients[1].images.t2).toEqual({ kind: 'dicom', dir: 'test/STS_002/t2', paths: ['test/STS_002/t2/IM0001.dcm', 'test/STS_002/t2/IM0002.dcm'] })
    expect(warnings.some((w) => w.startsWith('train/STS_001/notes.pdf: ignored'))).toBe(true)
    expect(warnings.some((w) => w.startsWith('STS_003/: no t1, t2, ce_t1 or mask image found'))).toBe(true)
  })
  it('rejects two images of the same sequence', () => {
    expect(() => planFromFolders(['P1/t1.nii.gz', 'P1/T1W.nrrd'])).toThrow('P1: two t1 images (P1/t1.nii.gz and P1/T1W.nrrd)')
  })
  it('planImport explains what to do when nothing matches', () => {
    expect(() => planImport(['a.png', 'b.txt'])).toThrow('no patients found: add a manifest.csv')
  })
  it('planImport uses the manifest when there is one', () => {
    const m = parseTable('patient_id,t1\nP9,x/t1.nii.gz\n', 'manifest.csv')
    const plan = planImport(['study/manifest.csv', 'study/x/t1.nii.gz'].map((p) => p.slice(6)), m)
    expect(plan.layout).toBe('manifest')
    expect(plan.patients[0]).toEqual({ id: 'P9', cohort: 'train', images: { t1: { kind: 'file', path: 'x/t1.nii.gz' } } })
  })
})

describe('clinical mapping', () => {
  it('guesses the study variables from usual column names', () => {
    const m = guessMapping(['patient_id', 'Age', 'sex', 'FNCLCC_grade', 'MFS_time', 'MFS_event', 'histotype', 'size_mm', 'cohort', 'other'])
    expect(m).toMatchObject({ id: 'patient_id', time: 'MFS_time', event: 'MFS_event', age: 'Age', sex: 'sex', grade: 'FNCLCC_grade', histotype: 'histotype', size: 'size_mm', cohort: 'cohort' })
    expect(Object.values(m)).not.toContain('other')
  })
  it('checks required variables and existing columns', () => {
    const t = parseTable('id,t,e\nP1,3,1\n', 'clinical.csv')
    expect(() => checkMapping(t, { id: 'id', time: '', event: 'e' })).toThrow('clinical.csv: no column chosen for "Metastasis-free survival time"')
    expect(() => checkMapping(t, { id: 'id', time: 't', event: 'ev' })).toThrow('clinical.csv: has no column "ev"')
    expect(() => checkMapping(t, { id: 'id', time: 't', event: 'e' })).not.toThrow()
  })
  it('reports patients without clinical rows and rows without images', () => {
    expect(matchClinical(['A', 'B'], ['B', 'C'])).toEqual({ withoutClinical: ['A'], withoutImages: ['C'] })
  })
})
