// `merge --out F PART...`: combines the outputs of sharded runs (`--shard i/n`, see
// src/cli/shard.ts and docs/scale.md) into exactly what the unsharded command writes:
// - table parts (radiomics-cohort, preprocess-cohort, deep embed): rows of shards 1..n in
//   shard order (= manifest order), columns the union in order of first appearance (as the
//   unsharded table, missing cells NA); cells are copied as written, never re-formatted;
// - consensus parts (JSON): counts summed, then the final clustering, written to F and
//   printed as `consensus --json` prints it.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { flag } from '../args.ts'
import { InputError } from '../../core/errors.ts'
import { parseTable, toCsv } from '../../core/table/table.ts'
import { orderShards, readShardInfo } from '../shard.ts'
import { mergeConsensusParts, readConsensusPart, type ConsensusPart } from '../consensus_shard.ts'
import { consensusJson } from './cluster.ts'

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    throw new InputError('file not found; check the path', file)
  }
}

/** Rows of table parts (already in shard order) under the union of their columns. */
export function mergeTables(parts: { file: string; text: string }[], delimiter: ',' | '\t'): string {
  const tables = parts.map((p) => parseTable(p.text, p.file))
  const first = tables[0].columns[0]
  const columns: string[] = []
  const seen = new Set<string>()
  for (const t of tables) {
    if (t.columns[0] !== first) throw new InputError(`its first column is "${t.columns[0]}" but ${tables[0].name}'s is "${first}"; merge parts of one command`, t.name, 'header')
    for (const c of t.columns) if (!seen.has(c)) (seen.add(c), columns.push(c))
  }
  const rows: string[][] = []
  const ids = new Map<string, string>()
  for (const t of tables) {
    const at = columns.map((c) => t.columns.indexOf(c))
    for (const r of t.rows) {
      const other = ids.get(r[0])
      if (other !== undefined) throw new InputError(`row "${r[0]}" is also in ${other}; give each shard once`, t.name)
      ids.set(r[0], t.name)
      rows.push(at.map((j) => (j < 0 ? 'NA' : r[j])))
    }
  }
  if (delimiter === ',') return toCsv(columns, rows)
  return columns.join('\t') + '\n' + rows.map((r) => r.join('\t')).join('\n') + '\n'
}

const merge: Command = {
  name: 'merge',
  summary: 'combine the outputs of sharded runs (--shard i/n) into exactly the unsharded output (tables, or consensus parts)',
  usage:
    'merge --out FILE PART... [--json]\n' +
    '  tables (radiomics-cohort, preprocess-cohort, deep embed): merge --out features.csv part*.csv (each part with its .shard.json)\n' +
    '  consensus: merge --out consensus.json part*.json  (prints the JSON of the unsharded "consensus --json")',
  flags: { out: flag.output() },
  positional: 'PART...',
  async run(args) {
    const out = args.string('out')
    const files = args.positional
    if (files.length === 0) throw new InputError('merge needs the part files to combine: merge --out FILE PART...')
    const resolvedOut = path.resolve(out)
    for (const f of files) if (path.resolve(f) === resolvedOut) throw new InputError('--out is one of the parts; write the merged output to another file', f)
    const consensus = files.map((f) => (/\.json$/i.test(f) ? readConsensusPart(f) : null))
    fs.mkdirSync(path.dirname(resolvedOut), { recursive: true })
    if (consensus.some((c) => c)) {
      const bad = files.find((_, i) => !consensus[i])
      if (bad) throw new InputError('is not a consensus part; merge consensus parts only with consensus parts', bad)
      const { ids, options, result } = mergeConsensusParts(files.map((file, i) => ({ file, part: consensus[i] as ConsensusPart })))
      const text = JSON.stringify(consensusJson(ids, result, options.seed)) + '\n'
      fs.writeFileSync(out, text)
      process.stdout.write(text)
      return
    }
    const infos = files.map((file) => ({ file, ...readShardInfo(file) }))
    const ordered = orderShards(infos, (p) => p.file)
    const text = mergeTables(ordered.map((p) => ({ file: p.file, text: readText(p.file) })), /\.tsv$/i.test(out) ? '\t' : ',')
    fs.writeFileSync(out, text)
    const rows = text.trim().split('\n').length - 1
    const result = { out, command: ordered[0].command, parts: ordered.length, rows }
    if (args.flag('json')) process.stdout.write(JSON.stringify(result) + '\n')
    else process.stdout.write(`wrote ${out}: ${rows} rows from ${ordered.length} ${ordered[0].command} parts\n`)
  },
}

export const commands: Command[] = [merge]
