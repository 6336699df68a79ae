// The bundled CLI (scripts/build-cli.mjs → build/cli/main.mjs, run by `npm run cli`) behaves
// as the TypeScript sources run through tsx: same help text, and a worker-pool command works.
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const node = (...a: string[]) => execFileSync(process.execPath, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

describe('bundled CLI', () => {
  it('builds, prints the same help as the sources, and runs a cohort command', () => {
    node('scripts/build-cli.mjs')
    expect(fs.existsSync('build/cli/main.mjs')).toBe(true)
    expect(fs.existsSync('build/cli/imaging_worker.mjs')).toBe(true)
    const bundled = node('scripts/cli.mjs', 'help')
    expect(bundled).toBe(node('--import', 'tsx', 'src/cli/main.ts', 'help'))
    expect(bundled).toContain('radiomics-cohort')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bundle-'))
    node('build/cli/main.mjs', 'demo', '--out', dir, '--patients', '2', '--seed', '5')
    node('build/cli/main.mjs', 'radiomics-cohort', '--manifest', path.join(dir, 'manifest.csv'), '--preset', 'paper', '--out', path.join(dir, 'f.csv'))
    const lines = fs.readFileSync(path.join(dir, 'f.csv'), 'utf8').trim().split('\n')
    expect(lines.length).toBe(3)
    expect(lines[0].startsWith('patient_id,')).toBe(true)
    fs.rmSync(dir, { recursive: true, force: true })
  }, 120_000)
})
