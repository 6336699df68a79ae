// Consensus clustering split by resampling range (`consensus --shard i/n`): a part holds
// the integer co-clustering counts of resamplings [from, to) — each resampling draws from
// its own seeded stream (src/core/cluster/consensus.ts), so the ranges are independent —
// and `merge` sums the counts of parts 1..n and runs the final clustering on the total,
// which gives exactly the unsharded result. Counts travel as base64 little-endian Int32.
import fs from 'node:fs'
import path from 'node:path'
import type { JobContext } from '../core/job.ts'
import { InputError } from '../core/errors.ts'
import { consensusCounts, mergeCounts, summariseConsensus, type ConsensusCounts, type ConsensusOptions, type ConsensusResult } from '../core/cluster/consensus.ts'
import type { FeatureMatrix } from '../core/cluster/distance.ts'
import { orderShards, sha256, shardRange, type Shard } from './shard.ts'

export interface ConsensusPart {
  format: 'sarcoma-omics-lab consensus part 1'
  command: 'consensus'
  index: number
  count: number
  from: number
  to: number
  /** SHA-256 of the item ids, the data matrix and the options */
  job: string
  ids: string[]
  options: ConsensusOptions
  counts: { n: number; maxK: number; reps: number; missed: string; bothMissed: string; lastTogether: string[] }
}

const b64 = (a: Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

function unb64(s: string, length: number, file: string): Int32Array {
  const b = Buffer.from(s, 'base64')
  if (b.byteLength !== length * 4) throw new InputError(`holds counts of the wrong size (${b.byteLength / 4}, expected ${length}); re-run the shard`, file)
  const out = new Int32Array(length)
  new Uint8Array(out.buffer).set(b)
  return out
}

export function consensusJob(ids: string[], m: FeatureMatrix, o: ConsensusOptions): string {
  const data = new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength)
  return sha256(ids.join('\u0001'), `${m.nItems}x${m.nFeatures}`, data, JSON.stringify(o))
}

/** Counts of the resamplings of one shard. */
export function consensusPart(ids: string[], m: FeatureMatrix, o: ConsensusOptions, shard: Shard, ctx?: JobContext): ConsensusPart {
  const [from, to] = shardRange(o.reps, shard)
  const c = consensusCounts(m, o, from, to, ctx)
  return {
    format: 'sarcoma-omics-lab consensus part 1',
    command: 'consensus',
    index: shard.index,
    count: shard.count,
    from,
    to,
    job: consensusJob(ids, m, o),
    ids,
    options: o,
    counts: { n: c.n, maxK: c.maxK, reps: c.reps, missed: b64(c.missed), bothMissed: b64(c.bothMissed), lastTogether: c.lastTogether.map(b64) },
  }
}

export function writeConsensusPart(file: string, part: ConsensusPart): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(part) + '\n')
}

/** A part file, or null when the JSON is not a consensus part. */
export function readConsensusPart(file: string): ConsensusPart | null {
  let v: ConsensusPart
  try {
    v = JSON.parse(fs.readFileSync(file, 'utf8')) as ConsensusPart
  } catch (e) {
    throw new InputError(`could not be read as JSON (${(e as Error).message}); give the part files written by --shard`, file)
  }
  return v?.format === 'sarcoma-omics-lab consensus part 1' ? v : null
}

function partCounts(p: ConsensusPart, file: string): ConsensusCounts {
  const { n, maxK } = p.counts
  if (p.counts.reps !== p.to - p.from || p.counts.lastTogether.length !== maxK - 1) throw new InputError('is inconsistent (counts do not match its range); re-run the shard', file)
  return { n, maxK, reps: p.counts.reps, missed: unb64(p.counts.missed, n, file), bothMissed: unb64(p.counts.bothMissed, n * n, file), lastTogether: p.counts.lastTogether.map((s) => unb64(s, n * n, file)) }
}

/** Sums the parts' counts (shards 1..n of one run, checked) and clusters the total. */
export function mergeConsensusParts(parts: { file: string; part: ConsensusPart }[]): { ids: string[]; options: ConsensusOptions; result: ConsensusResult } {
  const ordered = orderShards(parts.map((p) => ({ ...p, index: p.part.index, count: p.part.count, job: p.part.job, command: p.part.command })), (p) => p.file)
  let next = 0
  for (const p of ordered) {
    if (p.part.from !== next) throw new InputError(`covers resamplings ${p.part.from}–${p.part.to}, expected from ${next}; re-run the shard`, p.file)
    next = p.part.to
  }
  const { ids, options } = ordered[0].part
  if (next !== options.reps) throw new InputError(`the parts cover ${next} of ${options.reps} resamplings; re-run the missing shards`, ordered[0].file)
  const total = mergeCounts(ordered.map((p) => partCounts(p.part, p.file)))
  return { ids, options, result: summariseConsensus(total, options) }
}
