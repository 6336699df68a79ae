// CLI contract: `radiomics … --json` → {features, settings}; `icc` writes the per-feature table.
import { describe, expect, it, vi } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Args } from '../../../src/cli/args.ts'
import { commands } from '../../../src/cli/commands/radiomics.ts'
import { DATA, haveData } from '../shared_data.ts'

async function runCli(argv: string[]): Promise<string> {
  const [name, ...rest] = argv
  const cmd = commands.find((c) => c.name === name)!
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true })
  try {
    await cmd.run(new Args(rest))
  } finally {
    spy.mockRestore()
  }
  return out
}

describe('radiomics CLI', () => {
  it.skipIf(!haveData('radiomics CLI on the digital phantom', 'ibsi/digital_phantom/image.nii.gz'))('radiomics --preset ibsi-digital-phantom --json gives {features, settings}', async () => {
    const dp = `${DATA}/ibsi/digital_phantom`
    const res = JSON.parse(await runCli(['radiomics', '--image', `${dp}/image.nii.gz`, '--mask', `${dp}/mask.nii.gz`, '--preset', 'ibsi-digital-phantom', '--json']))
    expect(Object.keys(res).sort()).toEqual(['features', 'settings'])
    expect(res.features.morph_volume).toBeCloseTo(556, -1)
    expect(res.features.cm_contrast_3D_comb).toBeCloseTo(5.12, 2) // IBSI reference 5.12
    expect(res.settings.name).toBe('ibsi-digital-phantom')
  })
  it.skipIf(!haveData('radiomics-cohort on STS', 'sts/STS_001/mr_t1/image.nii.gz'))('radiomics-cohort --preset paper writes one patient_id row per manifest line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-'))
    const sts = path.resolve(`${DATA}/sts`)
    const manifest = ['patient_id,image,mask', ...['STS_002', 'STS_003'].map((id) => `${id},${sts}/${id}/mr_t1/image.nii.gz,${sts}/${id}/mr_t1/mask.nii.gz`)].join('\n')
    fs.writeFileSync(path.join(dir, 'manifest.csv'), manifest)
    const out = path.join(dir, 'features.csv')
    const res = JSON.parse(await runCli(['radiomics-cohort', '--manifest', path.join(dir, 'manifest.csv'), '--preset', 'paper', '--out', out, '--json']))
    expect(res).toMatchObject({ out, patients: 2, features: 181 })
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n')
    expect(lines.length).toBe(3)
    expect(lines[0].startsWith('patient_id,t1.conv_min,')).toBe(true)
    expect(lines[0]).toContain('ce_t1.glcm_contrast_d2')
    expect(lines[1].startsWith('STS_002,')).toBe(true)
  })
  it('icc --model 3,1 writes one row per shared feature with keep flags', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-'))
    fs.writeFileSync(path.join(dir, 'a.csv'), 'patient_id,x,y\np1,1,5\np2,2,1\np3,3,4\np4,4,2\n')
    fs.writeFileSync(path.join(dir, 'b.csv'), 'patient_id,y,x\np2,3,2.1\np1,1,1.05\np4,5,3.9\np3,2,3\n')
    const res = JSON.parse(await runCli(['icc', '--a', path.join(dir, 'a.csv'), '--b', path.join(dir, 'b.csv'), '--model', '3,1', '--out', path.join(dir, 'icc.csv'), '--json']))
    expect(res.kept).toEqual(['x'])
    expect(fs.readFileSync(path.join(dir, 'icc.csv'), 'utf8').split('\n')[0]).toBe('feature,icc,lower,upper,f,p,n,keep')
  })
})
