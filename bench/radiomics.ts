// Benchmarks of the radiomics engine (see bench/run.ts): wall and CPU time per case in Node for
// (1) all IBSI features, configuration C, on the IBSI CT phantom (goal < 1 s) and (2) the paper
// preset on STS_001 with the T1 image used for every sequence (goal < 1.5 s). File reading is
// excluded; the first (cold, JIT warm-up) run and the best of the following runs are reported,
// with the load average (the 2-core machine is shared). No reference radiomics implementation
// (pyradiomics, MIRP) is installed here, so no reference timing is measured in the same run.
import fs from 'node:fs'
import os from 'node:os'
import { readVolume } from '../src/cli/image_io.ts'
import { loadPreset } from '../src/core/radiomics/presets.ts'
import { extractFeatures } from '../src/core/radiomics/extract.ts'
import { extractPaperFeatures, paperColumns } from '../src/core/radiomics/paper.ts'
import { compareWithReference, parseReference } from '../src/core/radiomics/ibsi_reference.ts'

const RUNS = Number(process.env.RADIOMICS_BENCH_RUNS ?? 5)

function timeRuns(fn: () => void): { cold_s: number; best_s: number; median_s: number; best_cpu_s: number; runs: number } {
  const wall: number[] = [], cpu: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    fn()
    wall.push((performance.now() - t0) / 1000)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1e6)
  }
  const warm = wall.slice(1).sort((a, b) => a - b)
  return { cold_s: wall[0], best_s: warm[0] ?? wall[0], median_s: warm[Math.floor(warm.length / 2)] ?? wall[0], best_cpu_s: Math.min(...cpu.slice(1)), runs: RUNS }
}

export const benchmarks: Record<string, () => Promise<object>> = {
  async ibsi_config_c() {
    const dir = '../shared/data/ibsi/ct_phantom'
    const image = await readVolume(`${dir}/image.nii.gz`), mask = await readVolume(`${dir}/mask.nii.gz`)
    const settings = loadPreset('ibsi-config-c')
    let features: Record<string, number> = {}
    const t = timeRuns(() => (features = extractFeatures(image, mask, settings).features))
    const cmp = compareWithReference(features, parseReference(fs.readFileSync(`${dir}/reference_config_c.csv`, 'utf8')))
    return { case: 'IBSI CT phantom, configuration C, all families', features: Object.keys(features).length, ibsi_pass_fraction: cmp.fraction, goal_s: 1, ...t, loadavg: os.loadavg() }
  },
  async paper_sts001() {
    const dir = '../shared/data/sts/STS_001/mr_t1'
    const image = await readVolume(`${dir}/image.nii.gz`), mask = await readVolume(`${dir}/mask.nii.gz`)
    const settings = loadPreset('paper')
    let n = 0
    const t = timeRuns(() => (n = Object.keys(extractPaperFeatures({ t1: image, t2: image, ce_t1: image }, mask, settings).features).length))
    let roi = 0
    for (let v = 0; v < mask.data.length; v++) if (mask.data[v]) roi++
    return { case: 'paper preset, STS_001 (T1 as T1, T2 and CE-T1)', columns: n, expected_columns: paperColumns().length, roi_voxels: roi, goal_s: 1.5, ...t, loadavg: os.loadavg() }
  },
}
