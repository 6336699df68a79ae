// The CLI's analysis.json on a small demo study held to a committed copy (issue 14: the
// redesign keeps every CLI output byte-identical; fields may be added, none may change).
// `demo --patients 30 --seed 3` then `study --fast` without the deep models (plan below), the
// imaging over 2 worker threads, no step cache. Compared field by field, exactly (numbers as
// written, to the last digit); left out as they change from run to run or machine to machine:
// `created`, `versions`, each step's `seconds`, and the temporary folder in the input paths.
//
// A deliberate change of a study result: regenerate with
//   GOLDEN_UPDATE=1 npx vitest run tests/unit/study/golden_analysis.test.ts
// and say in the commit which fields changed and why.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { gunzipSync, gzipSync } from 'node:zlib'

const GOLDEN = 'tests/fixtures/study/golden_analysis.json.gz'
const PLAN = { deep: { enabled: false } }

/** The analysis without what varies between runs; `dir` (the run's folder) becomes <dir>. */
export function comparable(text: string, dir: string): Record<string, unknown> {
  const a = JSON.parse(text.split(dir).join('<dir>')) as Record<string, unknown>
  delete a.created
  delete a.versions
  for (const s of (a.steps ?? []) as { seconds?: number }[]) delete s.seconds
  return a
}

/** Paths where `actual` differs from `golden` (a member only in `actual` is an added field, allowed). */
export function differences(golden: unknown, actual: unknown, at = '', out: string[] = []): string[] {
  if (out.length >= 20) return out
  if (Array.isArray(golden)) {
    if (!Array.isArray(actual) || actual.length !== golden.length) out.push(`${at}: ${Array.isArray(actual) ? `${actual.length} items, golden ${golden.length}` : 'not a list'}`)
    else golden.forEach((g, i) => differences(g, actual[i], `${at}[${i}]`, out))
  } else if (golden !== null && typeof golden === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) out.push(`${at}: not an object`)
    else for (const [k, g] of Object.entries(golden)) {
      if (!(k in actual)) out.push(`${at}.${k}: missing`)
      else differences(g, (actual as Record<string, unknown>)[k], `${at}.${k}`, out)
    }
  } else if (!Object.is(golden, actual)) out.push(`${at}: ${JSON.stringify(actual)}, golden ${JSON.stringify(golden)}`)
  return out
}

describe('analysis.json of the demo study', () => {
  it('differs from the committed copy in no field (apart from added ones)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'))
    const cli = (args: string[]) => execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    cli(['demo', '--out', `${dir}/demo`, '--patients', '30', '--seed', '3'])
    fs.writeFileSync(`${dir}/plan.json`, JSON.stringify(PLAN) + '\n')
    const d = `${dir}/demo`
    cli(['study', '--manifest', `${d}/manifest.csv`, '--clinical', `${d}/clinical.csv`, '--counts', `${d}/counts.csv`, '--samples', `${d}/samples.csv`, '--fast', '--config', `${dir}/plan.json`, '--no-cache', '--threads', '2', '--out', `${dir}/out`])
    const actual = comparable(fs.readFileSync(`${dir}/out/analysis.json`, 'utf8'), dir)
    if (process.env.GOLDEN_UPDATE) fs.writeFileSync(GOLDEN, gzipSync(JSON.stringify(actual, null, 1) + '\n', { level: 9 }))
    const golden = JSON.parse(gunzipSync(fs.readFileSync(GOLDEN)).toString('utf8'))
    expect(Object.keys(golden).length).toBeGreaterThan(20)
    expect(differences(golden, actual)).toEqual([])
    fs.rmSync(dir, { recursive: true, force: true })
  }, 1_800_000)
})
