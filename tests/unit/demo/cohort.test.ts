// The demo cohort's tables: deterministic from the seed, shaped like the study, each
// patient reproducible alone, and the planted effects recoverable by the usual analyses
// (Spearman correlations, a Cox model checked against R's coxph, group means of log-CPM).
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import {
  DEMO_CLINICAL_COLUMNS,
  HALLMARK_SETS,
  HISTOTYPES,
  LOCATIONS,
  PLANTED_DOWN,
  PLANTED_UP,
  demoPatient,
  demoTextFiles,
  generateDemoCohort,
  type DemoCohort,
} from '../../../src/core/demo/index.ts'

const fixture = JSON.parse(fs.readFileSync('tests/fixtures/demo/cox_recovery.json', 'utf8')) as {
  seed: number
  patients: number
  events: number
  coef: { risk: number; g2: number }
  se: { risk: number; g2: number }
  coefRiskOnly: number
  concordanceRisk: number
}

function ranks(x: number[]): number[] {
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b])
  const r = new Array<number>(x.length)
  for (let i = 0; i < idx.length; ) {
    let j = i
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1
    i = j + 1
  }
  return r
}
function pearson(a: number[], b: number[]): number {
  const n = a.length
  const ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n
  let sab = 0, saa = 0, sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}
const spearman = (a: number[], b: number[]) => pearson(ranks(a), ranks(b))
const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length

/** Cox partial likelihood with Breslow ties, Newton–Raphson (2 covariates); as R's coxph(ties = "breslow"). */
function coxBreslow(time: number[], event: number[], x: number[][]): number[] {
  const n = time.length, p = x[0].length
  const order = time.map((_, i) => i).sort((a, b) => time[b] - time[a]) // decreasing time
  let beta = new Array<number>(p).fill(0)
  for (let iter = 0; iter < 30; iter++) {
    const grad = new Array<number>(p).fill(0)
    const info = Array.from({ length: p }, () => new Array<number>(p).fill(0))
    let s0 = 0
    const s1 = new Array<number>(p).fill(0)
    const s2 = Array.from({ length: p }, () => new Array<number>(p).fill(0))
    for (let a = 0; a < n; ) {
      // add the whole tie group to the risk set, then score its events
      let b = a
      while (b < n && time[order[b]] === time[order[a]]) {
        const i = order[b]
        const w = Math.exp(x[i].reduce((s, v, k) => s + v * beta[k], 0))
        s0 += w
        for (let k = 0; k < p; k++) {
          s1[k] += w * x[i][k]
          for (let l = 0; l < p; l++) s2[k][l] += w * x[i][k] * x[i][l]
        }
        b++
      }
      for (let c = a; c < b; c++) {
        const i = order[c]
        if (!event[i]) continue
        for (let k = 0; k < p; k++) {
          grad[k] += x[i][k] - s1[k] / s0
          for (let l = 0; l < p; l++) info[k][l] += s2[k][l] / s0 - (s1[k] * s1[l]) / (s0 * s0)
        }
      }
      a = b
    }
    // 2×2 solve
    const det = info[0][0] * info[1][1] - info[0][1] * info[1][0]
    const step = [(info[1][1] * grad[0] - info[0][1] * grad[1]) / det, (-info[1][0] * grad[0] + info[0][0] * grad[1]) / det]
    beta = beta.map((v, k) => v + step[k])
    if (Math.max(...step.map(Math.abs)) < 1e-12) break
  }
  return beta
}

describe('generateDemoCohort', () => {
  const demo = generateDemoCohort({ seed: 1 })

  it('has the study shape: 225 patients, 200 train / 25 test, RNA-seq for 110, 3 batches', () => {
    expect(demo.clinical).toHaveLength(225)
    expect(demo.clinical.filter((r) => r.cohort === 'train')).toHaveLength(200)
    expect(demo.clinical.filter((r) => r.cohort === 'test')).toHaveLength(25)
    expect(demo.counts.samples).toHaveLength(110)
    expect(demo.counts.data).toHaveLength(demo.counts.genes.length * 110)
    expect(new Set(demo.samples.map((s) => s.batch))).toEqual(new Set(['B1', 'B2', 'B3']))
    expect(demo.samples.map((s) => s.sample)).toEqual(demo.counts.samples)
    expect(demo.clinical[0].patient_id).toBe('STS-D001')
    expect(demo.clinical[224].patient_id).toBe('STS-D225')
  })

  it('writes the clinical columns of the contract with valid values', () => {
    for (const r of demo.clinical) {
      expect(Object.keys(r)).toEqual([...DEMO_CLINICAL_COLUMNS])
      expect(r.age).toBeGreaterThanOrEqual(18)
      expect(['M', 'F']).toContain(r.sex)
      expect([0, 1, 2]).toContain(r.who_ps)
      expect(HISTOTYPES).toContain(r.histotype)
      expect([1, 2, 3]).toContain(r.grade)
      expect(r.size_mm).toBeGreaterThan(0)
      expect(['superficial', 'deep']).toContain(r.depth)
      expect(LOCATIONS).toContain(r.location)
      for (const b of [r.chemotherapy, r.radiotherapy, r.necrosis, r.peritumoral_enhancement, r.heterogeneous_t2, r.mfs_event]) expect([0, 1]).toContain(b)
      expect(['R0', 'R1', 'R2']).toContain(r.margins)
      expect(r.sarculator_os10).toBeGreaterThanOrEqual(0)
      expect(r.sarculator_os10).toBeLessThanOrEqual(100)
      expect(r.mfs_time).toBeGreaterThan(0)
    }
    // both administrative and random censoring occur, and events
    const events = demo.clinical.filter((r) => r.mfs_event === 1).length
    expect(events).toBeGreaterThan(40)
    expect(events).toBeLessThan(160)
    const head = demoTextFiles(demo)['clinical.csv'].split('\n')[0]
    expect(head).toBe(DEMO_CLINICAL_COLUMNS.join(','))
  })

  it('truth has every patient and the RNA groups of the count columns', () => {
    const ids = demo.clinical.map((r) => r.patient_id)
    expect(Object.keys(demo.truth.risk)).toEqual(ids)
    expect(Object.keys(demo.truth.imagePhenotype)).toEqual(ids)
    expect(Object.keys(demo.truth.rnaGroup)).toEqual(demo.counts.samples)
    expect(new Set(Object.values(demo.truth.rnaGroup))).toEqual(new Set(['G1', 'G2']))
    expect(new Set(Object.values(demo.truth.imagePhenotype))).toEqual(new Set(['A', 'B']))
    expect(demo.truth.pathways.up).toEqual([...PLANTED_UP])
    expect(demo.truth.pathways.down).toEqual([...PLANTED_DOWN])
    expect(Object.keys(demo.truth.biasField.patients)).toEqual(ids)
  })

  it('is deterministic from the seed and differs between seeds', () => {
    const a = demoTextFiles(generateDemoCohort({ seed: 5, patients: 30 }))
    const b = demoTextFiles(generateDemoCohort({ seed: 5, patients: 30 }))
    const c = demoTextFiles(generateDemoCohort({ seed: 6, patients: 30 }))
    for (const name of Object.keys(a)) expect(b[name]).toBe(a[name])
    expect(c['clinical.csv']).not.toBe(a['clinical.csv'])
    expect(c['counts.csv']).not.toBe(a['counts.csv'])
  })

  it('generates any patient alone exactly as in the full cohort', () => {
    for (const k of [0, 57, 224]) {
      const p = demoPatient(1, 225, k)
      const { cohort: _c, ...row } = demo.clinical[k]
      expect({ ...p.clinical }).toEqual(row)
      expect(Math.round(p.risk * 1e6) / 1e6).toBe(demo.truth.risk[p.id])
    }
  })

  it('rejects bad options', () => {
    expect(() => generateDemoCohort({ seed: 1, patients: 0 })).toThrow(/patients/)
    expect(() => generateDemoCohort({ seed: 1.5 })).toThrow(/seed/)
    expect(() => generateDemoCohort({ seed: 1, testFraction: 1 })).toThrow(/testFraction/)
  })
})

describe('planted clinical and survival effects', () => {
  const demo = generateDemoCohort({ seed: 1 })
  const risk = demo.clinical.map((r) => demo.truth.risk[r.patient_id])
  const high = demo.clinical.filter((_, i) => risk[i] > 0)
  const low = demo.clinical.filter((_, i) => risk[i] <= 0)

  it('high-risk patients have larger, higher-grade, more necrotic tumours and a worse SARCULATOR prediction', () => {
    expect(spearman(risk, demo.clinical.map((r) => r.size_mm))).toBeGreaterThan(0.5)
    expect(mean(high.map((r) => r.size_mm))).toBeGreaterThan(mean(low.map((r) => r.size_mm)) + 10)
    expect(spearman(risk, demo.clinical.map((r) => r.grade))).toBeGreaterThan(0.4)
    expect(mean(high.map((r) => r.necrosis))).toBeGreaterThan(mean(low.map((r) => r.necrosis)) + 0.3)
    expect(mean(high.map((r) => r.peritumoral_enhancement))).toBeGreaterThan(mean(low.map((r) => r.peritumoral_enhancement)) + 0.2)
    expect(spearman(risk, demo.clinical.map((r) => r.sarculator_os10))).toBeLessThan(-0.4)
    const b = demo.clinical.map((r) => (demo.truth.imagePhenotype[r.patient_id] === 'B' ? 1 : 0))
    expect(mean(b.filter((_, i) => risk[i] > 0))).toBeGreaterThan(mean(b.filter((_, i) => risk[i] <= 0)) + 0.3)
  })

  it('high-risk patients have shorter metastasis-free survival (more and earlier events)', () => {
    expect(mean(high.map((r) => r.mfs_event))).toBeGreaterThan(mean(low.map((r) => r.mfs_event)) + 0.2)
    const eventTimes = (rows: typeof high) => rows.filter((r) => r.mfs_event).map((r) => r.mfs_time)
    expect(mean(eventTimes(high))).toBeLessThan(mean(eventTimes(low)))
    expect(mean(high.map((r) => r.mfs_time))).toBeLessThan(mean(low.map((r) => r.mfs_time)))
  })

  it('a Cox model recovers the planted log-hazard ratios, as R coxph does on the same data', () => {
    const big: DemoCohort = generateDemoCohort({ seed: fixture.seed, patients: fixture.patients, rnaFraction: 0 })
    const time = big.clinical.map((r) => r.mfs_time)
    const event: number[] = big.clinical.map((r) => r.mfs_event)
    const x = big.clinical.map((r) => [big.truth.risk[r.patient_id], big.truth.latentRnaGroup[r.patient_id] === 'G2' ? 1 : 0])
    expect(event.reduce((s, e) => s + e, 0)).toBe(fixture.events)
    const beta = coxBreslow(time, event, x)
    // same data, same estimator as R (fixture from cox_recovery.R)
    expect(beta[0]).toBeCloseTo(fixture.coef.risk, 6)
    expect(beta[1]).toBeCloseTo(fixture.coef.g2, 6)
    // and the planted values (log-HR 1 per SD of risk, 0.7 for G2) within 3 standard errors
    expect(Math.abs(beta[0] - 1)).toBeLessThan(3 * fixture.se.risk)
    expect(Math.abs(beta[1] - 0.7)).toBeLessThan(3 * fixture.se.g2)
  })
})

describe('planted RNA-seq effects', () => {
  const demo = generateDemoCohort({ seed: 1 })
  const { genes, samples, data } = demo.counts
  const S = samples.length
  const lib = new Float64Array(S)
  for (let g = 0; g < genes.length; g++) for (let s = 0; s < S; s++) lib[s] += data[g * S + s]
  const logCpm = (g: number, s: number) => Math.log2((data[g * S + s] + 0.5) / (lib[s] + 1) * 1e6)
  const g2 = samples.map((id) => demo.truth.rnaGroup[id] === 'G2')
  const groupDiff = (g: number) => {
    let a = 0, na = 0, b = 0, nb = 0
    for (let s = 0; s < S; s++) {
      if (g2[s]) { a += logCpm(g, s); na++ } else { b += logCpm(g, s); nb++ }
    }
    return a / na - b / nb
  }
  const row = new Map(genes.map((g, i) => [g, i]))

  it('has integer counts, real gene symbols and realistic library sizes', () => {
    expect(genes).toContain('TP53')
    expect(genes).toContain('MKI67')
    for (let i = 0; i < data.length; i += 97) expect(Number.isInteger(data[i]) && data[i] >= 0).toBe(true)
    for (const l of lib) {
      expect(l).toBeGreaterThan(1e6)
      expect(l).toBeLessThan(6e7)
    }
  })

  it('the worse group G2 has the up pathways up and the down pathways down (log2 FC ≈ 1–1.6)', () => {
    for (const set of PLANTED_UP) {
      const d = HALLMARK_SETS[set].filter((g) => g in demo.truth.deGenes).map((g) => groupDiff(row.get(g)!))
      expect(d.length).toBeGreaterThan(100)
      expect(d.filter((x) => x > 0.5).length / d.length).toBeGreaterThan(0.9)
      expect(mean(d)).toBeGreaterThan(0.9)
      expect(mean(d)).toBeLessThan(1.6)
    }
    for (const set of PLANTED_DOWN) {
      const d = HALLMARK_SETS[set].filter((g) => g in demo.truth.deGenes).map((g) => groupDiff(row.get(g)!))
      expect(d.length).toBeGreaterThan(100)
      expect(mean(d)).toBeLessThan(-0.9)
    }
    // the planted genes are the majority of each set
    for (const set of [...PLANTED_UP, ...PLANTED_DOWN]) {
      const n = HALLMARK_SETS[set].filter((g) => g in demo.truth.deGenes).length
      expect(n / HALLMARK_SETS[set].length).toBeGreaterThan(0.55)
    }
    // genes outside the planted sets do not differ
    const planted = new Set([...PLANTED_UP, ...PLANTED_DOWN].flatMap((s) => HALLMARK_SETS[s]))
    const others = genes.map((g, i) => [g, i] as const).filter(([g]) => !planted.has(g)).map(([, i]) => groupDiff(i))
    // composition shifts the other genes together by a little; their spread stays small
    const centre = mean(others)
    expect(Math.abs(centre)).toBeLessThan(0.3)
    expect(mean(others.map((d) => Math.abs(d - centre)))).toBeLessThan(0.25)
  })

  it('batches have multiplicative effects (library size and per-gene)', () => {
    const batch = demo.samples.map((s) => s.batch)
    const libBy = (b: string) => mean([...lib].filter((_, s) => batch[s] === b))
    expect(libBy('B3')).toBeGreaterThan(libBy('B1'))
    expect(libBy('B1')).toBeGreaterThan(libBy('B2'))
    // per-gene B1 − B2 differences of log-CPM within G1 (no group effect): spread ≈ √2·0.35/ln 2 ≈ 0.71 log2 units
    const diffs: number[] = []
    for (let g = 0; g < genes.length; g++) {
      let a = 0, na = 0, b = 0, nb = 0
      for (let s = 0; s < S; s++) {
        if (g2[s]) continue
        if (batch[s] === 'B1') { a += logCpm(g, s); na++ } else if (batch[s] === 'B2') { b += logCpm(g, s); nb++ }
      }
      diffs.push(a / na - b / nb)
    }
    const sd = Math.sqrt(mean(diffs.map((d) => (d - mean(diffs)) ** 2)))
    expect(sd).toBeGreaterThan(0.55)
  })

  it('the RNA group relates moderately to the risk', () => {
    const r = samples.map((id) => demo.truth.risk[id])
    const c = pearson(r, g2.map((x) => (x ? 1 : 0)))
    expect(c).toBeGreaterThan(0.2)
    expect(c).toBeLessThan(0.75)
  })
})
