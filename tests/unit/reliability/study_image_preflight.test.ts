// `study` checks every image of every patient before any imaging (src/cli/cohort_preflight.ts):
// a bad file in patient 7 of a 12-patient demo fails in seconds, naming the file, the
// patient and the field; a clinical table whose ids match no patient fails naming the ids.
import { describe, it, expect, beforeAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'

const cli = (...args: string[]) => {
  const t0 = Date.now()
  const r = spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8', timeout: 120_000 })
  return { ...r, seconds: (Date.now() - t0) / 1000 }
}
let demo = ''
const copyDemo = (name: string) => {
  const d = path.join(path.dirname(demo), name)
  fs.cpSync(demo, d, { recursive: true })
  return d
}
const study = (d: string, ...extra: string[]) => cli('study', '--manifest', path.join(d, 'manifest.csv'), '--clinical', path.join(d, 'clinical.csv'), '--fast', '--quiet', '--out', path.join(d, 'out'), ...extra)
function expectOneLineError(r: ReturnType<typeof cli>, file: string, where: RegExp[]) {
  expect(r.status, r.stderr).toBe(2)
  const lines = r.stderr.split('\n').filter((l) => l.trim())
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  expect(lines[0]).toContain(file)
  for (const w of where) expect(lines[0]).toMatch(w)
  expect(r.seconds).toBeLessThan(10 + 5) // + start-up under load
}
const editGz = (file: string, edit: (b: Buffer) => void) => {
  const b = zlib.gunzipSync(fs.readFileSync(file))
  edit(b)
  fs.writeFileSync(file, zlib.gzipSync(b))
}
/** nothing was imaged: the step cache beside --out holds no step */
const noImaging = (d: string) => expect(fs.existsSync(path.join(d, 'out.cache')) ? fs.readdirSync(path.join(d, 'out.cache')) : []).toEqual([])

describe('study preflight of the images', () => {
  beforeAll(() => {
    demo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rel-imgpre-')), 'demo')
    const r = cli('demo', '--out', demo, '--patients', '12', '--seed', '1')
    expect(r.status, r.stderr).toBe(0)
  }, 60_000)

  it('a truncated image of patient 7 fails before any imaging, naming the file', () => {
    const d = copyDemo('trunc')
    const f = path.join(d, 'images', 'STS-D007_t2.nii.gz')
    const b = fs.readFileSync(f)
    fs.writeFileSync(f, b.subarray(0, b.length >> 1))
    expectOneLineError(study(d), 'STS-D007_t2.nii.gz', [/truncated or corrupt/, /patient STS-D007, t2/, /copy the file again/])
    noImaging(d)
  }, 60_000)

  it('a NaN voxel size in patient 7\'s CE-T1 header fails naming the field', () => {
    const d = copyDemo('nan')
    editGz(path.join(d, 'images', 'STS-D007_ce_t1.nii.gz'), (b) => b.writeFloatLE(NaN, 84))
    expectOneLineError(study(d), 'STS-D007_ce_t1.nii.gz', [/pixdim\[2\] is NaN/, /patient STS-D007, ce_t1/, /fix the header/])
    noImaging(d)
  }, 60_000)

  it('without preprocessing, a mask off the CE-T1 grid fails naming both files', () => {
    const d = copyDemo('grid')
    editGz(path.join(d, 'images', 'STS-D007_mask.nii.gz'), (b) => b.writeFloatLE(b.readFloatLE(80) * 2, 80))
    fs.writeFileSync(path.join(d, 'plan.json'), JSON.stringify({ preprocess: { enabled: false } }))
    expectOneLineError(study(d, '--config', path.join(d, 'plan.json')), 'STS-D007_mask.nii.gz', [/mask grid .* differs from the CE-T1 grid of .*STS-D007_ce_t1\.nii\.gz/, /patient STS-D007/])
    noImaging(d)
  }, 60_000)

  it('clinical ids that match no patient fail naming ids of both tables', () => {
    const d = copyDemo('ids')
    const c = path.join(d, 'clinical.csv')
    fs.writeFileSync(c, fs.readFileSync(c, 'utf8').replace(/STS-D0/g, 'X-'))
    expectOneLineError(study(d), 'clinical.csv', [/no patient of the manifest .*manifest\.csv has a row here/, /STS-D001, STS-D002, STS-D003/, /X-01, X-02, X-03/])
    noImaging(d)
  }, 60_000)
})
