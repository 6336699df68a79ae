// The CLI's one output helper (src/cli/output.ts): files are written under a temporary name
// beside the target and renamed into place, so an interrupted or failing write never leaves
// a half file under the real name; no output replaces a file the run has read; two outputs
// on one path are refused.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { noteInput, planOutputs, tempBeside, writeFileAtomic, writeViaTemp } from '../../../src/cli/output.ts'
import { InputError } from '../../../src/core/errors.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outputs-'))
const left = () => fs.readdirSync(dir).filter((f) => f.includes('.partial'))

describe('atomic outputs', () => {
  it('a write that fails half-way leaves the old file intact and no temporary file', async () => {
    const f = path.join(dir, 'table.csv')
    fs.writeFileSync(f, 'old complete table\n')
    await expect(
      writeViaTemp(f, async (tmp) => {
        fs.writeFileSync(tmp, 'half a ta') // interrupted here
        throw new Error('disk full')
      }),
    ).rejects.toThrow(/disk full/)
    expect(fs.readFileSync(f, 'utf8')).toBe('old complete table\n')
    expect(left()).toEqual([])
  })
  it('a completed write replaces the file in one rename; the temporary name keeps the extension', () => {
    const f = path.join(dir, 'image.nii.gz')
    expect(tempBeside(f)).toMatch(/\/\.image\.\d+\.\d+\.partial\.nii\.gz$/)
    writeFileAtomic(f, 'new')
    expect(fs.readFileSync(f, 'utf8')).toBe('new')
    expect(left()).toEqual([])
  })
  it('an output that is a folder is refused, naming it', () => {
    expect(() => writeFileAtomic(dir, 'x')).toThrow(/is a folder; give a file name/)
  })
})

describe('no output replaces an input', () => {
  it('a file the run read cannot be written, whatever the path spelling', () => {
    const f = path.join(dir, 'clinical.csv')
    fs.writeFileSync(f, 'id\n')
    noteInput(f)
    const other = path.join(dir, '.', '..', path.basename(dir), 'clinical.csv')
    expect(() => writeFileAtomic(other, 'overwritten')).toThrow(InputError)
    expect(fs.readFileSync(f, 'utf8')).toBe('id\n')
  })
  it('an input noted after the outputs are planned (an image a manifest names) is refused at once', () => {
    const img = path.join(dir, 'P1_t1.nii.gz')
    fs.writeFileSync(img, 'voxels')
    planOutputs([{ flag: 'out', path: img }])
    expect(() => noteInput(img, 'the t1 of patient P1 in manifest.csv (row 2)')).toThrow(/--out is the same file as the t1 of patient P1 in manifest\.csv \(row 2\)/)
    planOutputs([])
  })
  it('two outputs on one path are refused', () => {
    expect(() => planOutputs([{ flag: 'out', path: path.join(dir, 'a.nii') }, { flag: 'bias-out', path: path.join(dir, 'a.nii') }])).toThrow(/--out and --bias-out are the same file/)
    planOutputs([])
  })
})
