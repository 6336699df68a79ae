// What the study does with the latent vectors (d-RFs): groups by hierarchical
// clustering of the centre-scaled training latents (Pearson distance 1 − r, average
// linkage, k groups, A = most numerous; src/core/cluster), testing patients labelled by
// the nearest training centroid (same distance); and a prognostic C-index — Harrell's C
// (src/core/stats/concordance) of the HSCAE risk head, or for the CAE of a Cox model
// (src/core/stats/cox, Breslow ties) on the leading principal components of the
// centre-scaled latents, fitted on the training cohort and applied to the testing one.
import { columnStats, distanceMatrix, scaleColumns, type FeatureMatrix } from '../cluster/distance.ts'
import { hclust } from '../cluster/hclust.ts'
import { cutree } from '../cluster/cutree.ts'
import { nameGroups } from '../cluster/naming.ts'
import { assignNearestCentroid } from '../cluster/centroid.ts'
import { concordance } from '../stats/concordance.ts'
import { coxFitCore, linearPredictor } from '../stats/cox.ts'
import { leadingComponents, project } from '../deep/pca.ts'

export interface LatentGroups {
  /** group of each training row, then of each testing row */
  train: string[]
  test: string[]
  sizes: { name: string; size: number }[]
}

function rows(latents: Float32Array, latentSize: number, idx: number[]): FeatureMatrix {
  const data = new Float64Array(idx.length * latentSize)
  idx.forEach((r, i) => { for (let f = 0; f < latentSize; f++) data[i * latentSize + f] = latents[r * latentSize + f] })
  return { nItems: idx.length, nFeatures: latentSize, data }
}

/** Split latent rows by cohort (indices into the patients). */
export function cohortRows(cohorts: ('train' | 'test')[]): { train: number[]; test: number[] } {
  const train: number[] = [], test: number[] = []
  cohorts.forEach((c, i) => (c === 'train' ? train : test).push(i))
  return { train, test }
}

/** Hierarchical groups of the training latents and nearest-centroid labels of the testing ones. */
export function latentGroups(latents: Float32Array, latentSize: number, cohorts: ('train' | 'test')[], k = 2): LatentGroups {
  const { train, test } = cohortRows(cohorts)
  const trainM = rows(latents, latentSize, train)
  const stats = columnStats(trainM)
  const trainS = scaleColumns(trainM, { center: true, scale: true }, stats)
  const tree = hclust(distanceMatrix(trainS, 'pearson'), trainS.nItems, 'average')
  const labels = cutree(tree, Math.min(k, trainS.nItems))
  const naming = nameGroups(labels)
  let testNames: string[] = []
  if (test.length) {
    const testS = scaleColumns(rows(latents, latentSize, test), { center: true, scale: true }, stats)
    const a = assignNearestCentroid(trainS, labels, testS, 'pearson')
    testNames = a.assigned.map((l) => naming.byLabel.get(l)!)
  }
  return { train: naming.names, test: testNames, sizes: naming.groups.map((g) => ({ name: g.name, size: g.size })) }
}

export interface LatentCIndex {
  train: number
  test: number
  /** 'risk head' or 'cox on N principal components' */
  source: string
  /** risk score of every patient (higher = worse) */
  risk: Float64Array
}

function cIndex(idx: number[], risk: ArrayLike<number>, time: ArrayLike<number>, event: ArrayLike<number>): number {
  const ok = idx.filter((i) => Number.isFinite(time[i]) && (event[i] === 0 || event[i] === 1))
  if (ok.length < 2) return NaN
  return concordance(ok.map((i) => time[i]), ok.map((i) => event[i]), ok.map((i) => risk[i])).concordance
}

/** C-index of the HSCAE risk head (when `risk` is given) or of a Cox model on the leading PCs of the latents. */
export function latentCIndex(latents: Float32Array, latentSize: number, cohorts: ('train' | 'test')[], time: ArrayLike<number>, event: ArrayLike<number>, risk: Float32Array | null, components = 3): LatentCIndex {
  const { train, test } = cohortRows(cohorts)
  const n = cohorts.length
  let score = new Float64Array(n)
  let source: string
  if (risk) {
    score = Float64Array.from(risk)
    source = 'risk head'
  } else {
    const fitRows = train.filter((i) => Number.isFinite(time[i]) && (event[i] === 0 || event[i] === 1))
    const trainM = rows(latents, latentSize, fitRows)
    const stats = columnStats(trainM)
    const pca = leadingComponents(scaleColumns(trainM, { center: true, scale: true }, stats), components)
    const all = project(pca, scaleColumns(rows(latents, latentSize, cohorts.map((_, i) => i)), { center: true, scale: true }, stats))
    const fit = coxFitCore(Float64Array.from(fitRows, (i) => time[i]), Uint8Array.from(fitRows, (i) => event[i]), project(pca, scaleColumns(trainM, { center: true, scale: true }, stats)), pca.k, { ties: 'breslow' })
    score = linearPredictor(all, n, pca.k, fit.coef)
    source = `cox on ${pca.k} principal components`
  }
  return { train: cIndex(train, score, time, event), test: cIndex(test, score, time, event), source, risk: score }
}
