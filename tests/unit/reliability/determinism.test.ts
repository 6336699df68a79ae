// Seeded stochastic steps are reproducible: the same command with the same seed gives the
// same bytes (demo cohort files, consensus clustering, cross-validated C-index), the seed is
// recorded in the output, and another seed gives another result (the seed is really used).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRng } from '../../../src/core/random.ts'

function cli(...argv: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) throw new Error(`${argv.join(' ')} → ${r.status}: ${r.stderr}`)
  return r.stdout
}

/** Every file under dir with its bytes, paths relative to dir. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) walk(p)
      else out[p] = fs.readFileSync(path.join(dir, p)).toString('base64')
    }
  }
  walk('')
  return out
}

let tmp = ''
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-det-'))
  // three noisy groups of items for consensus clustering, from the project's seeded generator
  const rng = createRng(11)
  const rows = ['id,a,b,c,d']
  for (let i = 0; i < 24; i++) rows.push([`i${i}`, ...Array.from({ length: 4 }, () => ((i % 3) * 2 + rng.normal()).toFixed(4))].join(','))
  fs.writeFileSync(path.join(tmp, 'items.csv'), rows.join('\n') + '\n')
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe.concurrent('same seed, same output', () => {
  it('demo cohort: identical files (images, tables, counts) for the same seed, different for another', () => {
    const a = path.join(tmp, 'demo-a'), b = path.join(tmp, 'demo-b'), c = path.join(tmp, 'demo-c')
    cli('demo', '--out', a, '--patients', '3', '--seed', '7', '--json')
    cli('demo', '--out', b, '--patients', '3', '--seed', '7', '--json')
    cli('demo', '--out', c, '--patients', '3', '--seed', '8', '--json')
    const ta = tree(a)
    expect(Object.keys(ta).length).toBeGreaterThan(12)
    expect(tree(b)).toEqual(ta)
    const tc = tree(c)
    expect(tc['clinical.csv']).not.toBe(ta['clinical.csv'])
    expect(ta['images/STS-D001_t1.nii.gz']).toBeDefined()
    expect(tc['images/STS-D001_t1.nii.gz']).not.toBe(ta['images/STS-D001_t1.nii.gz'])
  })

  it('consensus clustering: identical JSON (consensus, PAC, clusters) for the same seed; the seed is in the output', () => {
    const run = (seed: number) => cli('consensus', '--data', path.join(tmp, 'items.csv'), '--max-k', '4', '--reps', '40', '--seed', String(seed), '--json')
    const a = run(3)
    expect(run(3)).toBe(a)
    const ja = JSON.parse(a)
    expect(ja.seed).toBe(3)
    const other = JSON.parse(run(4))
    expect(other.seed).toBe(4)
    // the resamplings differ: the item consensus values are not all equal
    expect(other.k['3'].itemConsensus).not.toEqual(ja.k['3'].itemConsensus)
  })

  it('cross-validated C-index: identical folds and bootstrap for the same seed; the seed is in the output', () => {
    const dir = path.join(tmp, 'demo-cv')
    cli('demo', '--out', dir, '--patients', '40', '--seed', '2', '--json')
    const run = (seed: number) =>
      cli('cindex-cv', '--data', path.join(dir, 'clinical.csv'), '--time', 'mfs_time', '--event', 'mfs_event', '--models', 'age;age,grade', '--folds', '3', '--repeats', '2', '--bootstrap', '50', '--seed', String(seed), '--json')
    const a = run(5)
    expect(run(5)).toBe(a)
    const ja = JSON.parse(a)
    expect(ja.seed).toBe(5)
    const other = JSON.parse(run(6))
    expect(other.cv[0].folds).not.toEqual(ja.cv[0].folds)
  })
})
