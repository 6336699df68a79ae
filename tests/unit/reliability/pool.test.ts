// The UI's worker pool (src/ui/lib/pool.ts) driven with fake workers: each fake is a
// MessageChannel with the compute API exposed over comlink on the far end, so the pool's
// own code (slots, comlink calls, crash detection, retry, cancel) runs unchanged. A crash
// is the worker's `error` event, as a real Worker fires it on an uncaught error or OOM.
import { describe, it, expect } from 'vitest'
import { MessageChannel } from 'node:worker_threads'
import * as Comlink from 'comlink'
import { createPool, describeJob, JobCancelled, JobCrashed, type PoolWorker } from '../../../src/ui/lib/pool.ts'

interface Fake extends PoolWorker {
  id: number
  terminated: boolean
}

/** A pool whose workers run `behaviour(job, args, workerId)`; 'crash' makes the worker die. */
function fakePool(behaviour: (name: string, args: unknown, worker: number) => unknown, size = 2) {
  const made: Fake[] = []
  const spawn = (): PoolWorker => {
    const { port1, port2 } = new MessageChannel()
    const events = new EventTarget()
    const id = made.length
    const fake: Fake = {
      id,
      terminated: false,
      postMessage: (m, t) => port1.postMessage(m, t as never),
      addEventListener: (type, fn) => (type === 'message' ? port1.addEventListener('message', fn as never) : events.addEventListener(type, fn)),
      removeEventListener: (type, fn) => (type === 'message' ? port1.removeEventListener('message', fn as never) : events.removeEventListener(type, fn)),
      terminate() {
        fake.terminated = true
        port1.close()
        port2.close()
      },
    }
    ;(port1 as unknown as { start(): void }).start()
    Comlink.expose(
      {
        async run(name: string, args: unknown, progress?: (f: number, m?: string) => void) {
          await progress?.(0.5, 'half')
          const out = behaviour(name, args, id)
          if (out === 'crash') {
            const e = new Event('error', { cancelable: true })
            Object.defineProperty(e, 'message', { value: 'Out of memory' })
            setTimeout(() => events.dispatchEvent(e), 5)
            return new Promise(() => {}) // a dead worker never answers
          }
          if (out === 'hang') return new Promise(() => {})
          if (out instanceof Error) throw out
          return out
        },
      },
      port2 as unknown as Comlink.Endpoint,
    )
    made.push(fake)
    return fake
  }
  return { pool: createPool(spawn, size), made }
}

describe('worker pool', () => {
  it('runs jobs and reports progress', async () => {
    const { pool, made } = fakePool((_, a) => (a as { x: number }).x * 2)
    const seen: number[] = []
    const r = await pool.runJob<number>('double', { x: 21 }, (p) => seen.push(p.fraction)).promise
    expect(r).toBe(42)
    expect(seen).toEqual([0.5])
    const all = await Promise.all([1, 2, 3, 4].map((x) => pool.runJob<number>('double', { x }).promise))
    expect(all).toEqual([2, 4, 6, 8])
    expect(made.length).toBe(2) // never more workers than the pool size
    made.forEach((w) => w.terminate())
  })

  it('a job whose worker dies is retried once on a fresh worker', async () => {
    const { pool, made } = fakePool((_, a, w) => (w === 0 ? 'crash' : `done ${(a as { patient: { id: string } }).patient.id} on worker ${w}`), 1)
    const r = await pool.runJob<string>('preprocess.case', { patient: { id: 'P007' } }).promise
    expect(r).toBe('done P007 on worker 1')
    expect(made[0].terminated).toBe(true) // the dead worker was terminated and replaced
    expect(pool.workers()).toBe(1)
    // the replacement keeps serving jobs
    expect(await pool.runJob<string>('preprocess.case', { patient: { id: 'P008' } }).promise).toBe('done P008 on worker 1')
    made.forEach((w) => w.terminate())
  })

  it('a job whose worker dies twice fails naming the job and the patient; the pool goes on', async () => {
    const { pool, made } = fakePool((_, a) => ((a as { patient: { id: string } }).patient.id === 'P003' ? 'crash' : 'ok'), 2)
    const bad = pool.runJob('preprocess.case', { patient: { id: 'P003' }, sequence: 'ce_t1' }).promise
    const good = pool.runJob('preprocess.case', { patient: { id: 'P004' } }).promise
    const err = (await bad.catch((e: unknown) => e)) as JobCrashed
    expect(err).toBeInstanceOf(JobCrashed)
    expect(err.message).toMatch(/^job "preprocess\.case" for patient P003 \(ce_t1\) failed: its background worker stopped on all 2 tries \(Out of memory\)/)
    expect(err.attempts).toBe(2)
    expect(await good).toBe('ok')
    expect(made.filter((w) => w.terminated).length).toBe(2)
    expect(await pool.runJob('x', { patient: { id: 'P005' } }).promise).toBe('ok')
    expect(pool.workers()).toBeLessThanOrEqual(2)
    made.forEach((w) => w.terminate())
  })

  it('retries: 0 fails at the first crash; an ordinary job error is not retried', async () => {
    let calls = 0
    const { pool, made } = fakePool((name) => {
      calls++
      return name === 'boom' ? new Error('bad input in row 3') : 'crash'
    }, 1)
    await expect(pool.runJob('crashy', {}, undefined, { retries: 0 }).promise).rejects.toThrow(/job "crashy" failed: its background worker stopped once/)
    expect(calls).toBe(1)
    await expect(pool.runJob('boom', {}).promise).rejects.toThrow('bad input in row 3')
    expect(calls).toBe(2)
    made.forEach((w) => w.terminate())
  })

  it('cancel stops a running job at once and frees its place', async () => {
    const { pool, made } = fakePool((name) => (name === 'hang' ? 'hang' : 'ok'), 1)
    const h = pool.runJob('hang', {})
    await new Promise((r) => setTimeout(r, 20))
    h.cancel()
    await expect(h.promise).rejects.toBeInstanceOf(JobCancelled)
    expect(made[0].terminated).toBe(true)
    expect(await pool.runJob('next', {}).promise).toBe('ok')
    made.forEach((w) => w.terminate())
  })

  it('describeJob names the patient when the arguments carry one', () => {
    expect(describeJob('radiomics.patient', { patient: { id: 'P1' } })).toBe('job "radiomics.patient" for patient P1')
    expect(describeJob('cluster.consensusCounts', { from: 0 })).toBe('job "cluster.consensusCounts"')
  })
})
