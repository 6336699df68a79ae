// Consensus clustering over the worker pool: the resamplings are split into one block
// per worker ('cluster.consensusCounts'), the integer counts are summed here (cheap,
// order-free, so the result equals the single-thread run) and summarised in a worker.
import { poolSize, runJob, type JobHandle, type JobProgress } from '../../lib/pool.ts'
import { mergeCounts, type ConsensusCounts, type ConsensusOptions, type ConsensusResult } from '../../../core/cluster/consensus.ts'
import type { FeatureMatrix } from '../../../core/cluster/distance.ts'

export function runConsensusPool(
  matrix: FeatureMatrix,
  scale: boolean,
  options: ConsensusOptions,
  onProgress: (p: JobProgress) => void,
): JobHandle<ConsensusResult> {
  const blocks = Math.max(1, Math.min(poolSize(), options.reps))
  const handles: JobHandle<unknown>[] = []
  let cancelled = false
  const fractions = new Float64Array(blocks)
  const started = performance.now()
  const report = (message: string) => {
    let f = 0
    for (const x of fractions) f += x / blocks
    const elapsed = (performance.now() - started) / 1000
    onProgress({ fraction: 0.95 * f, message, eta: f > 0.01 ? (elapsed * (1 - f)) / f : undefined })
  }
  const promise = (async () => {
    const parts = await Promise.all(
      Array.from({ length: blocks }, (_, b) => {
        const from = Math.floor((b * options.reps) / blocks)
        const to = Math.floor(((b + 1) * options.reps) / blocks)
        const h = runJob<ConsensusCounts>('cluster.consensusCounts', { matrix, scale, options, from, to }, (p) => {
          fractions[b] = p.fraction
          report(`resampling on ${blocks} worker${blocks > 1 ? 's' : ''}`)
        })
        handles.push(h)
        return h.promise
      }),
    )
    if (cancelled) throw new Error('cancelled')
    onProgress({ fraction: 0.96, message: 'final clustering per k' })
    const h = runJob<ConsensusResult>('cluster.consensusSummarise', { counts: mergeCounts(parts), options })
    handles.push(h)
    const res = await h.promise
    onProgress({ fraction: 1, message: 'done' })
    return res
  })()
  return {
    promise,
    cancel() {
      cancelled = true
      for (const h of handles) h.cancel()
    },
  }
}
