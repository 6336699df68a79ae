// `npm run bench [-- name ...]`: runs the engines' benchmarks and prints one JSON
// object per benchmark on stdout (machine-readable), progress on stderr.
// Each bench/<engine>.ts exports `benchmarks: Record<string, () => Promise<object>>`.

import os from 'node:os'

type Bench = Record<string, () => Promise<object>>
const modules: Record<string, () => Promise<{ benchmarks: Bench }>> = {
  radiomics: () => import('./radiomics.ts'),
  stats: () => import('./stats.ts'),
  cluster: () => import('./cluster.ts'),
  omics: () => import('./omics.ts'),
  preprocess: () => import('./preprocess.ts'),
  deep: () => import('./deep.ts'),
  study: () => import('./study.ts'),
  foundation: () => import('./foundation.ts'),
  // not in the default run (minutes of work): npm run bench -- cohort
  cohort: () => import('./cohort.ts'),
}

const wanted = process.argv.slice(2)
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }
for (const [engine, load] of Object.entries(modules)) {
  if (wanted.length ? !wanted.includes(engine) : engine === 'cohort') continue
  const { benchmarks } = await load()
  for (const [name, fn] of Object.entries(benchmarks)) {
    process.stderr.write(`bench ${engine}/${name} …\n`)
    const result = await fn()
    process.stdout.write(JSON.stringify({ engine, name, machine, ...result }) + '\n')
  }
}
