// CLI commands of the cluster engine: hclust, consensus, assign.
// Input CSV: first column item id, other columns numeric features.
import fs from 'node:fs'
import type { Command } from '../command.ts'
import { readInputBytes, readInputTable } from '../input_files.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import type { Args } from '../args.ts'
import { InputError } from '../../core/errors.ts'
import { inputWarning } from '../../core/validate/warnings.ts'
import { parseTable } from '../../core/table/table.ts'
import { featureMatrixOf, parseFeatureCsv } from '../../core/cohort/features.ts'
import { columnStats, distanceMatrix, parseDistance, refuseZeroVarianceRows, scaleColumns, ZERO_VARIANCE_REL, type FeatureMatrix } from '../../core/cluster/distance.ts'
import { hclust, parseLinkage } from '../../core/cluster/hclust.ts'
import { cutreeMany } from '../../core/cluster/cutree.ts'
import { consensusCluster, type ConsensusResult } from '../../core/cluster/consensus.ts'
import { shardFlag } from '../shard.ts'
import { consensusPart, writeConsensusPart } from '../consensus_shard.ts'
import { assignNearestCentroid } from '../../core/cluster/centroid.ts'
import { nameGroups } from '../../core/cluster/naming.ts'

/** Items × features from a CSV whose first column is the item id (complete, finite, unique ids). */
export function readFeatureCsv(file: string): { ids: string[]; features: string[]; matrix: FeatureMatrix } {
  const t = parseFeatureCsv(readInputBytes(file), file, { finite: true, uniqueIds: true, minRows: 2 })
  return { ids: t.ids, features: t.columns, matrix: featureMatrixOf(t) }
}

function loadData(args: Args): { ids: string[]; matrix: FeatureMatrix } {
  const file = args.string('data')
  const { ids, features, matrix } = readFeatureCsv(file)
  if (!args.flag('scale')) return { ids, matrix }
  // a constant feature has no scale (R's scale() gives NaN and hclust then fails): it is
  // set to 0, i.e. left out of the distances, and said so
  const stats = columnStats(matrix)
  const constant: string[] = []
  for (let j = 0; j < matrix.nFeatures; j++) {
    let big = 0
    for (let i = 0; i < matrix.nItems; i++) big = Math.max(big, Math.abs(matrix.data[i * matrix.nFeatures + j]))
    if (!(stats.sd[j] > ZERO_VARIANCE_REL * big)) constant.push(features[j])
  }
  if (constant.length === matrix.nFeatures) throw new InputError(`every feature is constant across the items, so --scale leaves nothing to cluster; check the table`, file)
  if (constant.length)
    inputWarning(`${file}: ${constant.length} constant feature(s) (${constant.slice(0, 5).map((c) => `"${c}"`).join(', ')}${constant.length > 5 ? ', …' : ''}) have no spread to scale; they are left out of the distances (R's scale() gives NaN)`)
  return { ids, matrix: scaleColumns(matrix, undefined, stats) }
}

/**
 * Progress of a long run on stderr (none with --quiet): a rewritten line on a terminal,
 * otherwise one line per 10 % so that logs stay short.
 */
function stderrProgress(args: Args): { progress: (f: number, m?: string) => void; end: () => void } | undefined {
  if (args.flag('quiet')) return undefined
  const tty = process.stderr.isTTY
  let last = -1
  return {
    progress: (f, m) => {
      const pct = Math.round(f * 100)
      if (tty) process.stderr.write(`\r${pct}% ${m ?? ''}   `)
      else if (Math.floor(pct / 10) > last) {
        last = Math.floor(pct / 10)
        process.stderr.write(`${pct}% ${m ?? ''}\n`)
      }
    },
    end: () => {
      if (tty) process.stderr.write('\n')
    },
  }
}

const byId = (ids: string[], values: ArrayLike<number>): Record<string, number> => Object.fromEntries(ids.map((id, i) => [id, values[i]]))

const hclustCommand: Command = {
  name: 'hclust',
  summary: 'hierarchical clustering of items (rows) as R hclust, with cuts at k',
  usage:
    'hclust --data FILE.csv [--scale] --distance pearson|spearman|euclidean|manhattan --linkage average|complete|single|ward.D2 [--k 2,3,4] [--json]\n' +
    '  merge in R convention (−i = item i, +j = step j), heights, order (1-based), clusters per k as R cutree',
  flags: { data: flag.input(), scale: flag.bool(), distance: flag.string(), linkage: flag.string(), k: flag.numbers(1, 100000, { integers: true }) },
  async run(args) {
    const { ids, matrix } = loadData(args)
    const distance = parseDistance(args.string('distance', 'pearson'))
    const linkage = parseLinkage(args.string('linkage', 'average'))
    const ks = args.numberList('k', [])
    refuseZeroVarianceRows(matrix, distance, ids)
    const tree = hclust(distanceMatrix(matrix, distance), matrix.nItems, linkage)
    const cuts = cutreeMany(tree, ks)
    const merge: [number, number][] = []
    for (let s = 0; s < tree.merge.length; s += 2) merge.push([tree.merge[s], tree.merge[s + 1]])
    const result = {
      merge,
      heights: Array.from(tree.height),
      order: Array.from(tree.order),
      labels: ids,
      clusters: Object.fromEntries(ks.map((k) => [String(k), byId(ids, cuts.get(k)!)])),
    }
    emit(args, result, () =>
      [
        `hclust of ${ids.length} items (${distance}, ${linkage}); top merge height ${tree.height[tree.height.length - 1].toPrecision(6)}`,
        ...ks.map((k) => `k = ${k}: ` + nameGroups(cuts.get(k)!).groups.map((g) => `${g.name}=${g.size}`).join(' ')),
      ].join('\n'),
    )
  },
}

/** The JSON of `consensus --json` (also what `merge` prints for consensus parts). */
export function consensusJson(ids: string[], res: ConsensusResult, seed: number) {
  return {
    k: Object.fromEntries(
      res.perK.map((r) => [
        String(r.k),
        {
          clusters: byId(ids, r.clusters),
          groups: Object.fromEntries(nameGroups(r.clusters).names.map((g, i) => [ids[i], g])),
          pac: r.pac,
          area: r.area,
          clusterConsensus: r.clusterConsensus,
          itemConsensus: byId(ids, r.itemConsensus),
        },
      ]),
    ),
    deltaArea: Object.fromEntries(res.perK.map((r, i) => [String(r.k), res.deltaArea[i]])),
    suggestedK: res.suggestedK,
    suggestedReason: res.suggestedReason,
    reps: res.reps,
    // the seed of the resamplings, so the run can be reproduced from its output
    seed,
  }
}

const consensusCommand: Command = {
  name: 'consensus',
  summary: 'consensus clustering as ConsensusClusterPlus (hc), PAC, delta area, suggested k',
  usage:
    'consensus --data FILE.csv [--scale] --max-k K --reps N --p-item 0.8 --p-feature 1 --distance D --linkage L [--final-linkage L] --seed S [--json]\n' +
    '  --reps from 1 to 100000; progress on stderr (--quiet: none)\n' +
    '  defaults: --max-k 6 --reps 1000 --p-item 0.8 --p-feature 1 --distance pearson --linkage average --final-linkage = --linkage --seed 1\n' +
    '  --shard i/n --out PART.json: only the i-th of n ranges of the resamplings (counts); "merge --out F PART..." then prints exactly the unsharded --json',
  flags: { data: flag.input(), scale: flag.bool(), 'max-k': flag.int(2, 50), reps: flag.int(1, 100000), 'p-item': flag.number(0, 1, { exclusiveMin: true }), 'p-feature': flag.number(0, 1, { exclusiveMin: true }), distance: flag.string(), linkage: flag.string(), 'final-linkage': flag.string(), seed: flag.int(0, 4294967295) , shard: flag.string(), out: flag.output() },
  async run(args) {
    const { ids, matrix } = loadData(args)
    const linkage = parseLinkage(args.string('linkage', 'average'))
    const options = {
      maxK: args.integer('max-k', 6),
      reps: args.integer('reps', 1000),
      pItem: args.number('p-item', 0.8),
      pFeature: args.number('p-feature', 1),
      distance: parseDistance(args.string('distance', 'pearson')),
      innerLinkage: linkage,
      finalLinkage: parseLinkage(args.string('final-linkage', linkage)),
      seed: args.integer('seed', 1),
    }
    refuseZeroVarianceRows(matrix, options.distance, ids)
    const shard = shardFlag(args)
    const progress = stderrProgress(args)
    if (shard) {
      // one range of the resamplings: counts only; `merge` sums the parts and clusters
      const out = args.string('out')
      const part = consensusPart(ids, matrix, options, shard, progress)
      progress?.end()
      writeConsensusPart(out, part)
      emit(args, { out, shard: `${shard.index}/${shard.count}`, from: part.from, to: part.to, reps: options.reps }, () => `wrote ${out}: resamplings ${part.from + 1}–${part.to} of ${options.reps} (shard ${shard.index}/${shard.count}); combine the parts with "merge --out consensus.json PART..."`)
      return
    }
    const res = consensusCluster(matrix, options, progress)
    progress?.end()
    const result = consensusJson(ids, res, options.seed)
    emit(args, result, () =>
      [
        `consensus clustering of ${ids.length} items, ${res.reps} resamplings (seed ${options.seed})`,
        ' k    PAC   delta area   groups',
        ...res.perK.map((r, i) => ` ${String(r.k).padEnd(3)} ${r.pac.toFixed(3)}  ${res.deltaArea[i].toFixed(4).padStart(9)}   ${nameGroups(r.clusters).groups.map((g) => `${g.name}=${g.size}`).join(' ')}`),
        `suggested k = ${res.suggestedK}: ${res.suggestedReason}`,
      ].join('\n'),
    )
  },
}

const assignCommand: Command = {
  name: 'assign',
  summary: 'nearest-centroid assignment of new items to existing clusters',
  usage:
    'assign --train FILE.csv --clusters FILE.csv --new FILE.csv [--distance pearson] [--scale] [--json]\n' +
    '  --clusters: CSV with item id and cluster label (the training items); --scale centre-scales with the training columns\n' +
    '  JSON: {"assigned":{"<id>":label},"distances":{"<id>":{"<label>":d}},"labels":[...]}',
  flags: { train: flag.input(), clusters: flag.input(), new: flag.input(), distance: flag.string(), scale: flag.bool() },
  async run(args) {
    const trainFile = args.string('train')
    const train = readFeatureCsv(trainFile)
    const fresh = readFeatureCsv(args.string('new'))
    if (fresh.features.join('\u0000') !== train.features.join('\u0000'))
      throw new InputError(`feature columns differ from the training file ${trainFile}; use the same columns in the same order`, args.string('new'), 'header')
    const clusterFile = args.string('clusters')
    const ct = readInputTable(clusterFile)
    if (ct.columns.length < 2) throw new InputError('needs two columns: item id and cluster label', clusterFile, 'header')
    const labelOf = new Map(ct.rows.map((r) => [r[0], r[1]]))
    const names = [...new Set(train.ids.map((id) => {
      const l = labelOf.get(id)
      if (l === undefined || l === '') throw new InputError(`no cluster label for training item "${id}"; label every training item`, clusterFile)
      return l
    }))].sort((a, b) => (isNaN(Number(a)) || isNaN(Number(b)) ? a.localeCompare(b) : Number(a) - Number(b)))
    const code = new Map(names.map((l, i) => [l, i]))
    const labels = train.ids.map((id) => code.get(labelOf.get(id)!)!)
    let tm = train.matrix, nm = fresh.matrix
    if (args.flag('scale')) {
      const stats = columnStats(tm)
      tm = scaleColumns(tm, undefined, stats)
      nm = scaleColumns(nm, undefined, stats)
    }
    const distance = parseDistance(args.string('distance', 'pearson'))
    refuseZeroVarianceRows(nm, distance, fresh.ids)
    const a = assignNearestCentroid(tm, labels, nm, distance)
    const k = a.labels.length
    const asLabel = (c: number): string | number => (isNaN(Number(names[c])) ? names[c] : Number(names[c]))
    const result = {
      assigned: Object.fromEntries(fresh.ids.map((id, i) => [id, asLabel(a.assigned[i])])),
      distances: Object.fromEntries(fresh.ids.map((id, i) => [id, Object.fromEntries(a.labels.map((l, c) => [names[l], a.distances[i * k + c]]))])),
      labels: a.labels.map(asLabel),
      distance,
    }
    emit(args, result, () => fresh.ids.map((id, i) => `${id}\t${names[a.assigned[i]]}`).join('\n'))
  },
}

export const commands: Command[] = [hclustCommand, consensusCommand, assignCommand]
