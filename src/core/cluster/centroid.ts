// Nearest-centroid assignment (the study's labelling of its Testing cohort): each
// cluster's centroid is the mean feature vector of its training items; a new item
// goes to the centroid at the smallest dissimilarity, with the same distance as the
// clustering (e.g. Pearson 1 − r). Ties go to the first cluster in label order.

import { InputError } from '../errors.ts'
import { vectorDistance, type DistanceName, type FeatureMatrix } from './distance.ts'

export interface CentroidAssignment {
  /** cluster labels in the order of `distances` columns */
  labels: number[]
  /** feature means per label (labels.length × nFeatures, row-major) */
  centroids: Float64Array
  /** assigned label per new item */
  assigned: number[]
  /** distance of each new item to each centroid (nNew × labels.length, row-major) */
  distances: Float64Array
}

/** Centroids of `train` per label, and the nearest one for every row of `items`. */
export function assignNearestCentroid(train: FeatureMatrix, trainLabels: ArrayLike<number>, items: FeatureMatrix, distance: DistanceName): CentroidAssignment {
  const p = train.nFeatures
  if (items.nFeatures !== p) throw new InputError(`new items have ${items.nFeatures} features but the training items have ${p}; use the same feature columns`)
  if (trainLabels.length !== train.nItems) throw new InputError(`${trainLabels.length} cluster labels for ${train.nItems} training items; give one label per training item`)
  const labels = [...new Set(Array.from(trainLabels))].sort((a, b) => a - b)
  const index = new Map(labels.map((l, i) => [l, i]))
  const k = labels.length
  const centroids = new Float64Array(k * p)
  const count = new Float64Array(k)
  for (let i = 0; i < train.nItems; i++) {
    const c = index.get(trainLabels[i])!
    count[c]++
    for (let j = 0; j < p; j++) centroids[c * p + j] += train.data[i * p + j]
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) centroids[c * p + j] /= count[c]
  const distances = new Float64Array(items.nItems * k)
  const assigned: number[] = []
  for (let i = 0; i < items.nItems; i++) {
    const x = items.data.subarray(i * p, (i + 1) * p)
    let best = 0
    for (let c = 0; c < k; c++) {
      const d = vectorDistance(x, centroids.subarray(c * p, (c + 1) * p), distance)
      distances[i * k + c] = d
      if (d < distances[i * k + best]) best = c
    }
    assigned.push(labels[best])
  }
  return { labels, centroids, assigned, distances }
}
