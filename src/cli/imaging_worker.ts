// Worker thread of the CLI's imaging pool: reads one patient's files and runs the core's
// patientImaging on them (src/core/study/imaging.ts).
import { parentPort, workerData } from 'node:worker_threads'
import { readVolume } from './image_io.ts'
import { readMask, readSequenceMasks } from './mask_io.ts'
import { patientImaging } from '../core/study/imaging.ts'
import type { AnalysisPlan } from '../core/study/plan.ts'
import { binaryMask } from '../core/image/mask_check.ts'
import { requireSequencesAndFit } from '../core/image/mask_coverage.ts'

export interface ImagingTask {
  index: number
  id: string
  files: { t1: string; t2: string; ce_t1: string; mask: string; mask2?: string; /** masks drawn on one sequence (manifest mask_t1 …) */ masks?: Partial<Record<'t1' | 't2' | 'ce_t1', string>> }
}

const { plan, reference } = workerData as { plan: AnalysisPlan; reference: Record<string, Float32Array> | null }


parentPort!.on('message', async (task: ImagingTask) => {
  try {
    const ce = await readVolume(task.files.ce_t1)
    // no substitution: a missing sequence ('' from the pool) or a mask outside a field of view fails this patient, by name
    const t1 = task.files.t1 ? (task.files.t1 === task.files.ce_t1 ? ce : await readVolume(task.files.t1)) : undefined
    const t2 = task.files.t2 ? (task.files.t2 === task.files.ce_t1 ? ce : await readVolume(task.files.t2)) : undefined
    const mask = binaryMask(await readMask(task.files.mask, ce), task.files.mask)
    const own = await readSequenceMasks(Object.fromEntries(Object.entries(task.files.masks ?? {}).map(([s, f]) => [`mask_${s}`, { kind: 'file' as const, path: f! }])), { t1, t2, ce_t1: ce }, '')
    requireSequencesAndFit(task.id, { t1, t2, ce_t1: ce }, mask, task.files.mask, own)
    // a bad second segmentation leaves only itself out of the ICC (as in the app), not the patient
    let mask2: ReturnType<typeof binaryMask> | null = null
    let problem: string | undefined
    if (plan.icc.enabled && task.files.mask2) {
      try {
        mask2 = binaryMask(await readMask(task.files.mask2, ce), task.files.mask2)
      } catch (e) {
        problem = `${task.id}: second segmentation left out of the ICC: ${(e as Error).message}`
      }
    }
    const r = patientImaging({ t1: t1!, t2: t2!, ce_t1: ce, mask, masks: Object.fromEntries(Object.entries(own).map(([k, v]) => [k, v!.mask])) }, plan, reference, task.id, false, mask2, task.files.mask2)
    if (problem) r.secondMaskProblem = problem
    parentPort!.postMessage({ index: task.index, result: r }, [r.features.buffer as ArrayBuffer])
  } catch (e) {
    parentPort!.postMessage({ index: task.index, error: (e as Error).message })
  }
})
