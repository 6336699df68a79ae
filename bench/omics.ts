// Benchmarks of the omics engine (see bench/run.ts): voom + lmFit + eBayes, and ComBat
// (parametric), on 20,000 genes × 110 samples (3 batches, 2 groups), in Node and — in the
// same run, on the same files — in R (tests/fixtures/omics/bench_reference.R via Rscript,
// when available). Seconds are the minimum over `REPEATS` runs, file reading excluded.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRng } from '../src/core/random.ts'
import { toCsv } from '../src/core/table/table.ts'
import type { CountMatrix } from '../src/core/cohort/cohort.ts'
import { calcNormFactors, effectiveLibSizes } from '../src/core/omics/tmm.ts'
import { voom } from '../src/core/omics/voom.ts'
import { lmFit } from '../src/core/omics/lmfit.ts'
import { eBayes } from '../src/core/omics/ebayes.ts'
import { combat } from '../src/core/omics/combat.ts'
import { groupDesign } from '../src/core/omics/pipeline.ts'

const G = 20000
const N = 110
const REPEATS = 3

function simulate(): { counts: CountMatrix; batch: string[]; group: string[] } {
  const rng = createRng(2024)
  const batch = Array.from({ length: N }, (_, i) => ['b1', 'b2', 'b3'][i % 3])
  const group = Array.from({ length: N }, (_, i) => (Math.floor(i / 3) % 2 ? 'B' : 'A'))
  const lib = Array.from({ length: N }, () => Math.exp(0.3 * rng.normal()))
  const bEff = [0, 1, 2].map(() => Float64Array.from({ length: G }, () => 0.3 * rng.normal()))
  const data = new Float64Array(G * N)
  for (let g = 0; g < G; g++) {
    const mu = Math.exp(Math.log(50) + 1.8 * rng.normal())
    const lfc = rng.next() < 0.05 ? 1.5 * rng.normal() : 0
    for (let s = 0; s < N; s++) {
      const m = mu * lib[s] * Math.exp(bEff[s % 3][g] + (group[s] === 'B' ? lfc * Math.LN2 : 0) + 0.3 * rng.normal())
      data[g * N + s] = Math.max(0, Math.round(m + Math.sqrt(m) * rng.normal()))
    }
  }
  return { counts: { genes: Array.from({ length: G }, (_, g) => `G${g + 1}`), samples: Array.from({ length: N }, (_, s) => `S${s + 1}`), data }, batch, group }
}

function timeMin<T>(f: () => T): [number, T] {
  let best = Infinity
  let out!: T
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now()
    out = f()
    best = Math.min(best, (performance.now() - t0) / 1000)
  }
  return [best, out]
}

export const benchmarks: Record<string, () => Promise<object>> = {
  async voomEbayesCombat() {
    const { counts, batch, group } = simulate()
    const design = groupDesign(group, 'A')
    const [tVoom, fit] = timeMin(() => {
      const tmm = calcNormFactors(counts)
      const v = voom(counts, design, effectiveLibSizes(tmm))
      return { v, eb: eBayes(lmFit(v.E, v.genes, design, v.weights)) }
    })
    const [tCombat, cb] = timeMin(() => combat(fit.v.E, G, batch, { parametric: true }))
    let r: { voomEbayesSeconds: number; combatSeconds: number; dfPrior: number; combatFirst: number } | null = null
    let rError: string | undefined
    try {
      const dir = mkdtempSync(join(tmpdir(), 'omics-bench-'))
      const ns = counts.samples.length
      writeFileSync(join(dir, 'counts.csv'), toCsv(['gene', ...counts.samples], counts.genes.map((g, i) => [g, ...Array.from(counts.data.subarray(i * ns, (i + 1) * ns))])))
      writeFileSync(join(dir, 'samples.csv'), toCsv(['sample', 'batch', 'group'], counts.samples.map((s, i) => [s, batch[i], group[i]])))
      const out = execFileSync('Rscript', ['tests/fixtures/omics/bench_reference.R', dir, String(REPEATS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      r = JSON.parse(out.trim().split('\n').pop()!)
    } catch (e) {
      rError = `R reference not run: ${(e as Error).message.split('\n')[0]}`
    }
    return {
      genes: G,
      samples: N,
      repeats: REPEATS,
      voomEbayesSeconds: tVoom,
      combatSeconds: tCombat,
      rVoomEbayesSeconds: r?.voomEbayesSeconds ?? null,
      rCombatSeconds: r?.combatSeconds ?? null,
      speedupVoomEbayes: r ? r.voomEbayesSeconds / tVoom : null,
      speedupCombat: r ? r.combatSeconds / tCombat : null,
      // agreement of the two runs on the same data
      dfPrior: fit.eb.dfPrior,
      rDfPrior: r?.dfPrior ?? null,
      combatFirstValue: cb.data[0],
      rCombatFirstValue: r?.combatFirst ?? null,
      note: rError ?? 'min over repeats; machine shared by other jobs, timings are noisy',
    }
  },
}
