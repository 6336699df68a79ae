// Issue 20's classes of hostile input through the real command line (fixtures made by
// tests/fixtures/bad/make_bad_corpus.ts): each ends as a clear error — exit 2, one line on
// stderr, no stack, the file and the field named, what to do — or as the correct result
// with a warning; and nothing is overwritten.
import { describe, it, expect } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs'

const B = 'tests/fixtures/bad'
interface Run { code: number | null; stdout: string; stderr: string }
const runs = new Map<string, Promise<Run>>()
function cli(...argv: string[]): Promise<Run> {
  const key = JSON.stringify(argv)
  if (!runs.has(key))
    runs.set(key, new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { timeout: 60_000 })
      let stdout = '', stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    }))
  return runs.get(key)!
}
function expectInputError(r: Run, file: string, where: RegExp[]): void {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '')
  expect(r.code, r.stderr).toBe(2)
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  expect(lines[0]).not.toMatch(/\n\s+at |at .*\.ts:\d+/)
  expect(lines[0]).toContain(file)
  for (const w of where) expect(lines[0]).toMatch(w)
}
const info = (f: string) => ['info', '--image', `${B}/${f}`, '--json']
const cox = (f: string) => ['cox', '--data', `${B}/${f}`, '--time', 'mfs_time', '--event', 'mfs_event', '--covariates', 'age', '--json']

const errors: { name: string; argv: string[]; file: string; where: RegExp[] }[] = [
  { name: 'NaN spacing', argv: info('spacing_nan.nii'), file: 'spacing_nan.nii', where: [/pixdim\[1\] is NaN/, /fix the header/] },
  { name: 'zero spacing', argv: info('spacing_zero.nii'), file: 'spacing_zero.nii', where: [/pixdim\[2\] is 0/, /> 0 mm/] },
  { name: 'Inf spacing', argv: info('spacing_inf.nii'), file: 'spacing_inf.nii', where: [/pixdim\[3\] is Infinity/] },
  { name: 'absurd spacing', argv: info('spacing_huge.nii'), file: 'spacing_huge.nii', where: [/pixdim\[1\] is 1\.00\d*e\+30 mm/, /range 0\.001–500 mm/] },
  { name: 'vox_offset NaN', argv: info('vox_offset_nan.nii'), file: 'vox_offset_nan.nii', where: [/vox_offset is NaN/] },
  { name: 'sform NaN', argv: info('sform_nan.nii'), file: 'sform_nan.nii', where: [/sform/, /NaN/] },
  { name: 'a device is not an image (no hang)', argv: ['info', '--image', '/dev/zero'], file: '/dev/zero', where: [/not a regular file/] },
  { name: 'Inf survival time', argv: cox('clinical_inf_time.csv'), file: 'clinical_inf_time.csv', where: [/row 3/, /column mfs_time/, /"Inf"/] },
  { name: 'hexadecimal covariate', argv: cox('clinical_hex.csv'), file: 'clinical_hex.csv', where: [/row 3/, /column age/, /hexadecimal/] },
  { name: 'header-only table', argv: cox('clinical_header_only.csv'), file: 'clinical_header_only.csv', where: [/no data rows/] },
  { name: 'mixed decimal separators', argv: cox('clinical_mixed_decimals.csv'), file: 'clinical_mixed_decimals.csv', where: [/mixes decimal commas/, /row 2, column mfs_time/, /row 3, column mfs_time/] },
  { name: 'truncated .csv.gz', argv: ['tmm', '--counts', `${B}/counts_truncated.csv.gz`, '--json'], file: 'counts_truncated.csv.gz', where: [/gzip stream is truncated/] },
  { name: 'duplicated patient in a cohort manifest', argv: ['radiomics-cohort', '--manifest', `${B}/manifest_duplicate_patient.csv`, '--preset', 'paper', '--out', '/tmp/io_dup.csv'], file: 'manifest_duplicate_patient.csv', where: [/row 4, column patient_id/, /patient "P1" is listed again \(first in row 2\)/, /one row per patient/] },
  { name: 'resample to 0.02 mm is bounded', argv: ['preprocess', '--image', `${B}/good_image.nii.gz`, '--resample', '0.02,0.02,0.02', '--out', '/tmp/io_resampled.nii.gz'], file: 'good_image.nii.gz', where: [/voxels/, /at least 0\.0225/] },
  { name: 'DICOM slice file cut in half (never zero-filled)', argv: info('dicom_truncated_slice'), file: 'dicom_truncated_slice/000002.dcm', where: [/truncated/, /copy or export the slice again/] },
  { name: 'DICOM slice moved 1 mm (non-uniform spacing is refused)', argv: info('dicom_uneven_spacing'), file: 'dicom_uneven_spacing', where: [/slice spacing is not uniform/, /000002\.dcm/, /4\.270 mm where the series' spacing is 3\.270 mm/, /resample it onto a uniform grid/] },
  { name: 'unknown flag', argv: ['cox', '--data', `${B}/clinical_good.csv`, '--bogus-flag', '3'], file: '--bogus-flag', where: [/valid flags: /] },
  { name: 'out of range option', argv: ['gsea', '--perm', '0'], file: '--perm', where: [/from 1 to 1000000/] },
]

describe.concurrent('hostile input: a clear error', () => {
  for (const c of errors) it(c.name, async () => expectInputError(await cli(...c.argv), c.file, c.where))
})

describe.concurrent('hostile but valid input: the right result, with a warning', () => {
  const good = async () => JSON.parse((await cli(...cox('clinical_good.csv'))).stdout)
  it('UTF-16 LE with BOM (Excel "Unicode text") reads as the clean file', async () => {
    const r = await cli(...cox('clinical_utf16le.csv'))
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(await good())
  })
  it('a sep=; first line is honoured (with decimal commas)', async () => {
    const r = await cli(...cox('clinical_sep_line.csv'))
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(await good())
  })
  it('Latin-1 is decoded (not U+FFFD) with a warning naming the file', async () => {
    const r = await cli('test', '--data', `${B}/clinical_latin1.csv`, '--test', 'kruskal', '--x', 'age', '--y', 'site', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/warning: .*clinical_latin1\.csv: not valid UTF-8.*Latin-1/)
    expect(r.stdout).not.toContain('\ufffd')
  })
  it('a quoted "1,234" in a comma file is 1234 (thousands), with a warning — never 1.234', async () => {
    const r = await cli('km', '--data', `${B}/clinical_thousands_quoted.csv`, '--time', 'mfs_time', '--event', 'mfs_event', '--at', '1000', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/thousands separator.*"1,234" → 1234/)
    // P2 (censored at 1234) is still at risk at t = 1000
    expect(JSON.parse(r.stdout).groups[0].at[0].nRisk).toBe(1)
  })
  it('int64 voxels are converted to int32, naming the type', async () => {
    const r = await cli(...info('int64_image.nii'))
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.dtype).toBe('int32')
    expect(j.max).toBe(99)
  })
  it('--out equal to the input is refused and the input is untouched', async () => {
    const before = fs.readFileSync(`${B}/good_image.nii.gz`)
    const r = await cli('preprocess', '--image', `${B}/good_image.nii.gz`, '--out', `${B}/good_image.nii.gz`)
    expectInputError(r, 'good_image.nii.gz', [/same file as --image/])
    expect(fs.readFileSync(`${B}/good_image.nii.gz`).equals(before)).toBe(true)
  })
})
