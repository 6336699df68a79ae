// The second segmentation (mask2, the study's ICC filter) in a local import: recognised by
// name in the folder-per-patient layout (mask2, mask_2, seg2, gtv2 …, with or without the
// patient prefix; a DICOM folder too) and read from the manifest's optional mask2 column
// (the CLI's convention), only for the patients that have one.
import { describe, expect, it } from 'vitest'
import { imageRoleOf, planFromFolders, planFromManifest, planImport, sequenceOf } from '../../../src/core/study/import.ts'
import { parseTable } from '../../../src/core/table/table.ts'
import { InputError } from '../../../src/core/errors.ts'

describe('imageRoleOf: second segmentation names', () => {
  it('recognises mask2 and its synonyms, and keeps mask and sequences apart', () => {
    for (const name of ['mask2.nii.gz', 'mask_2.nii.gz', 'Mask-2.nrrd', 'seg2.mha', 'SEG_2.nii', 'segmentation2.nii.gz', 'gtv2.nii.gz', 'label_2.nii.gz', 'roi2.nii.gz', 'second_mask.nii.gz'])
      expect(imageRoleOf(name), name).toBe('mask2')
    expect(imageRoleOf('STS_001_mask_2.nii.gz', 'STS_001')).toBe('mask2')
    expect(imageRoleOf('STS_001-seg2.nii.gz', 'STS_001')).toBe('mask2')
    expect(imageRoleOf('mask.nii.gz')).toBe('mask')
    expect(imageRoleOf('STS_001_seg.nii.gz', 'STS_001')).toBe('mask')
    expect(imageRoleOf('t2.nii.gz')).toBe('t2')
    expect(imageRoleOf('mask3.nii.gz')).toBeUndefined()
    // the viewer's sequenceOf does not mistake a second segmentation for a sequence or the mask
    expect(sequenceOf('mask2.nii.gz')).toBeUndefined()
    expect(sequenceOf('mask.nii.gz')).toBe('mask')
  })
})

describe('folder-per-patient import with second segmentations', () => {
  it('gives mask2 to the patients whose folder holds one (file or DICOM folder)', () => {
    const paths = [
      'clinical.csv',
      'train/P1/ce_t1.nii.gz', 'train/P1/mask.nii.gz', 'train/P1/mask_2.nii.gz',
      'train/P2/P2_ce_t1.nii.gz', 'train/P2/P2_seg.nii.gz', 'train/P2/P2_seg2.nii.gz',
      'train/P3/ce_t1.nii.gz', 'train/P3/mask.nii.gz',
      'test/P4/ce_t1.nii.gz', 'test/P4/mask.nii.gz', 'test/P4/mask2/0001.dcm', 'test/P4/mask2/0002.dcm',
    ]
    const { patients, warnings } = planFromFolders(paths)
    expect(warnings).toEqual([])
    const by = Object.fromEntries(patients.map((p) => [p.id, p]))
    expect(by.P1.images.mask2).toEqual({ kind: 'file', path: 'train/P1/mask_2.nii.gz' })
    expect(by.P1.images.mask).toEqual({ kind: 'file', path: 'train/P1/mask.nii.gz' })
    expect(by.P2.images.mask2).toEqual({ kind: 'file', path: 'train/P2/P2_seg2.nii.gz' })
    expect(by.P2.images.mask).toEqual({ kind: 'file', path: 'train/P2/P2_seg.nii.gz' })
    expect(by.P3.images.mask2).toBeUndefined()
    expect(by.P4.images.mask2).toEqual({ kind: 'dicom', dir: 'test/P4/mask2', paths: ['test/P4/mask2/0001.dcm', 'test/P4/mask2/0002.dcm'] })
    expect(by.P4.cohort).toBe('test')
    expect(patients.filter((p) => p.images.mask2).length).toBe(3)
  })

  it('refuses two second segmentations in one patient folder, naming them', () => {
    const paths = ['P1/ce_t1.nii.gz', 'P1/mask.nii.gz', 'P1/mask2.nii.gz', 'P1/seg_2.nii.gz']
    expect(() => planFromFolders(paths)).toThrow(InputError)
    expect(() => planFromFolders(paths)).toThrow(/two mask2 images \(P1\/mask2\.nii\.gz and P1\/seg_2\.nii\.gz\)/)
  })
})

describe('manifest import with a mask2 column', () => {
  const files = ['study/manifest.csv', 'study/img/A_ce.nii.gz', 'study/img/A_mask.nii.gz', 'study/img/A_mask2.nii.gz', 'study/img/B_ce.nii.gz', 'study/img/B_mask.nii.gz']
  it('reads mask2 where given and leaves it out where the cell is empty', () => {
    const m = parseTable('patient_id,ce_t1,mask,mask2,cohort\nA,img/A_ce.nii.gz,img/A_mask.nii.gz,img/A_mask2.nii.gz,train\nB,img/B_ce.nii.gz,img/B_mask.nii.gz,,test\n', 'manifest.csv')
    const plan = planImport(files, m)
    expect(plan.layout).toBe('manifest')
    expect(plan.patients[0].images.mask2).toEqual({ kind: 'file', path: 'study/img/A_mask2.nii.gz' })
    expect(plan.patients[1].images.mask2).toBeUndefined()
    expect(plan.patients[1].images.mask).toEqual({ kind: 'file', path: 'study/img/B_mask.nii.gz' })
  })
  it('names the row and the mask2 column when the file is not in the folder', () => {
    const m = parseTable('patient_id,ce_t1,mask,mask2\nA,img/A_ce.nii.gz,img/A_mask.nii.gz,img/A_maskX.nii.gz\n', 'manifest.csv')
    expect(() => planFromManifest(m, 'study/manifest.csv', files)).toThrow('manifest.csv, row 2, column mask2: "img/A_maskX.nii.gz" is not in the chosen folder')
  })
})
