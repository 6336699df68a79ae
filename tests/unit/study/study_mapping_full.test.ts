// Issue 16 acceptance 4: `study --mapping` on a hospital's clinical table (renamed columns,
// local codes, dates of diagnosis / relapse / last news instead of MFS time and event)
// reproduces the results of the same demo cohort's study on its own table: the same groups,
// the same survival analyses (log-rank p, Kaplan–Meier at the horizon, Cox HRs and CIs) and
// the same flow of patients. Small demo, --fast plan without preprocessing or deep models.
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseTable, toCsv } from '../../../src/core/table/table.ts'
import { hospitalMapping, hospitalTable } from './hospital_table.ts'

const CLI = ['--import', 'tsx', 'src/cli/main.ts']

describe('study --mapping: a hospital table gives the demo results', () => {
  it('same groups, survival and flow as the unmapped run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-mapping-'))
    execFileSync(process.execPath, [...CLI, 'demo', '--out', dir, '--patients', '16', '--seed', '3'], { stdio: 'ignore' })
    const demo = parseTable(fs.readFileSync(path.join(dir, 'clinical.csv'), 'utf8'), 'clinical.csv')
    const histo: Record<string, string> = {}
    const hosp = hospitalTable(demo, histo)
    fs.writeFileSync(path.join(dir, 'hospital.csv'), toCsv(hosp.columns, hosp.rows))
    fs.writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(hospitalMapping(demo, histo)))
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ preprocess: { enabled: false }, deep: { enabled: false }, consensus: { reps: 20, maxK: 3 } }))
    const run = (out: string, clinical: string, extra: string[] = []) => {
      execFileSync(process.execPath, [...CLI, 'study', '--manifest', path.join(dir, 'manifest.csv'), '--clinical', path.join(dir, clinical), '--fast', '--config', path.join(dir, 'plan.json'), '--threads', '2', '--no-cache', '--out', path.join(dir, out), ...extra], { stdio: 'ignore' })
      return JSON.parse(fs.readFileSync(path.join(dir, out, 'analysis.json'), 'utf8'))
    }
    const a = run('plain', 'clinical.csv')
    const b = run('mapped', 'hospital.csv', ['--mapping', path.join(dir, 'mapping.json')])
    expect(b.n).toEqual(a.n)
    expect(b.groups).toEqual(a.groups)
    expect(b.flow).toEqual(a.flow)
    expect(Object.keys(b.survival).sort()).toEqual(Object.keys(a.survival).sort())
    expect(Object.keys(a.survival).length).toBeGreaterThan(0)
    // every number of the survival analyses: rank-based, so identical from times within half a day in the same order
    const numbers = (x: unknown): number[] => (typeof x === 'number' ? [x] : x && typeof x === 'object' ? Object.values(x).flatMap(numbers) : [])
    for (const g of Object.keys(a.survival)) {
      const na = numbers(a.survival[g]), nb = numbers(b.survival[g])
      expect(nb.length, g).toBe(na.length)
      for (let i = 0; i < na.length; i++) expect(Math.abs(nb[i] - na[i]), `${g} #${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(na[i])))
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }, 240_000)
})
