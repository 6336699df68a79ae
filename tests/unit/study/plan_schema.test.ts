// The plan schema (src/core/study/plan_schema.ts) is the one place the plan's bounds live:
// every bound is refused, one step past it, by the CLI path (`study --config FILE` run
// in-process, and mergePlan + validatePlan as the worker does) and by the Study form's
// validation (planProblems, which disables "Run the study"); the bound itself is accepted by
// both. Every setting of AnalysisPlan has a schema field or a module that validates it.
import { describe, it, expect, afterAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defaultPlan, fastPlan, mergePlan, type AnalysisPlan } from '../../../src/core/study/plan.ts'
import { PLAN_FIELDS, STRUCTURED_SETTINGS, fieldDefault, getSetting, planProblems, setSetting, validatePlan, type PlanField } from '../../../src/core/study/plan_schema.ts'
import { InputError } from '../../../src/core/errors.ts'
import { parseArgs } from '../../../src/cli/args.ts'
import { commands } from '../../../src/cli/commands/study.ts'

const study = commands[0]
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-schema-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** the patch {a: {b: value}} for path "a.b" */
function patchOf(p: string, value: unknown): Record<string, unknown> {
  return p.split('.').reduceRight<unknown>((v, k) => ({ [k]: v }), value) as Record<string, unknown>
}

/** The CLI: `study --config FILE --print-plan` (validates before printing, reads no data). */
async function cli(patch: unknown): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const file = path.join(dir, 'plan.json')
  fs.writeFileSync(file, JSON.stringify(patch))
  const write = process.stdout.write
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    await study.run(parseArgs(study, ['--config', file, '--print-plan']))
    return { ok: true }
  } catch (error) {
    return { ok: false, error }
  } finally {
    process.stdout.write = write
  }
}

/** The form: the plan as the form holds it after the edit, and what the Study page lists. */
function form(p: string, value: unknown): string[] {
  const plan = defaultPlan()
  setSetting(plan, p, value)
  return planProblems(plan).map((x) => x.path)
}

/** A value just past a bound, and the bound, for each bounded field. */
function cases(f: PlanField): { value: unknown; bound: unknown; side: string }[] {
  const out: { value: unknown; bound: unknown; side: string }[] = []
  // in a vector, the lower bound is tried on the first element and the upper on the last (ordered pairs stay ordered)
  const wrap = (x: number, last = false) => {
    if (f.kind !== 'vec') return x
    const v = [...(fieldDefault(f) as number[])]
    v[last ? v.length - 1 : 0] = x
    return v
  }
  const eps = f.kind === 'int' ? 1 : 1e-9
  if (f.min !== undefined) out.push({ value: wrap(f.min - eps), bound: wrap(f.min), side: 'min' })
  if (f.max !== undefined) out.push({ value: wrap(f.max + eps, true), bound: wrap(f.max, true), side: 'max' })
  return out
}

describe('plan schema', () => {
  it('the paper plan and the fast plan pass', () => {
    expect(planProblems(defaultPlan())).toEqual([])
    expect(planProblems(fastPlan())).toEqual([])
  })

  it('every setting of the plan has a schema field or a validating module', () => {
    const leaves: string[] = []
    const walk = (o: unknown, p: string) => {
      if (p in STRUCTURED_SETTINGS) return leaves.push(p)
      if (o !== null && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) walk(v, p ? `${p}.${k}` : k)
      else leaves.push(p)
    }
    walk(defaultPlan(), '')
    const known = new Set([...PLAN_FIELDS.map((f) => f.path), ...Object.keys(STRUCTURED_SETTINGS)])
    for (const l of leaves) expect(known.has(l), `plan setting "${l}" has no schema field`).toBe(true)
    for (const f of PLAN_FIELDS) expect(getSetting(defaultPlan(), f.path), `schema field "${f.path}" is not a plan setting`).not.toBeUndefined()
    expect(new Set(PLAN_FIELDS.map((f) => f.path)).size).toBe(PLAN_FIELDS.length)
  })

  const bounded = PLAN_FIELDS.flatMap((f) => cases(f).map((c) => ({ f, ...c })))
  it('has bounds to test', () => expect(bounded.length).toBeGreaterThan(40))

  for (const { f, value, bound, side } of bounded) {
    it(`${f.path} ${side}: one step past is refused by the CLI and the form, the bound is accepted by both`, async () => {
      // the form
      expect(form(f.path, value)).toContain(f.path)
      expect(form(f.path, bound)).toEqual([])
      // the CLI: an InputError naming the file and the setting
      const bad = await cli(patchOf(f.path, value))
      expect(bad.ok).toBe(false)
      const err = (bad as { error: unknown }).error
      expect(err).toBeInstanceOf(InputError)
      expect((err as Error).message).toMatch(new RegExp(`plan\\.json, setting "${f.path.replace(/\./g, '\\.')}": `))
      expect(await cli(patchOf(f.path, bound))).toEqual({ ok: true })
    })
  }

  it('whole numbers, options, lists and the cross-field rules: CLI and form agree', async () => {
    const refused: [string, unknown][] = [
      ['consensus.reps', 2.5],
      ['radiomics.preset', 'no-such-preset'],
      ['consensus.distance', 'cosine'],
      ['icc.model', '1,1'],
      ['radiomics.sequences', []],
      ['radiomics.sequences', ['t1', 'flair']],
      ['radiomics.sequences', ['t1', 't1']],
      ['preprocess.spacing', [1, 1]],
      ['consensus.k', 9],
      ['consensus.k', 7], // > maxK 6
      ['deep.k', 'auto'], // mergePlan lets "auto" through for any key named k; only consensus.k may be auto
      ['enrichment.gmt', '  '],
      ['sarculator.thresholds', [66, 51]],
      ['preprocess.rescale', [5, 5]],
    ]
    for (const [p, v] of refused) {
      expect(form(p, v), `${p} = ${JSON.stringify(v)}`).toContain(p)
      const r = await cli(patchOf(p, v))
      expect(r.ok, `${p} = ${JSON.stringify(v)}`).toBe(false)
      expect(((r as { error: Error }).error).message).toContain(`setting "${p}"`)
    }
    const accepted: [string, unknown][] = [
      ['consensus.k', 'auto'],
      ['consensus.k', 6],
      ['radiomics.sequences', ['ce_t1']],
      ['radiomics.preset', 'ibsi-config-a'],
    ]
    for (const [p, v] of accepted) {
      expect(form(p, v), `${p} = ${JSON.stringify(v)}`).toEqual([])
      expect(await cli(patchOf(p, v)), `${p} = ${JSON.stringify(v)}`).toEqual({ ok: true })
    }
  })

  it('validatePlan names the file, the setting, its label and the allowed range', () => {
    const p: AnalysisPlan = mergePlan(defaultPlan(), { consensus: { reps: 0 } }, 'my-plan.json')
    expect(() => validatePlan(p, 'my-plan.json')).toThrow('my-plan.json, setting "consensus.reps": must be a whole number from 1 to 100000, got 0 (resamplings)')
    expect(() => mergePlan(defaultPlan(), { consensus: { repz: 1 } }, 'my-plan.json')).toThrow(InputError)
  })
})
