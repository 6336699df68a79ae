// The job contract (issue 14, item 5): the app's job map (workers/jobs/index.ts) is the one
// place where a job's name, arguments and result are declared; every job in it has a caller
// in the UI (a job without one is deleted), and the UI calls no job the map lacks. The types
// are checked by the compiler: the `@ts-expect-error` lines below fail `svelte-check`/`tsc`
// as soon as a wrong name, wrong arguments or a wrong result type would be accepted.
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { JobArgs, JobResult } from '../../../workers/jobs/index.ts'
import type { runJob } from '../../../src/ui/lib/pool.ts'
import type { Cohort } from '../../../src/core/cohort/cohort.ts'
import type { KmReport } from '../../../src/core/stats/km_report.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : [],
  )
}

/** Job names declared in workers/jobs/*.ts (`'engine.name': (args, ctx) => …` entries). */
function declaredJobs(): string[] {
  return files('workers/jobs', /\.ts$/).flatMap((f) => [...readFileSync(path.join(root, f), 'utf8').matchAll(/^ {2}'([a-z]+\.[A-Za-z]+)':/gm)].map((m) => m[1]))
}

describe('job map', () => {
  const jobs = declaredJobs()
  const ui = files('src/ui', /\.(ts|svelte)$/).map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n')

  it('declares each job once', () => {
    expect(jobs.length).toBeGreaterThan(20)
    expect(new Set(jobs).size).toBe(jobs.length)
  })

  it('has no job without a caller in the UI', () => {
    const unused = jobs.filter((j) => !ui.includes(`'${j}'`))
    expect(unused).toEqual([])
  })

  it('types a call by the job name alone', () => {
    // compile-time checks (never run): arguments and results come from the job's declaration
    const typed = (run: typeof runJob) => {
      const cohort: Promise<Cohort> = run('foundation.demoCohort', { seed: 1, patients: 3 }).promise
      const km: Promise<KmReport> = run('stats.km', {} as JobArgs<'stats.km'>).promise
      // @ts-expect-error a job the map does not have
      run('stats.noSuchJob', {})
      // @ts-expect-error an argument the job does not take
      run('stats.km', { table: { columns: [], rows: [] }, time: 't', event: 'e', nonsense: 1 })
      // @ts-expect-error the result is a Cohort, not a number
      const wrong: Promise<number> = run('foundation.demoCohort', { seed: 1, patients: 3 }).promise
      return [cohort, km, wrong]
    }
    expect(typeof typed).toBe('function')
    const r: JobResult<'study.clearCache'> = undefined
    expect(r).toBeUndefined()
  })
})
