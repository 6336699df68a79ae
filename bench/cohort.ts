// `npm run bench -- cohort`: 20 clinical-size demo patients (CE-T1 512 × 512 × 48, T1 and
// T2 on their own grids; src/core/demo/clinical.ts) × 3 sequences through the study's
// imaging — resampling to 1 × 1 × 4 mm, N4, histogram matching to the first patient,
// rescaling, `paper` radiomics — by two runners on every core:
// - cli: bench/cohort/cli_runner.ts bundled with the CLI's imaging worker (esbuild), as a
//   child process: worker threads reading the .nii.gz files (peak memory: max RSS);
// - browser: headless Chromium driven by playwright-core, a pool of
//   navigator.hardwareConcurrency Web Workers running the same core code on pre-decoded
//   volumes served from memory (peak memory: JS heap used + ArrayBuffer backing stores of
//   the page and every worker, sampled through the Chrome DevTools Protocol every 250 ms).
// Each runner is run on 10 and on 20 patients (memory must stay flat with cohort size);
// one JSON line per runner and size, with the extrapolation to the paper's 225 patients.
// Environment: BENCH_COHORT_PATIENTS (default "10,20"), BENCH_COHORT_RUNNERS ("cli,browser").
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { build } from 'esbuild'
import { readVolume } from '../src/cli/image_io.ts'
import { CACHE, clinicalCohort, encodeRaw, niftiPath } from './cohort/data.ts'
import { defaultPlan } from '../src/core/study/plan.ts'

const log = (m: string) => process.stderr.write(m + '\n')
const sizes = (process.env.BENCH_COHORT_PATIENTS ?? '10,20').split(',').map(Number)
const runners = (process.env.BENCH_COHORT_RUNNERS ?? 'cli,browser').split(',')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

async function bundles(): Promise<{ cli: string; page: string; worker: string }> {
  const out = path.join(CACHE, 'bundles')
  const common = { bundle: true, logLevel: 'warning' as const, target: 'es2022' }
  await build({ ...common, entryPoints: { cli_runner: 'bench/cohort/cli_runner.ts', imaging_worker: 'src/cli/imaging_worker.ts' }, outdir: out, platform: 'node', format: 'esm', packages: 'external', outExtension: { '.js': '.mjs' } })
  await build({ ...common, entryPoints: { page: 'bench/cohort/browser_page.ts', worker: 'bench/cohort/browser_worker.ts' }, outdir: out, platform: 'browser', format: 'iife' })
  return { cli: path.join(out, 'cli_runner.mjs'), page: path.join(out, 'page.js'), worker: path.join(out, 'worker.js') }
}

/**
 * CPU seconds (user + system) of every descendant process of `root` (Linux /proc), e.g. the
 * Chromium processes of the browser runner; 0 where /proc is not readable.
 */
function descendantsCpuSeconds(root: number): number {
  const tick = 100 // USER_HZ on Linux
  const parent = new Map<number, number>(), cpu = new Map<number, number>()
  let names: string[] = []
  try {
    names = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return 0
  }
  for (const d of names) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      // fields after the parenthesised command: state ppid … utime(14) stime(15), 1-based over the whole line
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parent.set(Number(d), Number(f[1]))
      cpu.set(Number(d), (Number(f[11]) + Number(f[12])) / tick)
    } catch {}
  }
  let total = 0
  for (const [pid, c] of cpu) {
    let p = parent.get(pid)
    while (p !== undefined && p > 1 && p !== root) p = parent.get(p)
    if (p === root) total += c
  }
  return total
}

function summary(runner: string, n: number, seconds: number, peakMemoryMiB: number, cpuSeconds: number, cores: number, extra: object) {
  const secondsPerPatient = seconds / n
  const cpuSecondsPerPatient = cpuSeconds / n
  return {
    runner,
    patients: n,
    sequences: 3,
    seconds,
    secondsPerPatient,
    peakMemoryMiB,
    extrapolated225Minutes: (secondsPerPatient * 225) / 60,
    // on a shared machine the wall time mostly measures the wait for a core: the CPU time
    // the work took, and that divided over the cores (the wall time with the cores free,
    // if the pool kept them all busy; a lower bound)
    cpuSeconds,
    cpuSecondsPerPatient,
    cores,
    cpuSecondsPerPatientPerCore: cpuSecondsPerPatient / cores,
    extrapolated225MinutesCoresFree: (cpuSecondsPerPatient / cores) * 225 / 60,
    goal: 'secondsPerPatient <= 6 in both runners; browser <= 1.3 x cli',
    ...extra,
  }
}

async function cliRun(cli: string, dir: string, ids: string[]) {
  const out = execFileSync(process.execPath, [cli, dir, ids.join(',')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 })
  const r = JSON.parse(out.trim().split('\n').pop()!)
  return summary('cli', ids.length, r.seconds, r.peakMemoryMiB, r.cpuSeconds, r.threads, { threads: r.threads, failed: r.failed, memory: 'max RSS of the process and its worker threads', cpu: 'user + system of the process and its worker threads, reading the .nii.gz files included' })
}

async function browserRun(b: { page: string; worker: string }, dir: string, ids: string[]) {
  const { chromium } = await import('playwright-core')
  // pre-decoded volumes, served from memory (decoding is done once here, outside the timing)
  const raw = new Map<string, Uint8Array>()
  for (const id of ids) for (const k of ['t1', 't2', 'ce_t1', 'mask']) raw.set(`/data/${id}/${k}`, encodeRaw(await readVolume(niftiPath(dir, id, k))))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--js-flags=--max-old-space-size=4096'] })
  try {
    const page = await browser.newPage()
    const origin = 'http://127.0.0.1:9'
    await page.route(origin + '/**', (route) => {
      const url = new URL(route.request().url()).pathname
      if (url === '/page.js') return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(b.page, 'utf8') })
      if (url === '/worker.js') return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(b.worker, 'utf8') })
      const body = raw.get(url)
      if (body) return route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) })
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>cohort bench</title><script src="/page.js"></script>' })
    })
    // memory of the page and of every worker through CDP: the page's own session, and its
    // workers attached to it (non-flattened, reached by Target.sendMessageToTarget)
    type Cdp = { send(m: string, p?: object): Promise<any>; on(e: string, f: (x: any) => void): void }
    const cdp = (await page.context().newCDPSession(page)) as unknown as Cdp
    const workers = new Set<string>()
    const pending = new Map<number, (v: any) => void>()
    let nextId = 1
    cdp.on('Target.attachedToTarget', (e) => workers.add(e.sessionId))
    cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId))
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message)
      pending.get(m.id)?.(m.result ?? null)
      pending.delete(m.id)
    })
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
    const heap = (h: { usedSize?: number; backingStorageSize?: number } | null) => (h ? (h.usedSize ?? 0) + (h.backingStorageSize ?? 0) : 0)
    const workerHeap = (sessionId: string) =>
      new Promise<number>((resolve) => {
        const id = nextId++
        pending.set(id, (r) => resolve(heap(r)))
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0))
        setTimeout(() => pending.has(id) && (pending.delete(id), resolve(0)), 2000)
      })
    let peak = 0, peakWorkers = 0
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        const [p, ...w] = await Promise.all([cdp.send('Runtime.getHeapUsage').then(heap, () => 0), ...[...workers].map(workerHeap)])
        peak = Math.max(peak, p + w.reduce((a, b) => a + b, 0))
        peakWorkers = Math.max(peakWorkers, w.length)
        await new Promise((r) => setTimeout(r, 250))
      }
    })()
    const cpu0 = descendantsCpuSeconds(process.pid)
    await page.goto(origin + '/index.html')
    await page.waitForFunction(() => typeof (window as unknown as { CohortBench?: unknown }).CohortBench === 'object')
    const r = await page.evaluate(([ids, plan]) => (window as unknown as { CohortBench: { run(i: string[], p: unknown): Promise<{ seconds: number; pool: number; failed: string[]; features: number[][] }> } }).CohortBench.run(ids, plan), [ids, defaultPlan()] as const)
    const cpuSeconds = descendantsCpuSeconds(process.pid) - cpu0
    sampling = false
    await sampler
    return summary('browser', ids.length, r.seconds, peak / 2 ** 20, cpuSeconds, r.pool, { cpu: 'user + system of every Chromium process (page, workers, GPU and utility processes) over the run', pool: r.pool, failed: r.failed, memory: 'CDP Runtime.getHeapUsage (used JS heap + ArrayBuffer backing stores) of the page and its workers, peak of 250 ms samples', workersSampled: peakWorkers, features: r.features[0]?.slice(0, 5) })
  } finally {
    await browser.close()
  }
}

export const benchmarks: Record<string, () => Promise<object>> = {}
const max = Math.max(...sizes)
for (const n of sizes) {
  for (const runner of runners) {
    benchmarks[`${runner}-${n}`] = async () => {
      const { dir, ids } = clinicalCohort(max, log)
      const b = await bundles()
      log(`cohort bench: ${runner}, ${n} clinical-size patients`)
      return runner === 'cli' ? cliRun(b.cli, dir, ids.slice(0, n)) : browserRun(b, dir, ids.slice(0, n))
    }
  }
}
