// A pool of worker threads (one per core) running the study's per-patient imaging in
// the CLI, so a cohort uses every core; results are identical to the sequential run.
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { PatientImaging, PatientRunner } from '../core/study/imaging.ts'
import type { AnalysisPlan } from '../core/study/plan.ts'
import type { ImagingTask } from './imaging_worker.ts'
import { throwIfCancelled } from '../core/job.ts'
import { BUNDLED } from './root.ts'

export function imagingPool(plan: AnalysisPlan, files: (index: number) => ImagingTask['files'], ids: string[], size = os.availableParallelism?.() ?? os.cpus().length): PatientRunner {
  return async (indices, reference, done, ctx) => {
    if (indices.length === 0) return
    // from the bundle the worker entry is build/cli/imaging_worker.mjs; from the sources, tsx boots the .ts
    const boot = new URL(BUNDLED ? './imaging_worker.mjs' : './worker_boot.mjs', import.meta.url)
    const module = new URL('./imaging_worker.ts', import.meta.url).href
    const queue = [...indices]
    const workers = Array.from({ length: Math.max(1, Math.min(size, indices.length)) }, () => new Worker(boot, { workerData: { module, plan, reference } }))
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const next = () => {
                try {
                  throwIfCancelled(ctx)
                } catch (e) {
                  return reject(e)
                }
                const i = queue.shift()
                if (i === undefined) return resolve()
                w.postMessage({ index: i, id: ids[i], files: files(i) } satisfies ImagingTask)
              }
              w.on('message', (m: { index: number; result?: PatientImaging; error?: string }) => {
                done(m.index, m.result ?? new Error(m.error))
                next()
              })
              w.on('error', reject)
              next()
            }),
        ),
      )
    } finally {
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}
