// study checks its inputs and its output folder before any imaging: mismatched count ids
// and an --out that is an existing file fail in seconds, naming the ids / the path.
import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const B = 'tests/fixtures/bad'
const study = (...extra: string[]) => {
  const t0 = Date.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'study', '--manifest', `${B}/manifest_one_bad_patient.csv`, '--clinical', `${B}/clinical_good.csv`, '--fast', ...extra], { encoding: 'utf8', timeout: 60_000 })
  return { ...r, seconds: (Date.now() - t0) / 1000 }
}

describe('study preflight', () => {
  it('count columns that match no patient fail in under 10 s, naming the ids', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'io-preflight-'))
    const r = study('--counts', `${B}/counts_good.csv`, '--out', path.join(dir, 'out'))
    expect(r.status, r.stderr).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/counts_good\.csv, header: 3 of 3 sample column\(s\) match no patient_id of .*manifest_one_bad_patient\.csv: S1, S2, S3/)
    expect(r.seconds).toBeLessThan(10 + 5) // + tsx start-up under load
  })
  it('--out that is an existing file fails before reading anything', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'io-preflight-'))
    const file = path.join(dir, 'taken.txt')
    fs.writeFileSync(file, 'keep me')
    const r = study('--out', file)
    expect(r.status, r.stderr).toBe(2)
    expect(r.stderr).toMatch(/taken\.txt: --out is an existing file; it must be a folder/)
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me')
  })
})
