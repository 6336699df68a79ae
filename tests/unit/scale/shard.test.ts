// Sharded = unsharded, byte for byte (issue 18): radiomics-cohort over 4 shards and
// consensus over 4 shards of 1,000 resamplings, each shard a separate process of the
// bundled CLI run concurrently (GNU parallel when installed, else background processes),
// then `merge`. Also the shard range arithmetic and merge's refusals.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { orderShards, shardRange } from '../../../src/cli/shard.ts'
import { createRng } from '../../../src/core/random.ts'

const BUILD = path.resolve(`build/test-shard-${process.pid}`)
const CLI = path.join(BUILD, 'main.mjs')
let dir = ''

const cli = (...a: string[]) => execFileSync(process.execPath, [CLI, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

function cliFails(...a: string[]): string {
  try {
    cli(...a)
  } catch (e) {
    return String((e as { stderr?: string }).stderr)
  }
  throw new Error(`expected ${a.join(' ')} to fail`)
}

/** Runs `argv(i)` for shards i = 1..4 as concurrent processes. */
async function fourShards(argv: (i: number) => string[]): Promise<void> {
  if (fs.existsSync('/usr/bin/parallel')) {
    // GNU parallel substitutes {} with the shard number
    const template = argv(0).map((a) => a.replace('0/4', '{}/4').replace(/part0/, 'part{}'))
    execFileSync('/usr/bin/parallel', ['-j', '4', '--halt', 'now,fail=1', process.execPath, CLI, ...template, ':::', '1', '2', '3', '4'], { stdio: ['ignore', 'ignore', 'pipe'] })
    return
  }
  await Promise.all(
    [1, 2, 3, 4].map(
      (i) =>
        new Promise<void>((resolve, reject) => {
          const p = spawn(process.execPath, [CLI, ...argv(i)], { stdio: ['ignore', 'ignore', 'inherit'] })
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${i} exited ${code}`))))
        }),
    ),
  )
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', BUILD], { stdio: 'inherit' })
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-'))
}, 60_000)

afterAll(() => {
  fs.rmSync(BUILD, { recursive: true, force: true })
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('shard ranges', () => {
  it('cover 0..total once, contiguous, sizes within one', () => {
    for (const total of [0, 1, 3, 7, 8, 1000]) {
      for (const count of [1, 2, 4, 9]) {
        let next = 0
        for (let index = 1; index <= count; index++) {
          const [from, to] = shardRange(total, { index, count })
          expect(from).toBe(next)
          expect(to - from).toBeGreaterThanOrEqual(Math.floor(total / count))
          expect(to - from).toBeLessThanOrEqual(Math.ceil(total / count))
          next = to
        }
        expect(next).toBe(total)
      }
    }
  })
})

describe("merge's order and refusals (orderShards)", () => {
  const part = (index: number, over: Partial<{ count: number; job: string; command: string }> = {}) =>
    ({ index, count: 4, job: 'run-a', command: 'radiomics-cohort', file: `part${index}.csv`, ...over })
  const order = (parts: ReturnType<typeof part>[]) => orderShards(parts, (p) => p.file)

  it('returns the shards in shard order whatever order they are given in', () => {
    expect(order([part(3), part(1), part(4), part(2)]).map((p) => p.index)).toEqual([1, 2, 3, 4])
  })
  it('refuses a part of another run, of another shard count or of another command, naming the file', () => {
    expect(() => order([part(1), part(2), part(3, { job: 'run-b' }), part(4)])).toThrow(/^part3\.csv: is a shard of another run .* than part1\.csv/)
    expect(() => order([part(1), part(2, { count: 5 })])).toThrow(/^part2\.csv: is a shard of another run/)
    expect(() => order([part(1), part(2, { command: 'consensus' })])).toThrow(/^part2\.csv: is a part of "consensus" but part1\.csv is a part of "radiomics-cohort"/)
  })
  it('refuses a shard given twice and names both files; lists the missing shards', () => {
    const again = { ...part(2), file: 'copy_of_part2.csv' }
    expect(() => order([part(1), part(2), again, part(3), part(4)])).toThrow(/^copy_of_part2\.csv: shard 2\/4 is given twice \(also part2\.csv\)/)
    expect(() => order([part(1), part(4)])).toThrow(/shards 2, 3 of 4 missing; run them and merge again/)
    expect(() => order([])).toThrow(/merge needs the part files/)
  })
})

describe('sharded = unsharded', () => {
  it('radiomics-cohort, 4 shards → merge: byte-identical feature table', async () => {
    cli('demo', '--out', dir, '--patients', '6', '--seed', '2')
    const manifest = path.join(dir, 'manifest.csv')
    cli('radiomics-cohort', '--manifest', manifest, '--preset', 'paper', '--out', path.join(dir, 'full.csv'))
    await fourShards((i) => ['radiomics-cohort', '--manifest', manifest, '--preset', 'paper', '--shard', `${i}/4`, '--out', path.join(dir, `part${i}.csv`)])
    // parts given out of order: merge orders them by their shard index
    cli('merge', '--out', path.join(dir, 'merged.csv'), ...[3, 1, 4, 2].map((i) => path.join(dir, `part${i}.csv`)))
    const full = fs.readFileSync(path.join(dir, 'full.csv'))
    expect(full.toString().trim().split('\n').length).toBe(7)
    expect(fs.readFileSync(path.join(dir, 'merged.csv')).equals(full)).toBe(true)
    expect(cliFails('merge', '--out', path.join(dir, 'm.csv'), ...[1, 2, 4].map((i) => path.join(dir, `part${i}.csv`)))).toMatch(/shard 3 of 4 missing/)
    expect(cliFails('merge', '--out', path.join(dir, 'm.csv'), path.join(dir, 'full.csv'))).toMatch(/shard\.json/)
  }, 120_000)

  it('consensus, 4 shards of 1,000 resamplings → merge: the same JSON as consensus --json', async () => {
    const rng = createRng(7)
    const lines = ['id,' + Array.from({ length: 6 }, (_, j) => `f${j}`).join(',')]
    for (let i = 0; i < 30; i++) lines.push(`s${i},` + Array.from({ length: 6 }, (_, j) => ((i % 3 === j % 3 ? 2 : 0) + rng.next()).toFixed(5)).join(','))
    const data = path.join(dir, 'data.csv')
    fs.writeFileSync(data, lines.join('\n') + '\n')
    const flags = ['--data', data, '--reps', '1000', '--max-k', '4', '--seed', '3']
    const full = cli('consensus', ...flags, '--json')
    expect(JSON.parse(full).reps).toBe(1000)
    await fourShards((i) => ['consensus', ...flags, '--shard', `${i}/4`, '--out', path.join(dir, `cpart${i}.json`)])
    const parts = [1, 2, 3, 4].map((i) => path.join(dir, `cpart${i}.json`))
    const printed = cli('merge', '--out', path.join(dir, 'consensus.json'), ...parts)
    expect(printed).toBe(full)
    expect(fs.readFileSync(path.join(dir, 'consensus.json'), 'utf8')).toBe(full)
    expect(cliFails('merge', '--out', path.join(dir, 'c.json'), ...parts.slice(0, 3))).toMatch(/shard 4 of 4 missing/)
  }, 120_000)
})
