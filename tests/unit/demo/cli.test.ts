// `demo --out DIR --patients N --seed S` writes the cohort as files, byte-identical for
// a seed; the images read back with itk-wasm (the trusted reader) on the generator's grid,
// and each patient's files equal those of the patient generated alone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Args } from '../../../src/cli/args.ts'
import { commands } from '../../../src/cli/commands/foundation.ts'
import { readVolume } from '../../../src/cli/image_io.ts'
import { InputError } from '../../../src/core/errors.ts'
import { parseTable, stringColumn } from '../../../src/core/table/table.ts'
import { DEMO_CLINICAL_COLUMNS, demoPatient, demoPatientImageFiles, generateDemoPatientVolumes } from '../../../src/core/demo/index.ts'

const demo = commands.find((c) => c.name === 'demo')!
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cli-'))

async function runDemo(argv: string[]): Promise<string> {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  try {
    await demo.run(new Args(argv))
  } finally {
    spy.mockRestore()
  }
  return out
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort()
}

describe('demo command', () => {
  const a = path.join(root, 'a'), b = path.join(root, 'b')
  let summary: Record<string, unknown>
  beforeAll(async () => {
    summary = JSON.parse(await runDemo(['--out', a, '--patients', '12', '--seed', '7', '--json']))
    await runDemo(['--out', b, '--patients', '12', '--seed', '7', '--json'])
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  it('writes ≥ 48 NIfTI files and the CSVs, identical bytes for the same seed', () => {
    const files = listFiles(a)
    expect(files.filter((f) => f.endsWith('.nii.gz')).length).toBeGreaterThanOrEqual(48)
    for (const f of ['manifest.csv', 'clinical.csv', 'counts.csv', 'samples.csv', 'truth.json']) expect(files).toContain(f)
    expect(listFiles(b)).toEqual(files)
    for (const f of files) expect(Buffer.compare(fs.readFileSync(path.join(a, f)), fs.readFileSync(path.join(b, f))), f).toBe(0)
    expect(summary).toMatchObject({ patients: 12, seed: 7, nifti: 48 })
  })

  it('writes the manifest, clinical, counts and samples tables with the agreed columns', () => {
    const manifest = parseTable(fs.readFileSync(path.join(a, 'manifest.csv'), 'utf8'), 'manifest.csv')
    expect(manifest.columns).toEqual(['patient_id', 't1', 't2', 'ce_t1', 'mask', 'cohort'])
    expect(manifest.rows).toHaveLength(12)
    expect(manifest.rows[0].slice(0, 5)).toEqual(['STS-D001', 'images/STS-D001_t1.nii.gz', 'images/STS-D001_t2.nii.gz', 'images/STS-D001_ce_t1.nii.gz', 'images/STS-D001_mask.nii.gz'])
    for (const r of manifest.rows) for (const p of r.slice(1, 5)) expect(fs.existsSync(path.join(a, p))).toBe(true)
    const clinical = parseTable(fs.readFileSync(path.join(a, 'clinical.csv'), 'utf8'), 'clinical.csv')
    expect(clinical.columns).toEqual([...DEMO_CLINICAL_COLUMNS])
    expect(stringColumn(clinical, 'patient_id')).toEqual(stringColumn(manifest, 'patient_id'))
    const counts = parseTable(fs.readFileSync(path.join(a, 'counts.csv'), 'utf8'), 'counts.csv')
    const samples = parseTable(fs.readFileSync(path.join(a, 'samples.csv'), 'utf8'), 'samples.csv')
    expect(samples.columns).toEqual(['sample', 'batch'])
    expect(counts.columns).toEqual(['gene', ...stringColumn(samples, 'sample')])
    expect(counts.rows.length).toBeGreaterThan(4000)
    const truth = JSON.parse(fs.readFileSync(path.join(a, 'truth.json'), 'utf8'))
    expect(Object.keys(truth.rnaGroup)).toEqual(counts.columns.slice(1))
    expect(Object.keys(truth.risk)).toEqual(stringColumn(manifest, 'patient_id'))
    expect(Object.keys(truth.imagePhenotype)).toHaveLength(12)
  })

  it('images read back with itk-wasm on the generated grid, the mask non-empty and inside the image', async () => {
    for (const idx of [0, 7]) {
      const p = demoPatient(7, 12, idx)
      const lazy = generateDemoPatientVolumes(7, 12, idx)
      for (const kind of ['t1', 't2', 'ce_t1', 'mask'] as const) {
        const v = await readVolume(path.join(a, 'images', `${p.id}_${kind}.nii.gz`))
        expect(v.dims).toEqual(p.dims)
        for (let i = 0; i < 3; i++) {
          expect(v.spacing[i]).toBeCloseTo(p.spacing[i], 5)
          expect(v.origin[i]).toBeCloseTo(p.origin[i], 3)
        }
        expect(v.direction.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1])
        // voxels equal those of the patient generated alone
        expect(Buffer.compare(Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength), Buffer.from(lazy[kind].data.buffer))).toBe(0)
        if (kind === 'mask') {
          expect(v.data).toBeInstanceOf(Uint8Array)
          const n = (v.data as Uint8Array).reduce((s, x) => s + x, 0)
          expect(n).toBeGreaterThan(100)
          expect(n).toBeLessThan(v.data.length / 4)
        } else expect(v.data).toBeInstanceOf(Float32Array)
      }
    }
  })

  it('writes each patient exactly as that patient generated alone', () => {
    for (const idx of [3, 11]) for (const f of demoPatientImageFiles(7, 12, idx)) expect(Buffer.compare(Buffer.from(f.bytes), fs.readFileSync(path.join(a, f.path)))).toBe(0)
  })

  it('refuses bad flags with a one-line InputError', async () => {
    await expect(runDemo(['--out', path.join(root, 'c'), '--patients', '0'])).rejects.toThrow(InputError)
    await expect(runDemo(['--out', path.join(root, 'c'), '--patients', 'many'])).rejects.toThrow(/--patients/)
    await expect(runDemo(['--out', path.join(root, 'c'), '--seed', '1.5'])).rejects.toThrow(/--seed/)
    await expect(runDemo(['--patients', '3'])).rejects.toThrow(/--out/)
  })
})
