// Page script of the browser cohort benchmark: a pool of navigator.hardwareConcurrency
// workers (bench/cohort/browser_worker.ts), the first patient first (its unmatched
// intensities are the histogram-matching reference, as the study), then the others
// streamed — at most one patient per worker in flight, so at most pool-size patients'
// volumes are alive at once.
import type { AnalysisPlan } from '../../src/core/study/plan.ts'

interface Done { type: 'done'; index: number; features?: Float64Array; unmatched?: Record<string, Float32Array> | null; error?: string; seconds?: number }

async function run(ids: string[], plan: AnalysisPlan): Promise<{ seconds: number; pool: number; failed: string[]; features: number[][] }> {
  const size = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1))
  const t0 = performance.now()
  const workers = Array.from({ length: size }, () => new Worker('worker.js'))
  const call = (w: Worker, msg: unknown, transfer: Transferable[] = []) =>
    new Promise<Done | { type: 'ready' }>((resolve) => {
      w.onmessage = (e) => resolve(e.data)
      w.postMessage(msg, transfer)
    })
  const features: number[][] = new Array(ids.length)
  const failed: string[] = []
  const record = (d: Done) => {
    if (d.error) failed.push(`${ids[d.index]}: ${d.error}`)
    else features[d.index] = Array.from(d.features!)
  }
  await call(workers[0], { type: 'init', plan, reference: null })
  const first = (await call(workers[0], { type: 'patient', index: 0, id: ids[0], keepUnmatched: true })) as Done
  record(first)
  const reference = first.unmatched ?? null
  await Promise.all(workers.map((w) => call(w, { type: 'init', plan, reference })))
  let next = 1
  await Promise.all(
    workers.map(async (w) => {
      while (next < ids.length) {
        const i = next++
        record((await call(w, { type: 'patient', index: i, id: ids[i], keepUnmatched: false })) as Done)
      }
    }),
  )
  for (const w of workers) w.terminate()
  return { seconds: (performance.now() - t0) / 1000, pool: size, failed, features }
}

;(globalThis as unknown as { CohortBench: unknown }).CohortBench = { run }
