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
// `engine` runs all of an engine's benchmarks, `engine/name` one of them
const picked = (engine: string, name: string) => (wanted.length ? wanted.includes(engine) || wanted.includes(`${engine}/${name}`) : engine !== 'cohort')
// the machine may be shared: the load average before and after each benchmark goes with its figures
const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100)
for (const [engine, importer] of Object.entries(modules)) {
  if (wanted.length ? !wanted.some((w) => w === engine || w.startsWith(engine + '/')) : engine === 'cohort') continue
  const { benchmarks } = await importer()
  for (const [name, fn] of Object.entries(benchmarks)) {
    if (!picked(engine, name)) continue
    process.stderr.write(`bench ${engine}/${name} …\n`)
    const loadBefore = load()
    const result = await fn()
    process.stdout.write(JSON.stringify({ engine, name, machine, loadAverage: { before: loadBefore, after: load() }, ...result }) + '\n')
  }
}
