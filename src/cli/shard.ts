// Sharding of the CLI's embarrassingly parallel commands over a cluster scheduler (Slurm
// job arrays, GNU parallel; docs/scale.md): `--shard i/n` runs the i-th of n contiguous
// ranges of the work (manifest rows, or resamplings for consensus), and `merge` combines
// the parts into exactly the unsharded output. Table parts carry a sidecar
// `<part>.shard.json` saying which range of which input they hold, so merge can order
// them, check that none is missing or repeated, and refuse parts of different inputs.
import { sha256Hex } from '../core/math/hash.ts'
import fs from 'node:fs'
import type { Args } from './args.ts'
import { InputError } from '../core/errors.ts'

export interface Shard {
  /** 1-based index of this shard */
  index: number
  count: number
}

/** `--shard i/n` (1 ≤ i ≤ n), or null when the flag is absent. */
export function shardFlag(args: Args): Shard | null {
  const v = args.optionalString('shard')
  if (v === undefined) {
    if (args.has('shard')) throw new InputError('--shard needs a value i/n, e.g. --shard 2/4')
    return null
  }
  const m = /^(\d+)\/(\d+)$/.exec(v.trim())
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN
  if (!m || !(count >= 1 && count <= 100000) || !(index >= 1 && index <= count))
    throw new InputError(`--shard must be i/n with 1 ≤ i ≤ n ≤ 100000 (e.g. --shard 2/4), got "${v}"`)
  return { index, count }
}

/** The half-open range [from, to) of `total` items that shard i of n takes (contiguous, sizes differ by at most one). */
export function shardRange(total: number, s: Shard | null): [number, number] {
  if (!s) return [0, total]
  return [Math.floor(((s.index - 1) * total) / s.count), Math.floor((s.index * total) / s.count)]
}

/** What a table part holds; written beside it as `<part>.shard.json`. */
export interface ShardInfo {
  format: 'sarcoma-omics-lab shard 1'
  command: string
  index: number
  count: number
  /** rows [from, to) of `total` */
  from: number
  to: number
  total: number
  /** SHA-256 of what defines the whole job (input text and settings): parts of different jobs are refused */
  job: string
}

export const sidecar = (part: string): string => `${part}.shard.json`

/** SHA-256 (math/hash.ts, the one implementation) of the parts, each followed by a NUL byte. */
export function sha256(...parts: (string | Uint8Array)[]): string {
  const enc = new TextEncoder()
  const bytes = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p))
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.length + 1, 0))
  let at = 0
  for (const b of bytes) {
    all.set(b, at)
    at += b.length + 1 // the NUL separator (already 0)
  }
  return sha256Hex(all)
}

export function writeShardInfo(part: string, info: Omit<ShardInfo, 'format'>): void {
  fs.writeFileSync(sidecar(part), JSON.stringify({ format: 'sarcoma-omics-lab shard 1', ...info }, null, 1) + '\n')
}

export function readShardInfo(part: string): ShardInfo {
  const file = sidecar(part)
  let info: ShardInfo
  try {
    info = JSON.parse(fs.readFileSync(file, 'utf8')) as ShardInfo
  } catch {
    throw new InputError(`no readable ${file} beside it; merge combines the parts written with --shard i/n (each with its .shard.json)`, part)
  }
  if (info?.format !== 'sarcoma-omics-lab shard 1') throw new InputError('is not a shard description written by --shard', file)
  return info
}

/**
 * Checks that parts are the shards 1..n of one job, each once, and returns them in shard
 * order. `describe(i)` names part i in messages.
 */
export function orderShards<T extends { index: number; count: number; job: string; command: string }>(parts: T[], name: (p: T) => string): T[] {
  if (parts.length === 0) throw new InputError('merge needs the part files to combine: merge --out FILE PART...')
  const first = parts[0]
  for (const p of parts) {
    if (p.command !== first.command) throw new InputError(`is a part of "${p.command}" but ${name(first)} is a part of "${first.command}"; merge parts of one command`, name(p))
    if (p.job !== first.job || p.count !== first.count) throw new InputError(`is a shard of another run (other inputs, settings or shard count) than ${name(first)}; merge the parts of one run`, name(p))
  }
  const byIndex = new Map<number, T>()
  for (const p of parts) {
    const seen = byIndex.get(p.index)
    if (seen) throw new InputError(`shard ${p.index}/${p.count} is given twice (also ${name(seen)}); give each part once`, name(p))
    byIndex.set(p.index, p)
  }
  const missing: number[] = []
  for (let i = 1; i <= first.count; i++) if (!byIndex.has(i)) missing.push(i)
  if (missing.length) throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} of ${first.count} missing; run ${missing.length > 1 ? 'them' : 'it'} and merge again`, name(first))
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!)
}
