// The paper's design in the study's pieces, each checked against values computed here
// independently: h-RF consensus on all patients (or the training cohort) with k chosen by PAC
// and reported (hrfK); the ten Table 4 model ids; the profiled grouping follows the plan or the
// stepwise selection; 2- and 5-year MFS equal a product-limit estimate written in the test;
// the report's PNG encoder round-trips through node:zlib with valid CRCs.
import { describe, expect, it } from 'vitest'
import zlib from 'node:zlib'
import { chooseK, hrfGroups, hrfKSummary } from '../../../src/core/study/groupings.ts'
import { defaultPlan, fastPlan } from '../../../src/core/study/plan.ts'
import { paperModels, profileGrouping, type StepwiseSummary } from '../../../src/core/study/analyses.ts'
import { mfsSummary } from '../../../src/core/study/mfs.ts'
import { encodePng } from '../../../src/core/study/report/png.ts'
import { DEMO_VARIABLES } from '../../../src/core/study/study_data.ts'
import { createRng } from '../../../src/core/random.ts'
import type { Table } from '../../../src/core/table/table.ts'

/** Two well-separated clusters of 12 patients × 6 features: opposite profiles (±3 SD alternating over the features), as Pearson distance sees them. */
function twoClusters() {
  const rng = createRng(7)
  const n = 24, p = 6
  const x = new Float64Array(n * p)
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = rng.normal() + (i < 12 ? 3 : -3) * (j % 2 ? 1 : -1)
  const ids = Array.from({ length: n }, (_, i) => `P${i}`)
  const cohort = ids.map((_, i) => (i % 4 === 3 ? 'test' : 'train') as 'train' | 'test')
  return { ids, cohort, columns: Array.from({ length: p }, (_, j) => `f${j}`), x }
}

describe('h-RF consensus as the paper', () => {
  it('defaults: all patients, k from the data, ICC on, the 175-feature preset', () => {
    const p = defaultPlan()
    expect(p.consensus.population).toBe('all')
    expect(p.consensus.k).toBe('auto')
    expect(p.icc.enabled).toBe(true)
    expect(p.radiomics.preset).toBe('paper')
    expect(p.profile.grouping).toBe('')
  })
  it('clusters every patient and reports the chosen k, the criterion and the per-k values', () => {
    const { ids, cohort, columns, x } = twoClusters()
    const plan = fastPlan()
    plan.consensus = { ...plan.consensus, reps: 40, maxK: 4 }
    const h = hrfGroups(ids, cohort, columns, x, plan)
    expect(h.clustered).toEqual({ patients: 24, features: 6 })
    expect(h.k).toBe(2)
    // the planted split, whatever the names
    const a = h.groups.P0
    for (let i = 0; i < 24; i++) expect(h.groups[`P${i}`] === a).toBe(i < 12)
    const k = hrfKSummary(h, plan)
    expect(k.criterion).toBe('delta-area')
    expect(k.perK.map((r) => r.k)).toEqual([2, 3, 4])
    // two clusters: no k ≥ 3 grows the CDF area by 20 %; k = 2 also has the smallest PAC (within 0.01)
    const minPac = Math.min(...k.perK.map((r) => r.pac))
    expect(k.perK.find((r) => r.k === 2)!.pac).toBeLessThanOrEqual(minPac + 0.01)
    expect(k.perK.find((r) => r.k === 2)!.sizes).toEqual([12, 12])
  })
  it('population train: only training patients are clustered, testing ones take the nearest centroid; a fixed k is reported as the plan\'s', () => {
    const { ids, cohort, columns, x } = twoClusters()
    const plan = fastPlan()
    plan.consensus = { ...plan.consensus, reps: 40, maxK: 3, k: 2, population: 'train' }
    const h = hrfGroups(ids, cohort, columns, x, plan)
    expect(h.clustered!.patients).toBe(cohort.filter((c) => c === 'train').length)
    for (let i = 0; i < 24; i++) expect(h.groups[`P${i}`] === h.groups.P0).toBe(i < 12)
    expect(hrfKSummary(h, plan).criterion).toBe('plan')
  })
})

describe('k from the data', () => {
  const res = (delta: number[]) => ({ perK: delta.map((_, i) => ({ k: i + 2, pac: 0.5 - 0.05 * i })) as never, deltaArea: delta, suggestedK: 2 + delta.length - 1, suggestedReason: 'lowest PAC' })
  it('delta area: the largest k whose CDF area still grows by ≥ 20 %; 2 when none does; pac: the engine\'s choice', () => {
    // the delta areas of the 225-patient demo's h-RF consensus (PAC falls monotonically to k = 6)
    expect(chooseK(res([0.429, 0.509, 0.125, 0.074, 0.045]), 'delta-area').k).toBe(3)
    expect(chooseK(res([0.4, 0.05, 0.02]), 'delta-area').k).toBe(2)
    expect(chooseK(res([0.3, 0.25, 0.21, 0.1]), 'delta-area').k).toBe(4)
    expect(chooseK(res([0.429, 0.509, 0.125, 0.074, 0.045]), 'pac').k).toBe(6)
  })
})

describe('Table 4 models and the profiled grouping', () => {
  it('the ten model ids of the paper', () => {
    expect(Object.keys(paperModels('hscae'))).toEqual(['rna', 'hrf', 'cae', 'hscae', 'rna+hrf', 'rna+hscae', 'rna*hscae', 'worst', 'sarculator', 'sarculator+hscae+rna'])
    expect(paperModels('hscae')['rna*hscae']).toEqual(['rna_x_hscae'])
  })
  const sw = (retained: string[]): StepwiseSummary => ({ start: ['hrf', 'cae', 'hscae', 'age'], selected: [...retained, 'age'], aic: 1, steps: [], retained })
  it('the plan names it, else the one stepwise retains, else the smallest p among those retained, else HSCAE', () => {
    const p = (g: string) => ({ hrf: 0.01, cae: 0.2, hscae: 0.03 })[g] ?? 1
    const all = ['hrf', 'cae', 'hscae']
    expect(profileGrouping('cae', sw(['hrf']), all, p).grouping).toBe('cae')
    expect(profileGrouping('', sw(['hscae']), all, p).grouping).toBe('hscae')
    expect(profileGrouping('', sw(['hscae', 'hrf']), all, p).grouping).toBe('hrf')
    expect(profileGrouping('', sw([]), all, p).grouping).toBe('hscae')
    expect(() => profileGrouping('xyz', sw([]), all, p)).toThrow(/profile.grouping "xyz"/)
  })
})

describe('MFS at 2 and 5 years', () => {
  it('equals a product-limit estimate computed here', () => {
    const rng = createRng(3)
    const rows: string[][] = []
    for (let i = 0; i < 60; i++) rows.push([`P${i}`, String(Math.round(1 + rng.next() * 100)), String(rng.next() < 0.4 ? 1 : 0), i % 2 ? 'A' : 'B'])
    const t: Table = { name: 't', columns: [DEMO_VARIABLES.id, DEMO_VARIABLES.time, DEMO_VARIABLES.event, 'g'], rows }
    const m = mfsSummary(t, DEMO_VARIABLES, ['g'])
    const km = (sub: string[][], at: number) => {
      let s = 1
      const times = [...new Set(sub.filter((r) => r[2] === '1').map((r) => +r[1]))].sort((a, b) => a - b)
      for (const u of times) {
        if (u > at) break
        const atRisk = sub.filter((r) => +r[1] >= u).length
        const d = sub.filter((r) => +r[1] === u && r[2] === '1').length
        s *= 1 - d / atRisk
      }
      return s
    }
    expect(m.times).toEqual([24, 60])
    m.times.forEach((time, i) => expect(m.overall.at[i].surv).toBeCloseTo(km(rows, time), 12))
    for (const g of m.groupings.g) g.at.forEach((a, i) => expect(a.surv).toBeCloseTo(km(rows.filter((r) => r[3] === g.group), m.times[i]), 12))
  })
})

describe('report PNG encoder', () => {
  it('round-trips through node:zlib with valid chunk CRCs', () => {
    const w = 5, h = 3
    const rgba = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * 37) % 256)
    const png = Buffer.from(encodePng(rgba, w, h))
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
    let o = 8
    const idat: Buffer[] = []
    while (o < png.length) {
      const len = png.readUInt32BE(o), type = png.subarray(o + 4, o + 8).toString('latin1')
      expect(png.readUInt32BE(o + 8 + len)).toBe(zlib.crc32(png.subarray(o + 4, o + 8 + len)))
      if (type === 'IHDR') expect([png.readUInt32BE(o + 8), png.readUInt32BE(o + 12), png[o + 16], png[o + 17]]).toEqual([w, h, 8, 6])
      if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len))
      o += 12 + len
    }
    const raw = zlib.inflateSync(Buffer.concat(idat))
    for (let y = 0; y < h; y++) {
      expect(raw[y * (1 + 4 * w)]).toBe(0)
      expect([...raw.subarray(y * (1 + 4 * w) + 1, (y + 1) * (1 + 4 * w))]).toEqual([...rgba.subarray(y * 4 * w, (y + 1) * 4 * w)])
    }
  })
})
