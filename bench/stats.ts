// Benchmarks of the stats engine (see bench/run.ts).
// cindex: 5-fold × 1 cross-validated Harrell's C plus 1,000 bootstrap comparisons for three
// Cox models (3, 5 and 8 covariates) on a synthetic 225-patient, 8-covariate table, in Node
// (single thread) and in R (coxph + concordance, tests/fixtures/stats/bench_reference.R) on
// the same table in the same run when Rscript is available; reports wall-clock and CPU
// seconds of both and the ratios (CPU time is the steadier figure on a shared machine).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRng } from '../src/core/random.ts'
import { parseTable, toCsv } from '../src/core/table/table.ts'
import { buildModelFrame } from '../src/core/stats/model_frame.ts'
import { cindexAssessment } from '../src/core/stats/cindex_cv.ts'

/** 225 patients, 8 covariates (5 continuous, 3 binary), exponential times with a true Cox effect, ~30 % censored. */
export function benchTableCsv(n = 225, seed = 2024): string {
  const rng = createRng(seed)
  const beta = [0.6, -0.4, 0.3, 0.2, 0, 0.5, 0, -0.3]
  const rows: (string | number)[][] = []
  for (let i = 0; i < n; i++) {
    const x = beta.map((_, j) => (j >= 5 ? (rng.next() < 0.4 ? 1 : 0) : Math.round(rng.normal() * 1e6) / 1e6))
    const lp = x.reduce((s, v, j) => s + v * beta[j], 0)
    const t = -Math.log(1 - rng.next()) / (0.02 * Math.exp(lp))
    const c = -Math.log(1 - rng.next()) / 0.008
    rows.push([`P${i + 1}`, Math.round(Math.min(t, c) * 100) / 100, t <= c ? 1 : 0, ...x])
  }
  return toCsv(['id', 'time', 'status', ...beta.map((_, j) => `x${j + 1}`)], rows)
}

const MODELS = [['x1', 'x2', 'x3'], ['x1', 'x2', 'x3', 'x4', 'x5'], ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']]

function rscript(csv: string, B: number): { seconds: number; cpuSeconds: number; cv: number[]; bootMean: number[]; p: number[] } | { error: string } {
  try {
    const out = execFileSync('Rscript', ['tests/fixtures/stats/bench_reference.R', csv, String(B)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return JSON.parse(out.trim().split('\n').pop()!)
  } catch (e) {
    return { error: `Rscript unavailable or failed: ${(e as Error).message.split('\n')[0]}` }
  }
}

export const benchmarks: Record<string, () => Promise<object>> = {
  async cindex() {
    const B = Number(process.env.STATS_BENCH_B ?? 1000)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-bench-'))
    const csv = path.join(dir, 'bench.csv')
    const text = benchTableCsv()
    fs.writeFileSync(csv, text)
    const frame = buildModelFrame(parseTable(text, 'bench.csv'), { time: 'time', event: 'status', covariates: MODELS[2] })
    cindexAssessment(frame, MODELS, { folds: 5, repeats: 1, bootstrap: 20, seed: 1 }) // JIT warm-up
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const rep = cindexAssessment(frame, MODELS, { folds: 5, repeats: 1, bootstrap: B, seed: 1 })
    const c1 = process.cpuUsage(c0)
    const nodeSeconds = (performance.now() - t0) / 1000
    const nodeCpuSeconds = (c1.user + c1.system) / 1e6
    const r = rscript(csv, B)
    const rSeconds = 'seconds' in r ? r.seconds : null
    const rCpuSeconds = 'cpuSeconds' in r ? r.cpuSeconds : null
    fs.rmSync(dir, { recursive: true, force: true })
    return {
      task: `5-fold x 1 CV C-index + ${B} bootstrap replicates, 3 Cox models, n=225, 8 covariates`,
      nodeSeconds,
      rSeconds,
      speedup: rSeconds !== null ? rSeconds / nodeSeconds : null,
      nodeCpuSeconds,
      rCpuSeconds,
      cpuSpeedup: rCpuSeconds !== null ? rCpuSeconds / nodeCpuSeconds : null,
      goal: '>= 5x faster than R',
      node: { cv: rep.cv.map((c) => c.mean), bootMean: rep.bootstrap!.models.map((m) => m.mean), p: rep.bootstrap!.pairs.map((p) => p.p) },
      r,
      note: 'single thread; CV folds and bootstrap resamples come from different RNGs in Node and R, so C values agree only statistically',
    }
  },
}
