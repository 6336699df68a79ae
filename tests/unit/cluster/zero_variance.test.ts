// Zero-variance items under correlation distances (issue 20): R's cor gives NA for them
// (tests/fixtures/cluster/make_zero_variance.R) and hclust refuses; the project refuses
// the item by name in hclust and consensus alike, with a tolerance relative to the row's
// magnitude (rounding noise on a constant row is still "constant"). Also the --reps bound.
import { describe, expect, it, vi } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { commands } from '../../../src/cli/commands/cluster.ts'
import { distanceMatrix, zeroVarianceRows, type FeatureMatrix } from '../../../src/core/cluster/distance.ts'
import { consensusCluster } from '../../../src/core/cluster/consensus.ts'
import { InputError } from '../../../src/core/errors.ts'
import { FIXTURES, readJson } from './fixtures.ts'
import { runCommand } from '../cli_run.ts'

const ref = readJson<{ items: string[]; data: number[][]; cor: (number | null)[][] }>('zero_variance.json')
const matrix = (rows: number[][]): FeatureMatrix => ({ nItems: rows.length, nFeatures: rows[0].length, data: Float64Array.from(rows.flat()) })

describe('zero-variance items and Pearson distance', () => {
  it('the rows R gives NA correlations are the rows refused', () => {
    const naRows = ref.cor.map((r, i) => (r.some((v) => v === null) && r.filter((v) => v === null).length === r.length - 1 ? i : -1)).filter((i) => i >= 0)
    expect(zeroVarianceRows(matrix(ref.data), 'pearson')).toEqual(naRows)
    expect(zeroVarianceRows(matrix(ref.data), 'spearman')).toEqual(naRows)
    expect(zeroVarianceRows(matrix(ref.data), 'euclidean')).toEqual([])
  })
  it('where R gives numbers, the distances equal 1 − cor', () => {
    const keep = [0, 1, 3]
    const d = distanceMatrix(matrix(keep.map((i) => ref.data[i])), 'pearson')
    keep.forEach((i, a) => keep.forEach((k, b) => a !== b && expect(Math.abs(d[a * 3 + b] - (1 - (ref.cor[i][k] as number)))).toBeLessThan(1e-15)))
  })
  it('rounding noise on a constant row counts as constant; a small real spread does not', () => {
    const noisy = [1e6, 1e6 + 1e-7, 1e6 - 1e-7, 1e6, 1e6 + 2e-7]
    const small = [1e-20, 3e-20, 2e-20, 5e-20, 4e-20]
    expect(zeroVarianceRows(matrix([ref.data[0], noisy, small]), 'pearson')).toEqual([1])
    expect(() => distanceMatrix(matrix([ref.data[0], noisy, small]), 'pearson')).toThrow(/item 2 has zero variance/)
  })
  it('hclust CLI refuses the item by its id, as does consensus', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zv-'))
    const file = path.join(dir, 'x.csv')
    fs.writeFileSync(file, 'id,f1,f2,f3,f4,f5\n' + ref.items.map((id, i) => [id, ...ref.data[i]].join(',')).join('\n') + '\n')
    await expect(runCommand(commands, ['hclust', '--data', file, '--distance', 'pearson', '--json'])).rejects.toThrow(/item "flat" has zero variance.*R cor gives NA/)
    await expect(runCommand(commands, ['consensus', '--data', file, '--max-k', '2', '--reps', '5', '--json', '--quiet'])).rejects.toThrow(/item "flat" has zero variance/)
    const r = JSON.parse(await runCommand(commands, ['hclust', '--data', file, '--distance', 'euclidean', '--json']))
    expect(r.order).toHaveLength(4)
    expect(() => consensusCluster(matrix(ref.data), { maxK: 2, reps: 3 })).toThrow(InputError)
  })
  it('--reps is bounded, with the range in the message', () => {
    const m = matrix([ref.data[0], ref.data[1], ref.data[3], [1, 5, 2, 2, 3]])
    expect(() => consensusCluster(m, { maxK: 2, reps: 1e8, pItem: 1 })).toThrow(/--reps must be an integer from 1 to 100000, got 100000000/)
    expect(() => consensusCluster(m, { maxK: 2, reps: 0, pItem: 1 })).toThrow(/from 1 to 100000/)
  })
  it('consensus prints its progress on stderr, none with --quiet', async () => {
    const run = async (quiet: boolean) => {
      let err = ''
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true))
      try {
        await runCommand(commands, ['consensus', '--data', path.join(FIXTURES, 'consensus_separated.csv'), '--max-k', '3', '--reps', '200', '--json', ...(quiet ? ['--quiet'] : [])])
      } finally {
        spy.mockRestore()
      }
      return err
    }
    expect(await run(false)).toMatch(/\d+% resampling \d+ of 200/)
    expect(await run(true)).toBe('')
  })
})
