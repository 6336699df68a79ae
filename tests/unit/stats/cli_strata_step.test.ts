// The CLI side of issue 20's statistics: `cox --strata`, `stepwise --direction both` with a
// scope, singular designs and all-censored data, through the real command line, on the data
// embedded in tests/fixtures/stats/strata_step.json (R survival references).
import { describe, it, expect, beforeAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { arr, expectRel, fixture } from './helpers.ts'

const fx = fixture('strata_step.json')
let dir = ''

function csv(name: string, data: Record<string, unknown[]>, edit?: (col: string, v: unknown, r: number) => unknown): string {
  const cols = Object.keys(data)
  const n = arr(data[cols[0]]).length
  const lines = [cols.join(',')]
  for (let r = 0; r < n; r++) lines.push(cols.map((c) => { const v = edit ? edit(c, arr(data[c])[r], r) : arr(data[c])[r]; return v === null ? 'NA' : String(v) }).join(','))
  const file = path.join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

function cli(...argv: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...argv, '--json'], { encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stats-cli-'))
})

describe('stats CLI: strata, directions, degenerate data', () => {
  it('cox --strata equals coxph(... + strata(celltype, prior))', () => {
    const c = fx.cox.find((x: { strata: unknown }) => arr(x.strata).length === 2)
    const file = csv('vet.csv', c.data)
    const r = cli('cox', '--data', file, '--time', 'time', '--event', 'status', '--covariates', arr(c.covariates).join(','), '--strata', 'celltype,prior')
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.strata.length).toBe(8)
    j.terms.forEach((t: { coef: number; se: number }, i: number) => {
      expectRel(t.coef, c.coef[i], 1e-6, 'coef')
      expectRel(t.se, c.se[i], 1e-6, 'se')
    })
    expectRel(j.aic, c.aic, 1e-9, 'aic')
  })
  it('stepwise --direction both with a scope equals step()', () => {
    const c = fx.step.find((x: { name: string }) => x.name === 'both with lower and upper')
    const file = csv('lung.csv', c.data)
    const r = cli('stepwise', '--data', file, '--time', 'time', '--event', 'status', '--covariates', arr(c.upper).join(','), '--direction', 'both', '--start', arr(c.start).join(','), '--force', arr(c.lower).join(','))
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.steps.map((s: { dropped: string | null; added?: string }) => (s.dropped ? `- ${s.dropped}` : s.added ? `+ ${s.added}` : ''))).toEqual(arr(c.path))
    j.steps.forEach((s: { aic: number }, i: number) => expectRel(s.aic, c.pathAic[i], 1e-9, `AIC ${i}`))
    expect(j.selected).toEqual(arr(c.selected))
  })
  it('cox with a collinear covariate: coefficient NA (null in JSON) and a warning', () => {
    const c = fx.cox.find((x: { covariates: string[] }) => arr(x.covariates).includes('k2'))
    const file = csv('vet_k2.csv', c.data)
    const r = cli('cox', '--data', file, '--time', 'time', '--event', 'status', '--covariates', 'karno,age,k2')
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.terms[2].coef).toBeNull()
    expect(j.terms[2].hr).toBeNull()
    expect(j.warnings.join(' ')).toMatch(/singular; variable 3 \(k2\)/)
  })
  it('cindex-cv with every patient censored is refused (exit 2, one line)', () => {
    const c = fx.cox[0]
    const file = csv('vet_censored.csv', c.data, (col, v) => (col === 'status' ? 0 : v))
    const r = cli('cindex-cv', '--data', file, '--time', 'time', '--event', 'status', '--models', 'karno;karno,age', '--bootstrap', '10')
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(/all 137 patients are censored/)
  })
  it('cindex-cv with folds that hold no event: NA folds with warnings, not nulls in silence', () => {
    const c = fx.cox[0]
    // three events only: most held-out folds have none
    const file = csv('vet_3events.csv', c.data, (col, v, r) => (col === 'status' ? (r < 3 ? 1 : 0) : v))
    const r = cli('cindex-cv', '--data', file, '--time', 'time', '--event', 'status', '--models', 'karno', '--folds', '10', '--bootstrap', '20')
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out)
    const na = j.cv[0].folds.filter((x: number | null) => x === null).length
    expect(na).toBeGreaterThan(0)
    expect(j.warnings.filter((w: string) => /fold/.test(w))).toHaveLength(na)
    expect(Number.isFinite(j.cv[0].mean)).toBe(true)
  })
})
