// Benchmarks of the foundation engine (see bench/run.ts): the demo cohort generator.
// No reference implementation exists for a synthetic generator: figures are absolute
// seconds (wall and process CPU), on a machine whose load the caller should note.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { demoPatientImageFiles, demoTextFiles, generateDemoCohort, generateDemoPatientVolumes } from '../src/core/demo/index.ts'

function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = fn()
  const c = process.cpuUsage(c0)
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }
}
const r3 = (x: number) => Math.round(x * 1000) / 1000
const median = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]

export const benchmarks: Record<string, () => Promise<object>> = {
  /** the 225-patient cohort's tables (clinical, 110 × 4383 RNA-seq counts, truth) and their CSV/JSON text */
  'demo-cohort-tables': async () => {
    generateDemoCohort({ seed: 1 }) // warm-up
    const runs = [1, 2, 3].map((seed) => timed(() => demoTextFiles(generateDemoCohort({ seed }))))
    const tablesOnly = [1, 2, 3].map((seed) => timed(() => generateDemoCohort({ seed })))
    return {
      patients: 225,
      seconds: r3(median(tablesOnly.map((r) => r.wall))),
      cpu_seconds: r3(median(tablesOnly.map((r) => r.cpu))),
      with_text_seconds: r3(median(runs.map((r) => r.wall))),
      load: os.loadavg()[0],
    }
  },
  /** one patient's T1, T2, CE-T1 and mask (96 × 96 × 30), then as four .nii.gz */
  'demo-patient-volumes': async () => {
    generateDemoPatientVolumes(1, 225, 0)
    const gen = Array.from({ length: 10 }, (_, i) => timed(() => generateDemoPatientVolumes(1, 225, i + 1)))
    const files = Array.from({ length: 10 }, (_, i) => timed(() => demoPatientImageFiles(1, 225, i + 1)))
    return {
      seconds: r3(median(gen.map((r) => r.wall))),
      cpu_seconds: r3(median(gen.map((r) => r.cpu))),
      max_seconds: r3(Math.max(...gen.map((r) => r.wall))),
      with_nifti_gz_seconds: r3(median(files.map((r) => r.wall))),
      bytes_per_patient: files[0].value.reduce((s, f) => s + f.bytes.length, 0),
      load: os.loadavg()[0],
    }
  },
  /** what `npm run cli -- demo --patients 225` does: every file of the default cohort, one patient at a time */
  'demo-write-225': async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-bench-'))
    try {
      const t = timed(() => {
        const demo = generateDemoCohort({ seed: 1 })
        fs.mkdirSync(path.join(dir, 'images'))
        for (const [name, text] of Object.entries(demoTextFiles(demo))) fs.writeFileSync(path.join(dir, name), text)
        for (let i = 0; i < 225; i++) for (const f of demoPatientImageFiles(1, 225, i)) fs.writeFileSync(path.join(dir, f.path), f.bytes)
      })
      return { patients: 225, nifti: 900, seconds: r3(t.wall), cpu_seconds: r3(t.cpu), load: os.loadavg()[0] }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
}
