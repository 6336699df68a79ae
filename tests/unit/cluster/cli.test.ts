// The cluster CLI commands' JSON contracts (issue 5): hclust merge/heights/order/clusters
// equal R's on a fixture, consensus has the k/deltaArea/suggestedK shape, assign labels
// new items as R's nearest centroid, bad input is an InputError.
import { afterEach, describe, expect, it, vi } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { commands } from '../../../src/cli/commands/cluster.ts'
import { InputError } from '../../../src/core/errors.ts'
import { FIXTURES, num, readJson } from './fixtures.ts'
import { runCommand } from '../cli_run.ts'

async function cli(argv: string[]): Promise<any> {
  return JSON.parse(await runCommand(commands, argv))
}
afterEach(() => vi.restoreAllMocks())

describe('cluster CLI', () => {
  it('hclust --json: R merge convention, heights, order and cuts', async () => {
    const ref = readJson<any>('hclust_reference.json')['tied/manhattan'].runs.complete
    const r = await cli(['hclust', '--data', path.join(FIXTURES, 'hclust_tied.csv'), '--distance', 'manhattan', '--linkage', 'complete', '--k', '2,3,4', '--json'])
    expect(r.merge).toEqual(ref.merge)
    r.heights.forEach((h: number, i: number) => expect(Math.abs(h - Number(ref.height[i]))).toBeLessThan(1e-10))
    expect(r.order).toEqual(ref.order)
    expect(Object.keys(r.clusters)).toEqual(['2', '3', '4'])
    expect(Object.values(r.clusters['3'])).toEqual(ref.cuts['3'])
    expect(Object.keys(r.clusters['3'])[0]).toBe('item01')
  })
  it('consensus --json: k → clusters, pac, clusterConsensus, itemConsensus; deltaArea; suggestedK', async () => {
    const r = await cli(['consensus', '--data', path.join(FIXTURES, 'consensus_separated.csv'), '--max-k', '3', '--reps', '50', '--p-item', '0.8', '--p-feature', '1', '--distance', 'pearson', '--linkage', 'average', '--seed', '5', '--json'])
    expect(Object.keys(r.k)).toEqual(['2', '3'])
    expect(Object.keys(r.k['2'].clusters)).toHaveLength(60)
    expect(typeof r.k['2'].pac).toBe('number')
    expect(r.k['3'].clusterConsensus).toHaveLength(3)
    expect(Object.keys(r.k['2'].itemConsensus)).toHaveLength(60)
    expect(Object.keys(r.deltaArea)).toEqual(['2', '3'])
    expect([2, 3]).toContain(r.suggestedK)
  })
  it('assign --json: nearest centroid as R', async () => {
    const ref = readJson<any>('centroid_reference.json')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assign-'))
    const lines = fs.readFileSync(path.join(FIXTURES, 'hclust_groups.csv'), 'utf8').trim().split('\n')
    fs.writeFileSync(path.join(dir, 'train.csv'), lines.slice(0, 21).join('\n'))
    fs.writeFileSync(path.join(dir, 'new.csv'), [lines[0], ...lines.slice(21)].join('\n'))
    fs.writeFileSync(path.join(dir, 'cl.csv'), ['id,cluster', ...lines.slice(1, 21).map((l, i) => `${l.split(',')[0]},${ref.trainLabels[i]}`)].join('\n'))
    const r = await cli(['assign', '--train', path.join(dir, 'train.csv'), '--clusters', path.join(dir, 'cl.csv'), '--new', path.join(dir, 'new.csv'), '--distance', 'pearson', '--json'])
    expect(Object.values(r.assigned)).toEqual(ref.pearson.assigned)
    const d = num(ref.pearson.distances)
    expect(Math.abs(r.distances.item21['2'] - d[1])).toBeLessThan(1e-12)
  })
  it('bad input is an InputError naming the flag or file', async () => {
    await expect(cli(['hclust', '--data', path.join(FIXTURES, 'hclust_tied.csv'), '--distance', 'cosine'])).rejects.toBeInstanceOf(InputError)
    await expect(cli(['consensus', '--data', '/no/such.csv'])).rejects.toThrow(/not found/)
  })
})
