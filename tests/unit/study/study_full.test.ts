// The full acceptance run, too long for CI (about 12 minutes on 2 cores): the
// 225-patient demo cohort through `study --fast`, checked against the planted truth by
// scripts/check_study_truth.ts (RNA groups ARI ≥ 0.8; an h-RF/HSCAE group with worse MFS,
// HR > 1 and p < 0.05; RNA + HSCAE C-index above RNA alone; planted pathways enriched).
// Run it with: STUDY_FULL=1 npx vitest run tests/unit/study/study_full.test.ts
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

describe.runIf(process.env.STUDY_FULL)('full demo study (STUDY_FULL=1)', () => {
  it('recovers the planted truth in under 20 minutes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-full-'))
    const demo = path.join(dir, 'demo'), out = path.join(dir, 'out')
    const cli = (...a: string[]) => execFileSync('npx', ['tsx', 'src/cli/main.ts', ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    cli('demo', '--out', demo, '--patients', '225', '--seed', '1')
    const t0 = Date.now()
    cli('study', '--manifest', `${demo}/manifest.csv`, '--clinical', `${demo}/clinical.csv`, '--counts', `${demo}/counts.csv`, '--samples', `${demo}/samples.csv`, '--fast', '--out', out)
    const minutes = (Date.now() - t0) / 60000
    const check = JSON.parse(execFileSync('npx', ['tsx', 'scripts/check_study_truth.ts', '--analysis', `${out}/analysis.json`, '--truth', `${demo}/truth.json`], { encoding: 'utf8' }).trim().split('\n').pop()!)
    console.log(JSON.stringify({ minutes, ...check }))
    expect(check.ok).toBe(true)
    expect(minutes).toBeLessThan(20)
  }, 40 * 60_000)
})
