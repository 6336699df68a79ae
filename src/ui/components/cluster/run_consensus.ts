// Consensus clustering over the worker pool, checkpointed: the resamplings are split in
// chunks ('cluster.consensusCounts' on reps [from, to)), run by the pool's workers; as
// each chunk finishes its integer counts are added to the running sum, which is saved in
// IndexedDB with the chunks done. After a reload or crash, running again with the same
// matrix and options resumes from the checkpoint. Every resampling draws from its own
// seeded stream and the counts are summed, so a resumed run equals an uninterrupted one
// and the single-thread run. The summary (final clustering per k) runs in a worker.
import { poolSize, runJob, type JobHandle, type JobProgress } from '../../lib/pool.ts'
import { kvDelete, kvGet, kvSet } from '../../lib/persist.ts'
import { mergeCounts, type ConsensusCounts, type ConsensusOptions, type ConsensusResult } from '../../../core/cluster/consensus.ts'
import type { FeatureMatrix } from '../../../core/cluster/distance.ts'
import { sha256Hex, stableJson } from '../../../core/math/hash.ts'

const CHECKPOINT_KEY = 'checkpoint:cluster.consensus'

interface ConsensusCheckpoint {
  inputKey: string
  chunks: number
  done: number[]
  counts: ConsensusCounts | null
}

/** Identifies the input of a run: the matrix bytes, scaling and every option. */
export function consensusInputKey(matrix: FeatureMatrix, scale: boolean, options: ConsensusOptions): string {
  const bytes = new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength)
  return sha256Hex(stableJson({ options, scale, n: matrix.nItems, p: matrix.nFeatures, data: sha256Hex(bytes) }))
}

export function runConsensusPool(
  matrix: FeatureMatrix,
  scale: boolean,
  options: ConsensusOptions,
  onProgress: (p: JobProgress) => void,
  onResume?: (repsDone: number) => void,
): JobHandle<ConsensusResult> {
  // chunks small enough to checkpoint often, large enough to keep the workers busy
  const chunks = Math.max(1, Math.min(options.reps, Math.max(poolSize(), Math.ceil(options.reps / 250))))
  const range = (c: number) => [Math.floor((c * options.reps) / chunks), Math.floor(((c + 1) * options.reps) / chunks)]
  const handles: JobHandle<unknown>[] = []
  let cancelled = false
  const started = performance.now()
  const promise = (async () => {
    const inputKey = consensusInputKey(matrix, scale, options)
    const saved = await kvGet<ConsensusCheckpoint>(CHECKPOINT_KEY).catch(() => undefined)
    const ck: ConsensusCheckpoint = saved && saved.inputKey === inputKey && saved.chunks === chunks ? saved : { inputKey, chunks, done: [], counts: null }
    const doneReps = () => ck.done.reduce((a, c) => a + range(c)[1] - range(c)[0], 0)
    const resumed = doneReps()
    if (resumed > 0) onResume?.(resumed)
    const partial = new Map<number, number>()
    const report = () => {
      let reps = doneReps()
      for (const [c, f] of partial) reps += f * (range(c)[1] - range(c)[0])
      const f = reps / options.reps
      const elapsed = (performance.now() - started) / 1000
      const fresh = (reps - resumed) / options.reps
      onProgress({ fraction: 0.95 * f, message: `resampling on ${Math.min(poolSize(), chunks)} worker(s)${resumed ? `, resumed at ${resumed}` : ''}`, eta: fresh > 0.01 ? (elapsed * (1 - f)) / fresh : undefined })
    }
    let writes: Promise<unknown> = Promise.resolve()
    const todo = Array.from({ length: chunks }, (_, c) => c).filter((c) => !ck.done.includes(c))
    await Promise.all(
      todo.map((c) => {
        const [from, to] = range(c)
        const h = runJob('cluster.consensusCounts', { matrix, scale, options, from, to }, (p) => {
          partial.set(c, p.fraction)
          report()
        })
        handles.push(h)
        return h.promise.then((counts) => {
          partial.delete(c)
          ck.counts = ck.counts ? mergeCounts([ck.counts, counts]) : counts
          ck.done.push(c)
          report()
          const snapshot = { ...ck, done: [...ck.done] }
          writes = writes.then(() => kvSet(CHECKPOINT_KEY, snapshot)).catch(() => {})
        })
      }),
    )
    if (cancelled) throw new Error('cancelled')
    await writes
    onProgress({ fraction: 0.96, message: 'final clustering per k' })
    const h = runJob('cluster.consensusSummarise', { counts: ck.counts!, options })
    handles.push(h)
    const res = await h.promise
    await kvDelete(CHECKPOINT_KEY).catch(() => {})
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
