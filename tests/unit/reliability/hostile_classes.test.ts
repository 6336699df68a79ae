// Issue 20, second round: other members of the classes in hostile_input.test.ts — header
// geometry in NRRD and MetaImage, voxel types no reader knows, gzip faults, a number column
// with one stray text cell, count cells that JavaScript's Number() would accept, gene
// rankings with duplicates / Inf / mostly ties, degenerate statistics (all events, a
// covariate constant up to rounding, no events in a log-rank test, a constant feature under
// --scale). Fixtures: tests/fixtures/bad/make_bad_corpus.ts. Each ends as a clear error
// (exit 2, one line, no stack, the file and the field, what to do) or the correct result
// with a warning.
import { describe, it, expect } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const B = 'tests/fixtures/bad'
interface Run { code: number | null; stdout: string; stderr: string }
function cli(...argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { timeout: 200_000 })
    let stdout = '', stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
function expectInputError(r: Run, file: string, where: RegExp[]): void {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '')
  expect(r.code, r.stderr).toBe(2)
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  expect(lines[0]).not.toMatch(/\n\s+at |at .*\.ts:\d+|Build module|Exception while/)
  expect(lines[0]).toContain(file)
  for (const w of where) expect(lines[0]).toMatch(w)
  expect(r.stdout).toBe('')
}
const info = (f: string) => ['info', '--image', `${B}/${f}`, '--json']
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-classes-'))
const gsea = (ranks: string) => ['gsea', '--ranks', `${B}/${ranks}`, '--gmt', `${B}/sets.gmt`, '--perm', '50', '--seed', '1', '--min-size', '5', '--out', path.join(tmp, `${ranks}.csv`)]
const T = 240_000

const errors: { name: string; argv: string[]; file: string; where: RegExp[] }[] = [
  { name: 'NRRD spacing NaN (ITK would use 1 mm)', argv: info('nrrd_spacing_nan.nrrd'), file: 'nrrd_spacing_nan.nrrd', where: [/spacings\[0\] is NaN/, /fix the header/] },
  { name: 'NRRD origin Inf', argv: info('nrrd_origin_inf.nrrd'), file: 'nrrd_origin_inf.nrrd', where: [/space origin/, /finite/] },
  { name: 'MetaImage data shorter than DimSize', argv: info('mha_truncated.mha'), file: 'mha_truncated.mha', where: [/DimSize 16 16 6/, /holds 100 bytes/, /truncated/] },
  { name: 'NIfTI datatype no reader knows', argv: info('datatype_unknown.nii'), file: 'datatype_unknown.nii', where: [/datatype 77 is not a NIfTI voxel type/, /re-export/] },
  { name: 'gzip stream under a .nii name', argv: info('gzip_named_nii.nii'), file: 'gzip_named_nii.nii', where: [/gzip-compressed/, /rename it to gzip_named_nii\.nii\.gz/] },
  { name: 'gzip CRC-32 mismatch', argv: info('crc_corrupt.nii.gz'), file: 'crc_corrupt.nii.gz', where: [/CRC-32/, /copy it again/] },
  { name: 'a number column with one stray text cell is not made a factor', argv: ['cox', '--data', `${B}/clinical_stray_text.csv`, '--time', 'time', '--event', 'event', '--covariates', 'age,size', '--json'], file: 'clinical_stray_text.csv', where: [/row 8, column age/, /"61abc" is not a number/, /39 of the column's 40 values are numbers/, /--ref age=LEVEL/] },
  { name: 'hexadecimal read count (Number() would give 26)', argv: ['tmm', '--counts', `${B}/counts_hex.csv`, '--json'], file: 'counts_hex.csv', where: [/row 3, column S2/, /hexadecimal/] },
  { name: 'read count beyond 2^53', argv: ['tmm', '--counts', `${B}/counts_beyond_2p53.csv`, '--json'], file: 'counts_beyond_2p53.csv', where: [/row 3, column S1/, /beyond 2\^53/] },
  { name: 'gene ranked twice', argv: gsea('ranks_duplicate_gene.tsv'), file: 'ranks_duplicate_gene.tsv', where: [/line 7/, /gene "G4" is ranked twice \(first on line 6\)/] },
  { name: 'infinite ranking score', argv: gsea('ranks_inf.tsv'), file: 'ranks_inf.tsv', where: [/line 2/, /"Inf" is infinite/, /G0/] },
  { name: 'a ranking that is mostly ties (GSEA would follow the file order)', argv: gsea('ranks_mostly_tied.tsv'), file: 'ranks_mostly_tied.tsv', where: [/59 of the 60 ranking scores are tied/, /arbitrary/] },
  { name: 'a statistical refusal names its input', argv: ['cox', '--data', `${B}/clinical_no_events.csv`, '--time', 'time', '--event', 'event', '--covariates', 'age', '--json'], file: 'clinical_no_events.csv', where: [/not estimable: no events/] },
  { name: 'a covariate listed twice', argv: ['cox', '--data', `${B}/clinical_good.csv`, '--time', 'mfs_time', '--event', 'mfs_event', '--covariates', 'age,age'], file: '--covariates', where: [/lists "age" more than once/] },
  { name: 'the time column as a covariate', argv: ['cox', '--data', `${B}/clinical_good.csv`, '--time', 'mfs_time', '--event', 'mfs_event', '--covariates', 'age,mfs_time'], file: 'clinical_good.csv', where: [/column mfs_time is the survival time and cannot also be a covariate/] },
  { name: 'two outputs on one path', argv: ['preprocess', '--image', `${B}/good_image.nii.gz`, '--n4', '--bias-out', path.join(tmp, 'same.nii.gz'), '--out', path.join(tmp, 'same.nii.gz')], file: 'same.nii.gz', where: [/--bias-out and --out are the same file/] },
]

describe.concurrent('hostile input, other members of the classes: a clear error', () => {
  it('--out equal to an image the manifest names is refused before any work, and the image is untouched', async () => {
    const before = fs.readFileSync(`${B}/good_mask.nii.gz`)
    const r = await cli('radiomics-cohort', '--manifest', `${B}/manifest_one_bad_patient.csv`, '--preset', 'paper', '--out', `${B}/good_mask.nii.gz`)
    expectInputError(r, 'good_mask.nii.gz', [/--out is the same file as the mask of patient P1 in .*manifest_one_bad_patient\.csv \(row 2\)/])
    expect(fs.readFileSync(`${B}/good_mask.nii.gz`).equals(before)).toBe(true)
  }, T)
  for (const c of errors) it(c.name, async () => expectInputError(await cli(...c.argv), c.file, c.where), T)
})

describe.concurrent('degenerate but valid input: the right result, with a warning', () => {
  it('an event column of 1s alone is all events (R Surv), never read as 1/2 coding = all censored', async () => {
    const r = await cli('cox', '--data', `${B}/clinical_all_events.csv`, '--time', 'time', '--event', 'event', '--covariates', 'age', '--json')
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.n).toBe(40)
    expect(j.events).toBe(40)
  }, T)
  it('a covariate constant up to rounding gets coefficient NA with the singularity warning (not HR 1e75)', async () => {
    const r = await cli('cox', '--data', `${B}/clinical_near_constant.csv`, '--time', 'time', '--event', 'event', '--covariates', 'age,size', '--json')
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.terms[0].coef).toBeTypeOf('number')
    expect(j.terms[1].coef).toBeNull()
    expect(j.warnings.join(' ')).toMatch(/singular; variable 2 \(size\)/)
  }, T)
  it('a log-rank test without events has p NA and says why (survdiff: df −1, p NA), not p = 1', async () => {
    const r = await cli('km', '--data', `${B}/clinical_no_events.csv`, '--time', 'time', '--event', 'event', '--group', 'arm', '--json')
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.logrank.p).toBeNull()
    expect(j.warnings.join(' ')).toMatch(/no events among the 40 patients: the log-rank test is not defined/)
  }, T)
  it('--scale with a constant feature warns, naming it, and clusters on the others', async () => {
    const r = await cli('hclust', '--data', `${B}/features_constant_column.csv`, '--scale', '--distance', 'euclidean', '--linkage', 'average', '--k', '2', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/warning: .*features_constant_column\.csv: 1 constant feature\(s\) \("f0"\)/)
    expect(JSON.parse(r.stdout).heights.every(Number.isFinite)).toBe(true)
  }, T)
})
