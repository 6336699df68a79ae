import { describe, expect, it } from 'vitest'
import { cachedStep, memoryStore, stepKey } from '../../../src/core/study/step_cache.ts'
import { sha256Hex, stableJson } from '../../../src/core/math/hash.ts'
import { defaultPlan, fastPlan, mergePlan } from '../../../src/core/study/plan.ts'
import { sarculatorGroup } from '../../../src/core/study/sarculator.ts'
import { rnaGroupsSettings } from '../../../src/core/study/run_study.ts'

describe('step cache', () => {
  it('hashes with SHA-256 (FIPS 180-2 test vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
  it('keys are independent of object key order and change with settings and inputs', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}')
    expect(stepKey('s', { a: 1, b: 2 }, ['x'])).toBe(stepKey('s', { b: 2, a: 1 }, ['x']))
    expect(stepKey('s', { a: 1 }, ['x'])).not.toBe(stepKey('s', { a: 2 }, ['x']))
    expect(stepKey('s', { a: 1 }, ['x'])).not.toBe(stepKey('s', { a: 1 }, ['y']))
  })
  it('recomputes only invalidated steps downstream of a change', async () => {
    const store = memoryStore()
    const calls: string[] = []
    async function pipeline(aSetting: number, cSetting: number) {
      const a = await cachedStep(store, 'a', { aSetting }, [], () => (calls.push('a'), aSetting * 2))
      const b = await cachedStep(store, 'b', {}, [a.key], () => (calls.push('b'), a.value + 1))
      const c = await cachedStep(store, 'c', { cSetting }, [], () => (calls.push('c'), cSetting))
      return b.value + c.value
    }
    expect(await pipeline(1, 10)).toBe(13)
    expect(calls).toEqual(['a', 'b', 'c'])
    calls.length = 0
    expect(await pipeline(1, 20)).toBe(23)
    expect(calls).toEqual(['c'])
    calls.length = 0
    expect(await pipeline(2, 20)).toBe(25)
    expect(calls).toEqual(['a', 'b'])
  })
})

describe('analysis plan', () => {
  it('defaults are the paper settings', () => {
    const p = defaultPlan()
    expect(p.preprocess.spacing).toEqual([1, 1, 4])
    expect(p.preprocess.rescale).toEqual([-10000, 10000])
    expect(p.radiomics.greyLevels).toBe(256)
    expect(p.icc.threshold).toBe(0.9)
    expect([p.consensus.reps, p.consensus.pItem, p.consensus.distance, p.consensus.linkage]).toEqual([10000, 0.6, 'pearson', 'average'])
    expect(p.deep.repeats).toBe(100)
    expect(p.split).toEqual({ train: 200, test: 25 })
    expect([p.survival.cvFolds, p.survival.bootstrap]).toEqual([5, 1000])
    expect([p.dge.foldChange, p.dge.adjP]).toEqual([2, 0.05])
  })
  it('merges a partial JSON plan and names bad settings', () => {
    const p = mergePlan(defaultPlan(), { consensus: { reps: 50 } })
    expect(p.consensus.reps).toBe(50)
    expect(p.consensus.pItem).toBe(0.6)
    expect(() => mergePlan(defaultPlan(), { consensus: { repz: 1 } }, 'plan.json')).toThrow(/plan.json: unknown setting "consensus.repz"/)
    expect(() => mergePlan(defaultPlan(), { consensus: { reps: 'many' } }, 'plan.json')).toThrow(/"consensus.reps" must be a number/)
    expect(fastPlan().consensus.reps).toBeLessThan(defaultPlan().consensus.reps)
  })
  it('SARCULATOR groups use the study thresholds', () => {
    expect(sarculatorGroup(51)).toBe('OS10 ≤ 51%')
    expect(sarculatorGroup(51.5)).toBe('OS10 51–66%')
    expect(sarculatorGroup(66)).toBe('OS10 51–66%')
    expect(sarculatorGroup(70)).toBe('OS10 > 66%')
    expect(sarculatorGroup(NaN)).toBeNull()
  })
})

import { studySplit } from '../../../src/core/study/split.ts'

describe('train/test split', () => {
  it("keeps the input's split and otherwise draws a seeded testing cohort of the plan's proportion", () => {
    const plan = { seed: 3, split: { train: 200, test: 25 } }
    const given: ('train' | 'test')[] = ['train', 'test', 'train']
    expect(studySplit(given, plan)).toEqual({ cohort: given, drawn: 0 })
    const all = Array.from({ length: 225 }, () => 'train' as const)
    const a = studySplit(all, plan)
    expect(a.drawn).toBe(25)
    expect(a.cohort.filter((c) => c === 'test').length).toBe(25)
    expect(studySplit(all, plan).cohort).toEqual(a.cohort)
    expect(studySplit(all, { ...plan, seed: 4 }).cohort).not.toEqual(a.cohort)
    expect(studySplit(Array.from({ length: 90 }, () => 'train' as const), plan).drawn).toBe(10)
  })
})

describe('RNA groups step key', () => {
  // rnaGroups reads the plan's consensus resamplings, item and feature fractions, distance and
  // linkage: a change to any of them must rerun the step, a change elsewhere must not
  it('changes with every consensus setting the RNA consensus uses, and only with those', () => {
    const key = (patch: unknown) => stepKey('rna-groups', rnaGroupsSettings(mergePlan(fastPlan(), patch)), ['x'])
    const base = key({})
    for (const patch of [{ consensus: { reps: 300 } }, { consensus: { pItem: 0.8 } }, { consensus: { pFeature: 0.9 } }, { consensus: { distance: 'spearman' } }, { consensus: { linkage: 'complete' } }, { rna: { k: 3 } }, { rna: { topGenes: 500 } }, { seed: 2 }])
      expect(key(patch), JSON.stringify(patch)).not.toBe(base)
    for (const patch of [{ consensus: { maxK: 5 } }, { consensus: { population: 'train' } }, { survival: { bootstrap: 20 } }])
      expect(key(patch), JSON.stringify(patch)).toBe(base)
  })
})
