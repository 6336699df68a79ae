// The HSCAE λ sensitivity table (issue 21): per λ of the plan, the HSCAE's groups and HRs.
// (1) the analysis on a fixed table equals the Cox engine on the same grouping; (2) a study
// run with the deep models on (tiny CPU models) trains one HSCAE per extra λ, reuses the
// study's HSCAE for the plan's λ, and the report and the methods text show the table.
import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { lambdaSensitivity, LAMBDA_COLUMN, sensitivityLambdas, type LambdaRun } from '../../../src/core/study/lambda_sensitivity.ts'
import { coxph } from '../../../src/core/stats/cox.ts'
import { buildModelFrame } from '../../../src/core/stats/model_frame.ts'
import { adjustedRandIndex } from '../../../src/core/cluster/ari.ts'
import { defaultPlan, fastPlan } from '../../../src/core/study/plan.ts'
import { validatePlan } from '../../../src/core/study/plan_schema.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { DERIVED } from '../../../src/core/study/study_table.ts'
import { runStudyBundle, type StudyBundle } from '../../../src/core/study/run.ts'
import { methodsParagraph } from '../../../src/core/study/report/methods.ts'
import type { Table } from '../../../src/core/table/table.ts'
import { createRng } from '../../../src/core/random.ts'
import { demoStudyData } from './demo_study.ts'
import { deepSliceKey, deepSliceOptions } from '../../../src/core/study/imaging.ts'

const V = DEMO_VARIABLES

/** 40 patients: group X has a higher hazard than Y; λ = 0 and 0.005 group by it, λ = 0.05 swaps 8 patients. */
function fixture(): { table: Table; runs: LambdaRun[] } {
  const rng = createRng(7)
  const rows: string[][] = []
  const truth: string[] = []
  for (let i = 0; i < 40; i++) {
    const bad = i % 2 === 0
    const time = -Math.log(1 - rng.next()) * (bad ? 20 : 80)
    const event = time < 60 ? 1 : 0
    rows.push([`P${i}`, String(Math.min(time, 60)), String(event), i < 32 ? 'train' : 'test'])
    truth.push(bad ? 'B' : 'A')
  }
  const table: Table = { name: 'analysis', columns: [V.id, V.time, V.event, DERIVED.cohort], rows }
  const groupsOf = (swap: number) => Object.fromEntries(rows.map((r, i) => [r[0], i < swap ? (truth[i] === 'A' ? 'B' : 'A') : truth[i]]))
  const metrics = (c: number, mse: number) => ({ cindex: { train: c, test: NaN, source: 'risk head' }, relativeMsePercent: { train: mse, validation: mse, test: mse } })
  return {
    table,
    runs: [
      { lambda: 0, groups: groupsOf(0), metrics: metrics(0.55, 0.7) },
      { lambda: 0.005, groups: groupsOf(0), metrics: metrics(0.8, 0.8) },
      { lambda: 0.05, groups: groupsOf(8), metrics: metrics(0.9, 1.5) },
    ],
  }
}

describe('λ sensitivity analysis', () => {
  it('gives per λ the groups, the HRs of the Cox engine against the best-MFS group, the worst group and the agreement with the study grouping', () => {
    const { table, runs } = fixture()
    const plan = defaultPlan()
    plan.deep.lambda = 0.005
    const s = lambdaSensitivity(table, V, runs, plan)
    expect(s.lambda).toBe(0.005)
    expect(s.rows.map((r) => r.lambda)).toEqual([0, 0.005, 0.05])
    expect(s.rows.map((r) => r.main)).toEqual([false, true, false])
    for (const [k, row] of s.rows.entries()) {
      const run = runs[k]
      // group sizes, events and cohorts from the table
      for (const g of row.groups) {
        const ids = table.rows.filter((r) => run.groups[r[0]] === g.group)
        expect(g.n).toBe(ids.length)
        expect(g.events).toBe(ids.filter((r) => r[2] === '1').length)
        expect(g.train + g.test).toBe(g.n)
        expect(g.test).toBe(ids.filter((r) => r[3] === 'test').length)
      }
      expect(row.groups.reduce((a, g) => a + g.n, 0)).toBe(40)
      // the worst group is the one with the highest events per person-time; the reference the other
      const rate = (g: string) => {
        const r = table.rows.filter((x) => run.groups[x[0]] === g)
        return r.reduce((a, x) => a + Number(x[2]), 0) / r.reduce((a, x) => a + Number(x[1]), 0)
      }
      const worst = rate('A') > rate('B') ? 'A' : 'B'
      expect(row.worst).toBe(worst)
      expect(row.reference).toBe(worst === 'A' ? 'B' : 'A')
      // the univariable HR is the Cox engine's on the same grouping and reference
      const t = { ...table, columns: [...table.columns, 'g'], rows: table.rows.map((r) => [...r, run.groups[r[0]]]) }
      const direct = coxph(buildModelFrame(t, { time: V.time, event: V.event, covariates: ['g'], factors: ['g'], ref: { g: row.reference! } })).terms
      expect(row.univariable).toHaveLength(1)
      expect(row.univariable[0].term).toBe(`${LAMBDA_COLUMN}=${worst}`)
      expect(row.univariable[0].hr).toBeCloseTo(direct[0].hr, 10)
      expect(row.univariable[0].p).toBeCloseTo(direct[0].p, 10)
      expect(row.univariable[0].hr).toBeGreaterThan(1)
      expect(row.logrankP).toBeGreaterThan(0)
      const ids = table.rows.map((r) => r[0])
      expect(row.ariWithMain).toBeCloseTo(adjustedRandIndex(ids.map((id) => run.groups[id]), ids.map((id) => runs[1].groups[id])), 12)
      expect(row.cindexTrain).toBe(run.metrics.cindex.train)
      expect(row.relativeMseTestPercent).toBe(run.metrics.relativeMsePercent.test)
    }
    expect(s.rows[1].ariWithMain).toBe(1)
    expect(s.rows[2].ariWithMain!).toBeLessThan(1)
  })

  it('a grouping with a single group is reported as not estimable, not as a number', () => {
    const { table, runs } = fixture()
    const one = { ...runs[0], groups: Object.fromEntries(Object.keys(runs[0].groups).map((id) => [id, 'A'])) }
    const row = lambdaSensitivity(table, V, [one], defaultPlan()).rows[0]
    expect(row.groups).toHaveLength(1)
    expect(row.univariable).toEqual([])
    expect(row.note ?? '').toMatch(/not estimable/)
  })

  it('the plan lists the λ values (0, 0.005, 0.05 by default), each trained once, and validates them', () => {
    expect(defaultPlan().deep.sensitivityLambdas).toEqual([0, 0.005, 0.05])
    expect(fastPlan().deep.sensitivity).toBe(true)
    const p = defaultPlan()
    p.deep.sensitivityLambdas = [0.05, 0, 0.05]
    expect(sensitivityLambdas(p)).toEqual([0.05, 0])
    p.deep.sensitivity = false
    expect(sensitivityLambdas(p)).toEqual([])
    p.deep.sensitivity = true
    p.deep.sensitivityLambdas = [0, -1, 0.05]
    expect(() => validatePlan(p)).toThrow(/λ values/)
  })

  it('the methods text states the crop, the cross-validation protocol, the learning-rate schedule and the λ values', () => {
    const p = defaultPlan()
    p.deep = { ...p.deep, crop: 'fov', fovMm: 180, cv: 'independent', aggregate: 'held-out', lrSchedule: 'plateau' }
    const text = methodsParagraph(p, { patients: 10, train: 8, test: 2, rna: 0 }, { deep: true, rna: false, preprocess: false })
    expect(text).toContain('a fixed 180 mm field of view centred on the tumour, so that tumour size is kept')
    expect(text).toContain('a fresh model per repeat')
    expect(text).toContain('where it was held out')
    expect(text).toContain('halved after each epoch without held-out improvement')
    expect(text).toContain(`λ = ${p.deep.lambda}`)
    expect(text).toContain('also trained with λ = 0, 0.005, 0.05')
    p.deep = { ...p.deep, crop: 'fill', cv: 'warm-start', lrSchedule: 'constant', sensitivity: false }
    const plain = methodsParagraph(p, { patients: 10, train: 8, test: 2, rna: 0 }, { deep: true, rna: false, preprocess: false })
    expect(plain).toContain('stretched to the frame, so that tumour size is not kept')
    expect(plain).toContain('one model trained through the repeats')
    expect(plain).not.toContain('sensitivity analysis')
  })
})

describe('the deep input window in the study', () => {
  it("the plan's crop reaches the slices; 'fill' keeps the imaging cache key of plans from before the setting", () => {
    const p = defaultPlan()
    p.deep = { ...p.deep, size: 32, crop: 'fov', fovMm: 160 }
    expect(deepSliceOptions(p)).toEqual({ size: 32, crop: 'fov', fieldOfViewMm: 160 })
    expect(deepSliceKey(p)).toEqual({ slice: { crop: 'fov', fovMm: 160 } })
    p.deep.crop = 'fill'
    expect(deepSliceOptions(p)).toEqual({ size: 32 })
    expect(deepSliceKey(p)).toEqual({})
    // a plan saved before the setting existed ran 'fill'
    const old = structuredClone(p) as unknown as { deep: Record<string, unknown> }
    delete old.deep.crop
    expect(deepSliceOptions(old as unknown as typeof p)).toEqual({ size: 32 })
  })
})

describe('λ sensitivity in a study run (tiny CPU models)', () => {
  let bundle: StudyBundle
  beforeAll(async () => {
    await tf.setBackend('cpu')
    const { data } = demoStudyData(3, 24)
    const plan = fastPlan()
    plan.preprocess.enabled = false
    plan.consensus = { ...plan.consensus, reps: 20, maxK: 3, k: 2 }
    plan.survival.bootstrap = 10
    plan.deep = { ...plan.deep, size: 16, epochs: 1, repeats: 1, latent: 8, batch: 8, views: 1, lambda: 0.05, sensitivityLambdas: [0, 0.005, 0.05] }
    bundle = await runStudyBundle({ ...data, counts: undefined, batch: undefined }, plan, {}, { versions: {} })
  }, 900_000)

  it('trains the HSCAE once per other λ and takes the study HSCAE for the plan λ', () => {
    const r = bundle.result
    const steps = r.steps.map((s) => s.step)
    expect(steps.filter((s) => s.startsWith('deep-hscae-lambda-')).sort()).toEqual(['deep-hscae-lambda-0', 'deep-hscae-lambda-0.005'])
    const s = r.lambdaSensitivity!
    expect(s.rows.map((x) => x.lambda)).toEqual([0, 0.005, 0.05])
    const main = s.rows.find((x) => x.main)!
    expect(main.lambda).toBe(0.05)
    expect(main.ariWithMain).toBe(1)
    expect(main.cindexTrain).toBe(r.deep.hscae!.metrics.cindex.train)
    for (const x of s.rows) expect(x.groups.reduce((a, g) => a + g.n, 0)).toBe(r.n.patients)
    // the study HSCAE's groups are the main row's
    for (const g of main.groups) expect(g.n).toBe(Object.values(r.groups.hscae!).filter((v) => v === g.group).length)
  })

  it("ST1 gives each repeat's held-out reconstruction error, and the deep results record their protocol", () => {
    const st1 = bundle.tables.find((x) => x.id === 'st1')!
    expect(st1.columns[7]).toBe('relative MSE held out, per repeat (%)')
    for (const [i, m] of (['cae', 'hscae'] as const).entries()) {
      const h = bundle.result.deep[m]!.metrics.heldOutRelativeMsePercent!
      expect(h).toHaveLength(1)
      expect(st1.rows[i][7]).toBe(h[0].toFixed(3))
      expect(bundle.result.deep[m]!.cv).toEqual({ mode: 'warm-start', lrSchedule: 'constant' })
    }
  })

  it('the report shows the table (groups and HRs per λ) and the methods state it', () => {
    const t = bundle.tables.find((x) => x.id === 'lambda_sensitivity')!
    expect(t.title).toContain('λ = 0.05')
    expect(t.columns).toContain('HR univariable (95% CI), p')
    const lambdas = t.rows.map((row) => row[0]).filter((v) => v !== null)
    expect(lambdas).toEqual(['0', '0.005', '0.05 (study)'])
    expect(bundle.html).toContain('HSCAE groups by the weight λ of the Cox loss')
    expect(bundle.html).toContain('0.05 (study)')
    expect(bundle.methods).toContain('also trained with λ = 0, 0.005, 0.05')
  })
})
