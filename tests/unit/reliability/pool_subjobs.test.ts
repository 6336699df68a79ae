// Sub-jobs of the UI's worker pool (src/ui/lib/pool.ts SUB_JOBS): the study job runs its
// per-patient imaging on the pool's OTHER workers. Fake workers (a MessageChannel with the
// compute API over comlink on the far end) run the pool's own code unchanged.
import { describe, it, expect } from 'vitest'
import { MessageChannel } from 'node:worker_threads'
import * as Comlink from 'comlink'
import { createPool, JobCancelled, type PoolWorker } from '../../../src/ui/lib/pool.ts'

type Sub = ((name: string, args: unknown) => Promise<unknown>) | undefined
type Behaviour = (name: string, args: unknown, worker: number, sub: Sub, parallel: number) => unknown

function fakePool(behaviour: Behaviour, size: number) {
  const made: { id: number; terminated: boolean }[] = []
  const spawn = (): PoolWorker => {
    const { port1, port2 } = new MessageChannel()
    const me = { id: made.length, terminated: false }
    made.push(me)
    ;(port1 as unknown as { start(): void }).start()
    Comlink.expose({ run: async (name: string, args: unknown, _p: unknown, sub: Sub, parallel = 0) => behaviour(name, args, me.id, sub, parallel) }, port2 as unknown as Comlink.Endpoint)
    return {
      postMessage: (m, t) => port1.postMessage(m, t as never),
      addEventListener: (type, fn) => type === 'message' && port1.addEventListener('message', fn as never),
      removeEventListener: (type, fn) => type === 'message' && port1.removeEventListener('message', fn as never),
      terminate: () => {
        me.terminated = true
        port1.close()
        port2.close()
      },
    }
  }
  return { pool: createPool(spawn, size), made }
}

/** A study job that runs `n` patient sub-jobs, `parallel` at a time, and reports where each ran. */
const study = (n: number): Behaviour => async (name, args, worker, sub, parallel) => {
  if (name === 'study.patientImaging') return { patient: (args as { i: number }).i, worker }
  if (name !== 'study.run') throw new Error(name)
  if (!sub) return { parallel, ran: Array.from({ length: n }, (_, i) => ({ patient: i, worker })) } // does the work itself
  const queue = Array.from({ length: n }, (_, i) => i), ran: unknown[] = []
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) ran.push(await sub('study.patientImaging', { i }))
  }))
  return { parallel, worker, ran }
}

describe('pool sub-jobs', () => {
  it("the study's patients run on the other workers, size − 1 at once", async () => {
    const { pool, made } = fakePool(study(6), 4)
    const r = (await pool.runJob('study.run', {}).promise) as { parallel: number; worker: number; ran: { patient: number; worker: number }[] }
    expect(r.parallel).toBe(3)
    expect(r.ran.map((x) => x.patient).sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(r.ran.every((x) => x.worker !== r.worker)).toBe(true)
    expect(new Set(r.ran.map((x) => x.worker)).size).toBe(3)
    made.forEach((w) => (w.terminated = true))
  })

  it('a pool of one worker gives no sub-jobs (the job does the work itself, no deadlock)', async () => {
    const { pool } = fakePool(study(3), 1)
    const r = (await pool.runJob('study.run', {}).promise) as { parallel: number; ran: unknown[] }
    expect(r.parallel).toBe(0)
    expect(r.ran.length).toBe(3)
  })

  it('two studies at once on two workers: the second works alone, the first gets the rest', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const inner = study(2)
    const { pool } = fakePool(async (name, args, w, sub, parallel) => {
      if (name === 'study.run' && (args as { wait?: boolean }).wait) await gate
      return inner(name, args, w, sub, parallel)
    }, 2)
    const a = pool.runJob('study.run', { wait: true })
    await new Promise((r) => setTimeout(r, 20))
    const b = pool.runJob('study.run', {})
    const rb = (await b.promise) as { parallel: number }
    release()
    const ra = (await a.promise) as { parallel: number; ran: unknown[] }
    expect(ra.parallel).toBe(1)
    expect(rb.parallel).toBe(0)
    expect(ra.ran.length).toBe(2)
  })

  it('only the listed sub-jobs may run, and only from the listed jobs', async () => {
    const { pool } = fakePool(async (name, _a, _w, sub) => {
      if (name === 'study.run') return sub!('stats.km', {})
      return { hasSub: sub !== undefined }
    }, 3)
    await expect(pool.runJob('study.run', {}).promise).rejects.toThrow('job "study.run" may not run job "stats.km"')
    expect(await pool.runJob('stats.km', {}).promise).toEqual({ hasSub: false })
  })

  it('cancelling the study cancels its sub-jobs', async () => {
    const { pool, made } = fakePool(async (name, _a, _w, sub) => {
      if (name === 'study.run') return Promise.all([sub!('study.patientImaging', {}), sub!('study.patientImaging', {})])
      return new Promise(() => {}) // a patient that never finishes
    }, 3)
    const h = pool.runJob('study.run', {})
    await new Promise((r) => setTimeout(r, 50))
    expect(made.length).toBe(3)
    h.cancel()
    await expect(h.promise).rejects.toBeInstanceOf(JobCancelled)
    expect(made.every((w) => w.terminated)).toBe(true)
  })
})
