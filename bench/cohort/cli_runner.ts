// CLI runner of the cohort benchmark (bundled with esbuild next to the CLI's imaging
// worker, run as a child process): the study's imaging step as the CLI runs it
// (src/core/study/imaging.ts imagingFeatures over src/cli/imaging_pool.ts worker threads,
// one per core): per patient read the .nii.gz files, preprocess (resample 1 × 1 × 4, N4,
// histogram matching, rescale) and extract the `paper` features. Prints one JSON line.
import os from 'node:os'
import { readVolume } from '../../src/cli/image_io.ts'
import { imagingPool } from '../../src/cli/imaging_pool.ts'
import { imagingFeatures } from '../../src/core/study/imaging.ts'
import { defaultPlan } from '../../src/core/study/plan.ts'
import type { StudyData } from '../../src/core/study/study_data.ts'
import { binaryMask } from '../../src/core/image/mask_check.ts'

const [dir, idList] = process.argv.slice(2)
const ids = idList.split(',')
const file = (id: string, k: string) => `${dir}/images/${id}_${k}.nii.gz`
const files = (i: number) => ({ t1: file(ids[i], 't1'), t2: file(ids[i], 't2'), ce_t1: file(ids[i], 'ce_t1'), mask: file(ids[i], 'mask') })
const plan = defaultPlan()
const data = {
  ids,
  cohort: ids.map(() => 'train' as const),
  async loadImages(i: number) {
    const f = files(i)
    const [t1, t2, ce_t1, m] = await Promise.all([readVolume(f.t1), readVolume(f.t2), readVolume(f.ce_t1), readVolume(f.mask)])
    return { t1, t2, ce_t1, mask: binaryMask(m, f.mask) }
  },
} as unknown as StudyData
let peak = 0
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200)
const t0 = performance.now()
const c0 = process.cpuUsage()
const r = await imagingFeatures(data, plan, undefined, imagingPool(plan, files, ids))
const seconds = (performance.now() - t0) / 1000
// user + system CPU of the process, its worker threads included
const c = process.cpuUsage(c0)
const cpuSeconds = (c.user + c.system) / 1e6
clearInterval(sample)
// maxRSS covers the process and its worker threads (KiB)
const maxRss = Math.max(peak / 1024, process.resourceUsage().maxRSS)
process.stdout.write(JSON.stringify({ seconds, cpuSeconds, patients: r.ids.length, failed: r.failed, threads: os.availableParallelism?.() ?? os.cpus().length, peakMemoryMiB: maxRss / 1024, features: Array.from(r.features.slice(0, 5)) }) + '\n')
