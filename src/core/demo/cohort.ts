// The demo cohort's tables: clinical rows, RNA-seq counts and sample sheet, and the
// planted truth — everything but the voxels, which are made per patient on demand
// (src/core/demo/volumes.ts). Shaped like Crombé, Lucchesi et al., NPJ Precis Oncol 2024:
// 225 patients (200 training / 25 testing), RNA-seq for about 49 % of them (110 of 225).
//
// Cohort-level draws (a stream of the seed, apart from the patients' own streams):
// the test set (a random ⌊patients·testFraction⌉ patients), the RNA subset, and the
// sequencing batches (3 batches from 60 RNA samples on, else 2; balanced, random).
// Patient-level variables come from src/core/demo/patient.ts, counts from ./rnaseq.ts.

import { createRng, deriveSeed, shuffleInPlace } from '../random.ts'
import type { CountMatrix } from '../cohort/cohort.ts'
import { demoPatient, MFS_MODEL, type DemoBiasParams, type DemoClinicalRow, type DemoPatient, type ImagePhenotype, type RnaGroup } from './patient.ts'
import {
  BATCH_GENE_LOG_SD,
  BATCH_LIBRARY_FACTORS,
  COHORT_STREAM,
  demoGeneModel,
  demoSampleCounts,
  MEDIAN_LIBRARY_SIZE,
  PLANTED_DOWN,
  PLANTED_FRACTION,
  PLANTED_UP,
} from './rnaseq.ts'

export interface DemoCohortOptions {
  seed: number
  /** number of patients (default 225) */
  patients?: number
  /** fraction of patients in the test cohort (default 25/225) */
  testFraction?: number
  /** fraction of patients with RNA-seq (default 110/225) */
  rnaFraction?: number
}

export interface DemoSample {
  sample: string
  batch: string
}

/** The planted truth, written as truth.json. Keys are patient ids. */
export interface DemoTruth {
  seed: number
  patients: number
  /** molecular group of the patients with RNA-seq (the count matrix's columns); G2 is the worse-prognosis group */
  rnaGroup: Record<string, RnaGroup>
  /** latent prognostic risk, N(0, 1) */
  risk: Record<string, number>
  /** imaging phenotype: B (heterogeneous) when heterogeneity > 0, else A */
  imagePhenotype: Record<string, ImagePhenotype>
  /** the latent molecular group of every patient (rnaGroup is its restriction to the RNA subset) */
  latentRnaGroup: Record<string, RnaGroup>
  heterogeneity: Record<string, number>
  scanner: Record<string, string>
  batch: Record<string, string>
  groups: { worse: RnaGroup; better: RnaGroup; imageWorse: ImagePhenotype }
  survival: { model: string; shape: number; lambda0: number; logHrRisk: number; logHrG2: number; censoring: string }
  pathways: { up: string[]; down: string[]; plantedFraction: number }
  /** planted log2 fold change, G2 versus G1 */
  deGenes: Record<string, number>
  batchEffects: { batches: string[]; libraryFactor: Record<string, number>; geneLogSd: number; medianLibrarySize: number }
  /** bias field parameters per patient (see DemoBiasParams) */
  biasField: { model: string; patients: Record<string, DemoBiasParams> }
}

export interface DemoCohort {
  seed: number
  patients: number
  clinical: DemoClinicalRow[]
  counts: CountMatrix
  samples: DemoSample[]
  truth: DemoTruth
}

/** Checks the options and fills the defaults. */
export function demoCohortOptions(o: DemoCohortOptions): Required<DemoCohortOptions> {
  const patients = o.patients ?? 225
  const testFraction = o.testFraction ?? 25 / 225
  const rnaFraction = o.rnaFraction ?? 110 / 225
  if (!Number.isSafeInteger(o.seed)) throw new RangeError(`demo seed must be an integer, got ${o.seed}`)
  if (!Number.isInteger(patients) || patients < 1 || patients > 9999) throw new RangeError(`demo patients must be an integer in 1…9999, got ${patients}`)
  if (!(testFraction >= 0 && testFraction < 1)) throw new RangeError(`testFraction must be in [0, 1), got ${testFraction}`)
  if (!(rnaFraction >= 0 && rnaFraction <= 1)) throw new RangeError(`rnaFraction must be in [0, 1], got ${rnaFraction}`)
  return { seed: o.seed, patients, testFraction, rnaFraction }
}

/** The tables and truth of a demo cohort (no voxels: see generateDemoPatientVolumes). */
export function generateDemoCohort(options: DemoCohortOptions): DemoCohort {
  const { seed, patients: N, testFraction, rnaFraction } = demoCohortOptions(options)
  const people: DemoPatient[] = []
  for (let i = 0; i < N; i++) people.push(demoPatient(seed, N, i))

  const rng = createRng(deriveSeed(seed, COHORT_STREAM))
  const order = Array.from({ length: N }, (_, i) => i)
  shuffleInPlace(order, rng)
  const nTest = Math.round(N * testFraction)
  const isTest = new Uint8Array(N)
  for (let r = 0; r < nTest; r++) isTest[order[r]] = 1

  shuffleInPlace(order, rng)
  const nRna = Math.min(N, Math.max(Math.round(N * rnaFraction), Math.min(N, 2)))
  const rnaIdx = order.slice(0, nRna)
  const nBatches = nRna >= 60 ? 3 : nRna >= 4 ? 2 : 1
  const batchOf = new Map<number, number>()
  rnaIdx.forEach((p, r) => batchOf.set(p, r % nBatches))
  rnaIdx.sort((a, b) => a - b)

  const clinical: DemoClinicalRow[] = people.map((p) => ({ ...p.clinical, cohort: isTest[p.index] ? 'test' : 'train' }) as DemoClinicalRow)
  // keep the contract's column order in the record too
  const ordered = clinical.map((r) => orderRow(r))

  const model = demoGeneModel(seed)
  const G = model.genes.length
  const data = new Float64Array(G * nRna)
  rnaIdx.forEach((p, s) => {
    const c = demoSampleCounts(model, seed, p, people[p].rnaGroup, batchOf.get(p)!)
    for (let g = 0; g < G; g++) data[g * nRna + s] = c[g]
  })
  const sampleIds = rnaIdx.map((p) => people[p].id)
  const counts: CountMatrix = { genes: [...model.genes], samples: sampleIds, data }
  const batchName = (b: number) => `B${b + 1}`
  const samples: DemoSample[] = rnaIdx.map((p) => ({ sample: people[p].id, batch: batchName(batchOf.get(p)!) }))

  const byId = <T>(f: (p: DemoPatient) => T, list: DemoPatient[] = people): Record<string, T> => Object.fromEntries(list.map((p) => [p.id, f(p)]))
  const rnaPeople = rnaIdx.map((p) => people[p])
  const deGenes: Record<string, number> = {}
  model.genes.forEach((g, i) => {
    if (model.log2FoldChange[i] !== 0) deGenes[g] = round6(model.log2FoldChange[i])
  })
  const batches = Array.from({ length: nBatches }, (_, b) => batchName(b))
  const truth: DemoTruth = {
    seed,
    patients: N,
    rnaGroup: byId((p) => p.rnaGroup, rnaPeople),
    risk: byId((p) => round6(p.risk)),
    imagePhenotype: byId((p) => p.imagePhenotype),
    latentRnaGroup: byId((p) => p.rnaGroup),
    heterogeneity: byId((p) => round6(p.heterogeneity)),
    scanner: byId((p) => p.scanner.name),
    batch: Object.fromEntries(samples.map((s) => [s.sample, s.batch])),
    groups: { worse: 'G2', better: 'G1', imageWorse: 'B' },
    survival: {
      model: 'Weibull proportional hazards: h(t) = lambda0 * shape * t^(shape-1) * exp(logHrRisk * risk + logHrG2 * [latentRnaGroup = G2]), t in months',
      ...MFS_MODEL,
      censoring: 'min(administrative ~ U(24, 132) months, loss to follow-up ~ Exp(mean 400 months))',
    },
    pathways: { up: [...PLANTED_UP], down: [...PLANTED_DOWN], plantedFraction: PLANTED_FRACTION },
    deGenes,
    batchEffects: {
      batches,
      libraryFactor: Object.fromEntries(batches.map((b, i) => [b, BATCH_LIBRARY_FACTORS[i]])),
      geneLogSd: BATCH_GENE_LOG_SD,
      medianLibrarySize: MEDIAN_LIBRARY_SIZE,
    },
    biasField: {
      model: 'b = exp(c·[x, y, z, x², y², z², xy, xz, yz] + A·exp(-|p - p0|²/(2 w²))), x, y, z = voxel index scaled to [-1, 1]; same field for t1, t2, ce_t1',
      patients: byId((p) => ({ ...p.bias, coefficients: p.bias.coefficients.map(round6), bumpCentre: p.bias.bumpCentre.map(round6) as [number, number, number], bumpAmplitude: round6(p.bias.bumpAmplitude), bumpWidth: round6(p.bias.bumpWidth) })),
    },
  }
  return { seed, patients: N, clinical: ordered, counts, samples, truth }
}

function orderRow(r: DemoClinicalRow): DemoClinicalRow {
  return {
    patient_id: r.patient_id,
    cohort: r.cohort,
    age: r.age,
    sex: r.sex,
    who_ps: r.who_ps,
    histotype: r.histotype,
    grade: r.grade,
    size_mm: r.size_mm,
    depth: r.depth,
    location: r.location,
    chemotherapy: r.chemotherapy,
    radiotherapy: r.radiotherapy,
    margins: r.margins,
    sarculator_os10: r.sarculator_os10,
    necrosis: r.necrosis,
    peritumoral_enhancement: r.peritumoral_enhancement,
    heterogeneous_t2: r.heterogeneous_t2,
    mfs_time: r.mfs_time,
    mfs_event: r.mfs_event,
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}
