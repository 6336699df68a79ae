// The `preprocess` CLI command: flags of the contract, step order
// resample → N4 → match → rescale, --bias-out, one-line input errors.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Args } from '../../../src/cli/args.ts'
import { commands } from '../../../src/cli/commands/preprocess.ts'
import { readVolume, writeVolume } from '../../../src/cli/image_io.ts'
import { resampleToSpacing } from '../../../src/core/preprocess/resample.ts'
import { InputError } from '../../../src/core/errors.ts'
import { DATA, haveData } from './compare.ts'

const cmd = commands.find((c) => c.name === 'preprocess')!

async function runJson(argv: string[]): Promise<Record<string, unknown>> {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true))
  try {
    await cmd.run(new Args([...argv, '--json']))
  } finally {
    spy.mockRestore()
  }
  return JSON.parse(out)
}

describe('preprocess CLI', () => {
  it('resamples a clinical-size grid over every core (resample_pool.ts) to exactly the one-thread voxels', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-pool-'))
    const data = new Int16Array(128 * 128 * 30)
    for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) >>> 20) & 4095
    const file = path.join(dir, 'in.nii'), out = path.join(dir, 'out.nii')
    await writeVolume(file, { dims: [128, 128, 30], spacing: [1, 1, 4], origin: [-3, 5, 7], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data })
    // 256 × 256 × 67 = 4.4 M voxels: above the pool's 2^22
    const r = await runJson(['--image', file, '--resample', '0.5,0.5,1.8', '--out', out])
    expect(r.dims).toEqual([256, 256, 67])
    expect((r.steps as { step: string }[]).map((s) => s.step)).toEqual(['resample'])
    const expected = resampleToSpacing(await readVolume(file), [0.5, 0.5, 1.8])
    const got = (await readVolume(out)).data
    let differ = 0
    for (let i = 0; i < expected.data.length; i++) if (got[i] !== expected.data[i]) differ++
    expect(got.length).toBe(expected.data.length)
    expect(differ).toBe(0)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it.skipIf(!haveData('preprocess CLI on STS_002/STS_003', 'sts/STS_002/mr_t1/image.nii.gz', 'sts/STS_003/mr_t1/image.nii.gz'))('runs resample → N4 → match → rescale and writes the image and the bias field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cli-'))
    const out = path.join(dir, 'out.nii.gz'), bias = path.join(dir, 'bias.nii.gz')
    const r = await runJson([
      '--image', `${DATA}/sts/STS_002/mr_t1/image.nii.gz`, '--resample', '1,1,4', '--interpolation', 'linear',
      '--n4', '--n4-shrink', '2', '--n4-levels', '2', '--n4-iterations', '10', '--bias-out', bias,
      '--match-histogram-to', `${DATA}/sts/STS_003/mr_t1/image.nii.gz`, '--rescale', '-10000,10000', '--out', out,
    ])
    expect((r.steps as { step: string }[]).map((s) => s.step)).toEqual(['resample', 'n4', 'match', 'rescale'])
    expect(r.spacing).toEqual([1, 1, 4])
    const img = await readVolume(out)
    expect(img.dims).toEqual(r.dims)
    const st = r.stats as { min: number; max: number }
    expect(st.min).toBeCloseTo(-10000, 1)
    expect(st.max).toBeCloseTo(10000, 1)
    const b = await readVolume(bias)
    expect(b.dims).toEqual(img.dims)
    expect(Float64Array.from(b.data).reduce((m, x) => Math.min(m, x), Infinity)).toBeGreaterThan(0)
    fs.rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  it.skipIf(!haveData('preprocess CLI on STS_002/STS_003', 'sts/STS_002/mr_t1/image.nii.gz'))('--reference-grid puts the image on another image’s grid; bare --rescale uses [−10000, 10000]', async () => {
    const out = path.join(os.tmpdir(), `pp-cli-grid-${process.pid}.nii.gz`)
    const ref = await readVolume(`${DATA}/sts/STS_002/mr_t1/image.nii.gz`)
    const r = await runJson(['--image', `${DATA}/sts/STS_002/mr_t1/image.nii.gz`, '--reference-grid', `${DATA}/sts/STS_002/mr_t1/image.nii.gz`, '--interpolation', 'bspline', '--rescale', '--out', out])
    expect(r.dims).toEqual(ref.dims)
    expect((r.steps as { step: string }[]).map((s) => s.step)).toEqual(['resample', 'rescale'])
    const st = r.stats as { min: number; max: number }
    expect([st.min, st.max]).toEqual([-10000, 10000])
    fs.rmSync(out, { force: true })
  })

  it('rejects --bias-out without --n4 and a bad interpolation with an InputError', async () => {
    const base = ['--image', `${DATA}/sts/STS_002/mr_t1/image.nii.gz`, '--out', path.join(os.tmpdir(), 'x.nii.gz')]
    await expect(cmd.run(new Args([...base, '--bias-out', 'b.nii.gz']))).rejects.toBeInstanceOf(InputError)
    await expect(cmd.run(new Args([...base, '--resample', '--interpolation', 'cubic']))).rejects.toThrow(/interpolation/)
    await expect(cmd.run(new Args([...base, '--resample', '1,1', '--json']))).rejects.toThrow(/--resample/)
  })
})
