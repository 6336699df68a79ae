// Cohort preprocessing (src/ui/components/preprocess/run_cohort.ts) checkpoints each
// finished case: a run stopped part-way (cancel, standing in for a reload or crash) and run
// again with the same input replays the saved cases, runs only the others, and ends with
// exactly the outputs of an uninterrupted run. The pool job is replaced by a deterministic
// fake whose output depends on the matching reference / Nyúl model, so a wrongly restored
// reference or model would change the outputs.
import { describe, it, expect } from 'vitest'
import { runCohortPreprocess, cohortRunKey, type CaseOutcome, type CheckpointStore, type CohortRunOptions, type PreprocessCheckpoint } from '../../../src/ui/components/preprocess/run_cohort.ts'
import type { CaseArgs, CaseResult, PreprocessSettings } from '../../../workers/jobs/preprocess.ts'
import type { Cohort, Sequence } from '../../../src/core/cohort/cohort.ts'
import { NYUL_PERCENTILES } from '../../../src/core/preprocess/nyul.ts'

const cohort: Cohort = {
  name: 'fake',
  patients: ['P1', 'P2', 'P3', 'P4', 'P5'].map((id, index) => ({
    id,
    cohort: 'train' as const,
    images: Object.fromEntries((['t1', 'ce_t1'] as Sequence[]).map((q) => [q, { kind: 'demo' as const, seed: 1, patients: 5, index, image: q }])),
  })),
}

const settings = (standardise: PreprocessSettings['standardise']): PreprocessSettings => ({ spacing: [1, 1, 4], interpolation: 'linear', n4: { shrinkFactor: 4, levels: 4, iterations: 50 }, standardise, rescale: [-10000, 10000] })

function hash(s: string): number {
  let h = 7
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) % 100_003
  return h
}

/** Deterministic stand-in for the 'preprocess.case' job. */
function fakeCase(a: CaseArgs): CaseResult {
  const h = hash(a.patient.id + a.sequence)
  const corrected = Float32Array.from({ length: 16 }, (_, i) => h + i)
  const refTerm = a.reference ? a.reference.reduce((s, x) => s + x, 0) : 0
  const nyulTerm = a.nyul ? a.nyul.landmarks.reduce((s, x) => s + x, 0) : 0
  const data = Int16Array.from(corrected, (x, i) => (x + refTerm + nyulTerm + i) % 30_000)
  const hist = { edges: [0, 1], counts: [h] }
  return {
    id: a.patient.id, sequence: a.sequence, grid: { dims: [4, 4, 1], spacing: [1, 1, 4], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
    steps: [], before: hist, after: { edges: [0, 1], counts: [data[0]] },
    sliceBefore: { width: 4, height: 4, data: corrected }, sliceAfter: { width: 4, height: 4, data: Float32Array.from(data) },
    image: a.landmarksOnly ? null : { dims: [4, 4, 1], spacing: [1, 1, 4], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data },
    corrected: a.returnCorrected ? corrected : null,
    landmarks: NYUL_PERCENTILES.map((p) => p * (1 + (h % 7) / 10)),
    planted: null,
  } as unknown as CaseResult
}

function memoryStore(): CheckpointStore & { value: PreprocessCheckpoint | undefined; saves: number } {
  const s = {
    value: undefined as PreprocessCheckpoint | undefined,
    saves: 0,
    load: async () => (s.value ? structuredClone(s.value) : undefined),
    save: async (c: PreprocessCheckpoint) => {
      s.saves++
      s.value = structuredClone(c)
    },
    clear: async () => {
      s.value = undefined
    },
  }
  return s
}

/** Run once; `stopAfter` fresh cases cancels the run (a reload). Returns outcomes and the jobs run. */
async function run(opts: CohortRunOptions, store: CheckpointStore, stopAfter = Infinity) {
  const outcomes: CaseOutcome[] = []
  const jobs: string[] = []
  let fresh = 0
  let restored = -1
  const h = runCohortPreprocess(
    cohort,
    opts,
    (r) => {
      outcomes.push(r)
      if (!r.restored && ++fresh >= stopAfter) h.cancel()
    },
    () => {},
    {
      store,
      onResume: (n) => (restored = n),
      runCase: (args) => {
        jobs.push(`${args.patient.id}/${args.sequence}${args.landmarksOnly ? ':landmarks' : ''}`)
        let cancel = () => {}
        const promise = new Promise<CaseResult>((resolve, reject) => {
          const t = setTimeout(() => resolve(fakeCase(args)), 1 + (hash(args.patient.id) % 5))
          cancel = () => {
            clearTimeout(t)
            reject(new Error('cancelled'))
          }
        })
        return { promise, cancel }
      },
    },
  )
  const ok = await h.promise.then(() => true, () => false)
  return { ok, outcomes, jobs, restored }
}

/** The per-case outputs that must not depend on an interruption. */
const outputs = (xs: CaseOutcome[]) =>
  Object.fromEntries(xs.map((r) => [`${r.id}/${r.sequence}`, { sha: r.outputSha, after: r.after, grid: r.grid, slice: Array.from(r.sliceAfter.data) }]))

describe('cohort preprocessing checkpoint', () => {
  for (const standardise of ['match', 'nyul', 'none'] as const) {
    it(`${standardise}: a run stopped after 3 cases resumes with the others and ends as an uninterrupted run`, async () => {
      const opts: CohortRunOptions = { settings: settings(standardise), sequences: ['t1', 'ce_t1'], referenceId: 'P2' }
      const full = await run(opts, memoryStore())
      expect(full.ok).toBe(true)
      expect(full.outcomes.length).toBe(10)
      expect(full.restored).toBe(-1)

      const store = memoryStore()
      const first = await run(opts, store, 3)
      expect(first.ok).toBe(false)
      expect(store.value).toBeDefined()
      const kept = Object.keys(store.value!.done)
      expect(kept.length).toBeGreaterThanOrEqual(3)
      expect(store.value!.inputKey).toBe(cohortRunKey(cohort, opts))

      const second = await run(opts, store)
      expect(second.ok).toBe(true)
      // saved cases are replayed, not recomputed
      for (const k of kept) expect(second.jobs).not.toContain(k)
      expect(second.outcomes.filter((r) => r.restored).map((r) => `${r.id}/${r.sequence}`).sort()).toEqual([...kept].sort())
      expect(second.restored).toBeGreaterThanOrEqual(kept.length)
      expect(second.outcomes.length).toBe(10)
      expect(outputs(second.outcomes)).toEqual(outputs(full.outcomes))
      // a finished run leaves no checkpoint
      expect(store.value).toBeUndefined()
    })
  }

  it('a checkpoint of other settings is ignored', async () => {
    const store = memoryStore()
    const a: CohortRunOptions = { settings: settings('match'), sequences: ['t1', 'ce_t1'], referenceId: null }
    await run(a, store, 2)
    expect(store.value).toBeDefined()
    const b: CohortRunOptions = { ...a, settings: { ...a.settings, n4: { shrinkFactor: 2, levels: 4, iterations: 50 } } }
    const r = await run(b, store)
    expect(r.restored).toBe(-1)
    expect(r.jobs.length).toBe(10)
  })
})
