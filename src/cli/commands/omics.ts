// CLI commands of the omics engine: tmm, voom, limma, ttest, combat, combat-seq, enrich, gsea, pam.
// Matrices are CSV/TSV (gzip ok), genes × samples with the gene id first; sample sheets
// have a "sample" column (or the first column) matching the matrix column names.

import type { Command } from '../command.ts'
import { readInputBytes } from '../input_files.ts'
import { writeFileAtomic } from '../output.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import type { Args } from '../args.ts'
import { InputError } from '../../core/errors.ts'
import { toCsv } from '../../core/table/table.ts'
import { decodeText, parseCountMatrix, parseSampleSheet, sampleAnnotation } from '../../core/omics/counts.ts'
import type { FilterMethod } from '../../core/omics/filter.ts'
import { calcNormFactors } from '../../core/omics/tmm.ts'
import { limmaVoom } from '../../core/omics/pipeline.ts'
import { geneTTests, parseContrast } from '../../core/omics/ttest_genes.ts'
import { combat } from '../../core/omics/combat.ts'
import { combatSeq } from '../../core/omics/combat_seq.ts'
import { modelMatrix } from '../../core/omics/design.ts'
import { gseaByCollection, oraByCollection, readCollections, type GeneSetCollection } from '../../core/omics/collections.ts'
import { MAX_PERMUTATIONS, rankGenes } from '../../core/omics/gsea.ts'
import { pamTrainCV } from '../../core/omics/pam.ts'
import { isMissing, parseNumber } from '../../core/table/table.ts'
import { isMalformedNumber, numberProblem } from '../../core/table/numbers.ts'
import type { CountMatrix } from '../../core/cohort/cohort.ts'

function readBytes(file: string): Uint8Array {
  return readInputBytes(file)
}

function readCounts(file: string): CountMatrix {
  const m = parseCountMatrix(readBytes(file), file)
  reportImport(file, m.report)
  return m
}

/** Import notes on stderr (one line each), naming the file and the genes concerned. */
function reportImport(file: string, r: { summedDuplicates: string[]; strippedVersions: number }): void {
  const d = r.summedDuplicates
  if (d.length) process.stderr.write(`warning: ${file}: ${d.length} duplicated gene id(s) summed: ${d.slice(0, 10).join(', ')}${d.length > 10 ? ', …' : ''}\n`)
  if (r.strippedVersions) process.stderr.write(`note: ${file}: Ensembl version suffixes removed from ${r.strippedVersions} id(s)\n`)
}

function readData(file: string): CountMatrix {
  return parseCountMatrix(readBytes(file), file, { integers: false })
}

function readSheet(args: Args) {
  const file = args.string('samples')
  return parseSampleSheet(readBytes(file), file)
}

const filterFlag = (args: Args): FilterMethod => args.choice('filter', ['none', 'zero', 'expr'], 'none')

/** --counts and the --group column of --samples, one label per count column. */
function countsByGroup(args: Args): { counts: CountMatrix; group: string[] } {
  const counts = readCounts(args.string('counts'))
  const group = sampleAnnotation(readSheet(args), args.string('group'), counts.samples, args.string('counts'))
  return { counts, group }
}

/** --data (log-expression) and the --group column of --samples, one label per column. */
function dataByGroup(args: Args): { data: CountMatrix; group: string[] } {
  const file = args.string('data')
  const data = readData(file)
  return { data, group: sampleAnnotation(readSheet(args), args.string('group'), data.samples, file) }
}

/** Write a result table to --out; returns the path. */
function writeOut(args: Args, header: string[], rows: (string | number)[][]): string {
  const out = args.string('out')
  writeFileAtomic(out, toCsv(header, rows))
  return out
}

const geneTestRows = (r: { gene: string; logFC: number; t: number; p: number; adjP: number }[]) => r.map((x) => [x.gene, x.logFC, x.t, x.p, x.adjP])
const GENE_TEST_HEADER = ['gene', 'logFC', 't', 'p', 'adjP']
const significant = (r: { adjP: number }[]) => r.filter((x) => x.adjP < 0.05).length

function writeMatrix(file: string, m: { genes: string[]; samples: string[] }, data: Float64Array): void {
  const ns = m.samples.length
  const rows = m.genes.map((g, i) => [g, ...Array.from(data.subarray(i * ns, (i + 1) * ns))])
  writeFileAtomic(file, toCsv(['gene', ...m.samples], rows))
}

/** A list of gene ids: one per line, or a table with a "gene" column (else its first column). */
function readGeneList(file: string): string[] {
  const lines = decodeText(readBytes(file), file).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0)
  if (lines.length === 0) throw new InputError('is empty; expected one gene id per line', file)
  const delim = lines[0].includes('\t') ? '\t' : ','
  const header = lines[0].split(delim).map((c) => c.trim().replace(/^"|"$/g, ''))
  let col = 0
  let start = 0
  if (header.length > 1 || /^(gene|genes|symbol|id)$/i.test(header[0])) {
    const gi = header.findIndex((h) => /^(gene|genes|symbol|id)$/i.test(h))
    if (gi >= 0) { col = gi; start = 1 }
  }
  return [...new Set(lines.slice(start).map((l) => l.split(delim)[col]?.trim().replace(/^"|"$/g, '') ?? '').filter((g) => g))]
}

function readRanks(file: string): { genes: string[]; scores: number[] } {
  const lines = decodeText(readBytes(file), file).split(/\r?\n/).filter((l) => l.trim().length > 0)
  const genes: string[] = []
  const scores: number[] = []
  const seen = new Map<string, number>()
  lines.forEach((l, i) => {
    const f = l.split(/[\t,;]/).map((c) => c.trim().replace(/^"|"$/g, ''))
    const x = f.length >= 2 ? parseNumber(f[f.length - 1]) : undefined
    if (x === undefined || Number.isNaN(x)) {
      if (i === 0) return // header
      const cell = f.length >= 2 ? f[f.length - 1] : ''
      if (f.length >= 2 && isMissing(cell)) throw new InputError(`gene "${f[0]}" has no score ("${cell}"); drop the row or give it a score`, file, `line ${i + 1}`)
      if (f.length >= 2 && isMalformedNumber(cell)) throw new InputError(`${numberProblem(cell)} (gene "${f[0]}"); give a finite score`, file, `line ${i + 1}`)
      throw new InputError(`expected "gene<TAB>score", got "${l}"`, file, `line ${i + 1}`)
    }
    const before = seen.get(f[0])
    if (before !== undefined) throw new InputError(`gene "${f[0]}" is ranked twice (first on line ${before}); keep one score per gene`, file, `line ${i + 1}`)
    seen.set(f[0], i + 1)
    genes.push(f[0])
    scores.push(x)
  })
  if (genes.length < 2) throw new InputError('needs at least two ranked genes', file)
  return { genes, scores }
}

/** --gmt FILE (repeated or a comma list): one collection per file */
function readGmtCollections(args: Args): GeneSetCollection[] {
  return readCollections(args.list('gmt').map((f) => ({ file: f, text: decodeText(readBytes(f), f) })))
}

/** per collection: file, sets tested and how many with adjusted p < 0.05 */
function collectionSummary(cols: GeneSetCollection[], rows: { collection: string; adjP: number }[]) {
  return cols.map((c) => ({ name: c.name, file: c.file, sets: rows.filter((r) => r.collection === c.name).length, significant: significant(rows.filter((r) => r.collection === c.name)) }))
}

const fmtFile = (args: Args, summary: object, text: string) => emit(args, summary, () => text)

export const commands: Command[] = [
  {
    name: 'tmm',
    summary: 'TMM normalisation factors (edgeR calcNormFactors) of a count matrix',
    usage: 'tmm --counts FILE [--json]   → {"normFactors":{sample:f},"libSizes":{sample:n}}',
    flags: { counts: flag.input() },
    async run(args) {
      const c = readCounts(args.string('counts'))
      const r = calcNormFactors(c)
      const out = {
        normFactors: Object.fromEntries(c.samples.map((s, i) => [s, r.normFactors[i]])),
        libSizes: Object.fromEntries(c.samples.map((s, i) => [s, r.libSizes[i]])),
      }
      emit(args, out, () => c.samples.map((s, i) => `${s}\t${r.libSizes[i]}\t${r.normFactors[i].toFixed(6)}`).join('\n'))
    },
  },
  {
    name: 'voom',
    summary: 'voom log-CPM and precision weights (limma voom, TMM library sizes, design ~group)',
    usage: 'voom --counts FILE --samples FILE --group COL [--filter none|zero|expr] --out-prefix P   → P.E.csv, P.weights.csv',
    flags: { counts: flag.input(), samples: flag.input(), group: flag.string(), filter: flag.choice(['none', 'zero', 'expr']), 'out-prefix': flag.string() },
    async run(args) {
      const { counts: c, group } = countsByGroup(args)
      const prefix = args.string('out-prefix')
      const r = limmaVoom(c, group, filterFlag(args))
      writeMatrix(`${prefix}.E.csv`, r.voom, r.voom.E)
      writeMatrix(`${prefix}.weights.csv`, r.voom, r.voom.weights)
      fmtFile(args, { genes: r.voom.genes.length, samples: r.voom.samples.length, files: [`${prefix}.E.csv`, `${prefix}.weights.csv`] }, `wrote ${prefix}.E.csv and ${prefix}.weights.csv (${r.voom.genes.length} genes × ${r.voom.samples.length} samples)`)
    },
  },
  {
    name: 'limma',
    summary: 'voom + lmFit + eBayes moderated t-tests between two groups (limma)',
    usage: 'limma --counts FILE --samples FILE --group COL [--filter none|zero|expr] [--contrast B-A] --out FILE   → gene,logFC,t,p,adjP',
    flags: { counts: flag.input(), samples: flag.input(), group: flag.string(), filter: flag.choice(['none', 'zero', 'expr']), contrast: flag.string(), out: flag.output() },
    async run(args) {
      const { counts: c, group } = countsByGroup(args)
      const contrast = args.optionalString('contrast')
      const r = limmaVoom(c, group, filterFlag(args), contrast ? parseContrast(contrast) : undefined)
      const out = writeOut(args, GENE_TEST_HEADER, geneTestRows(r.table))
      const nSig = significant(r.table)
      fmtFile(args, { genes: r.table.length, contrast: `${r.contrast[0]}-${r.contrast[1]}`, dfPrior: r.fit.dfPrior, s2Prior: r.fit.s2Prior, significant: nSig, out },
        `wrote ${out}: ${r.table.length} genes, ${r.contrast[0]} vs ${r.contrast[1]}, ${nSig} with adjusted p < 0.05 (prior df ${r.fit.dfPrior.toFixed(2)})`)
    },
  },
  {
    name: 'ttest',
    summary: 'per-gene Student/Welch t-tests on log-expression, log2FC, BH',
    usage: 'ttest --data FILE --samples FILE --group COL --contrast B-A [--welch] [--fc 2] [--alpha 0.05] --out FILE   → gene,logFC,t,p,adjP',
    flags: { data: flag.input(), samples: flag.input(), group: flag.string(), contrast: flag.string(), welch: flag.bool(), fc: flag.number(1, 1e6), alpha: flag.number(0, 1, { exclusiveMin: true }), out: flag.output() },
    async run(args) {
      const { data: d, group } = dataByGroup(args)
      const [b, a] = parseContrast(args.string('contrast'))
      const r = geneTTests(d.data, d.genes, group, a, b, { welch: args.flag('welch'), fcThreshold: args.number('fc', 2), alpha: args.number('alpha', 0.05) })
      const out = writeOut(args, GENE_TEST_HEADER, geneTestRows(r))
      const up = r.filter((x) => x.direction === 'up').length
      const down = r.filter((x) => x.direction === 'down').length
      const nc = r.constant.length
      if (nc) process.stderr.write(`warning: ${nc} gene(s) essentially constant in the two groups (${r.constant.slice(0, 5).join(', ')}${nc > 5 ? ', …' : ''}): t and p are NA, left out of the BH adjustment\n`)
      fmtFile(args, { genes: r.length, up, down, ...(nc ? { constant: nc } : {}), out }, `wrote ${out}: ${r.length} genes, ${up} up and ${down} down in ${b} vs ${a}${nc ? `; ${nc} constant genes not tested` : ''}`)
    },
  },
  {
    name: 'combat',
    summary: 'ComBat batch correction (sva), parametric or non-parametric, optional covariates to protect',
    usage: 'combat --data FILE --samples FILE --batch COL [--covariates c1,c2] [--nonparametric] --out FILE',
    flags: { data: flag.input(), samples: flag.input(), batch: flag.string(), covariates: flag.list(), nonparametric: flag.bool(), out: flag.output() },
    async run(args) {
      const file = args.string('data')
      const d = readData(file)
      const sheet = readSheet(args)
      const batch = sampleAnnotation(sheet, args.string('batch'), d.samples, file)
      const covNames = args.list('covariates', [])
      let covariates: { columns: string[]; data: Float64Array } | undefined
      if (covNames.length) {
        const terms = covNames.map((cn) => {
          const v = sampleAnnotation(sheet, cn, d.samples, file)
          const nums = v.map((x) => parseNumber(x))
          return nums.every((x) => x !== undefined && Number.isFinite(x)) ? { name: cn, values: Float64Array.from(nums as number[]) } : { name: cn, values: v }
        })
        const mm = modelMatrix(terms, true)
        const q = mm.p - 1
        const data = new Float64Array(mm.n * q)
        for (let i = 0; i < mm.n; i++) for (let j = 0; j < q; j++) data[i * q + j] = mm.data[i * mm.p + j + 1]
        covariates = { columns: mm.columns.slice(1), data }
      }
      const r = combat(d.data, d.genes.length, batch, { parametric: !args.flag('nonparametric'), covariates })
      const out = args.string('out')
      writeMatrix(out, d, r.data)
      for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`)
      fmtFile(args, { genes: d.genes.length, samples: d.samples.length, batches: r.batches, unadjusted: r.unadjusted.length, ...(r.nearConstant ? { nearConstant: r.nearConstant } : {}), ...(r.warnings.length ? { warnings: r.warnings } : {}), out },
        `wrote ${out}: ${d.genes.length} genes × ${d.samples.length} samples, batches ${r.batches.join(', ')}${r.unadjusted.length ? `, ${r.unadjusted.length} constant-in-a-batch genes left unadjusted` : ''}`)
    },
  },
  {
    name: 'combat-seq',
    summary: 'ComBat-seq batch correction of counts (sva::ComBat_seq, negative binomial, integer counts out)',
    usage:
      'combat-seq --counts FILE --batch B [--group G] [--samples FILE] [--null-model] --out FILE\n' +
      '  with --samples, B and G are columns of that sheet; without, each is a file with a header: the sample id ("sample" or the first column) and the value ("batch" / "group" or the next column)\n' +
      '  --null-model: leave the group out of the model (sva full_mod = FALSE)',
    flags: { counts: flag.input(), batch: flag.string(), group: flag.string(), samples: flag.input(), 'null-model': flag.bool(), out: flag.output() },
    async run(args) {
      const file = args.string('counts')
      const c = readCounts(file)
      const sheetFile = args.optionalString('samples')
      const sheet = sheetFile ? readSheet(args) : undefined
      const annotation = (name: 'batch' | 'group'): string[] | undefined => {
        const v = args.optionalString(name)
        if (v === undefined) return undefined
        if (sheet) return sampleAnnotation(sheet, v, c.samples, file)
        const s = parseSampleSheet(readBytes(v), v)
        const keys = Object.keys(s.columns)
        const idCol = keys.includes('sample') ? 'sample' : keys[0]
        const col = s.columns[name] ? name : keys.find((k) => k !== idCol)
        if (!col) throw new InputError(`needs two columns: the sample id and the ${name}`, v, 'header')
        return sampleAnnotation(s, col, c.samples, file)
      }
      const batch = annotation('batch')!
      const group = annotation('group')
      const r = combatSeq(c.data, c.genes.length, batch, { group, fullMod: !args.flag('null-model') })
      const out = args.string('out')
      writeMatrix(out, c, r.counts)
      for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`)
      fmtFile(args, { genes: c.genes.length, samples: c.samples.length, batches: r.batches, model: r.model, unadjusted: r.unadjusted.length, ...(r.warnings.length ? { warnings: r.warnings } : {}), out },
        `wrote ${out}: ${c.genes.length} genes × ${c.samples.length} samples, batches ${r.batches.join(', ')}, ${r.model} model${r.unadjusted.length ? `, ${r.unadjusted.length} gene(s) all zero in a batch left as they are` : ''}`)
    },
  },
  {
    name: 'enrich',
    summary: 'hypergeometric over-representation of gene sets (universe = tested genes, BH per collection)',
    usage:
      'enrich --genes FILE --universe FILE --gmt FILE [--gmt FILE2 …] [--min-size 1] --out FILE   → set,size,overlap,expected,foldEnrichment,p,adjP,genes\n' +
      '  several GMT files (repeated --gmt or a comma list): each is a collection tested and BH-adjusted on its own; the table gains a first column "collection" (the file name without .gmt)',
    flags: { genes: flag.input(), universe: flag.input(), gmt: flag.inputs(), 'min-size': flag.int(1, 1000000), out: flag.output() },
    async run(args) {
      const genes = readGeneList(args.string('genes'))
      const universe = readGeneList(args.string('universe'))
      const cols = readGmtCollections(args)
      const r = oraByCollection(genes, universe, cols, { minSize: args.integer('min-size', 1) })
      const uni = new Set(universe)
      const outside = genes.filter((g) => !uni.has(g))
      if (outside.length) process.stderr.write(`warning: ${outside.length} of ${genes.length} selected genes are not in the universe and were ignored (${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''})\n`)
      const several = cols.length > 1
      const out = writeOut(args, [...(several ? ['collection'] : []), 'set', 'size', 'overlap', 'expected', 'foldEnrichment', 'p', 'adjP', 'genes'], r.map((x) => [...(several ? [x.collection] : []), x.set, x.size, x.overlap, x.expected, x.foldEnrichment, x.p, x.adjP, x.genes.join(';')]))
      const sig = significant(r)
      fmtFile(args, { sets: r.length, significant: sig, ...(several ? { collections: collectionSummary(cols, r) } : {}), out }, `wrote ${out}: ${r.length} sets tested${several ? ` in ${cols.length} collections` : ''}, ${sig} with adjusted p < 0.05`)
    },
  },
  {
    name: 'gsea',
    summary: 'pre-ranked GSEA (weighted KS running sum, gene-set permutation p, NES, leading edge; per collection)',
    usage:
      'gsea --ranks FILE --gmt FILE [--gmt FILE2 …] --perm N (1 to 1000000) --seed S [--min-size 15] [--max-size 500] --out FILE   → set,size,es,nes,p,adjP,leadingEdge\n' +
      '  several GMT files (repeated --gmt or a comma list): each collection is run with the same seed and adjusted on its own; the table gains a first column "collection"',
    flags: { ranks: flag.input(), gmt: flag.inputs(), perm: flag.int(1, 1000000), seed: flag.int(0, 4294967295), 'min-size': flag.int(1, 1000000), 'max-size': flag.int(1, 1000000), out: flag.output() },
    async run(args) {
      const rk = readRanks(args.string('ranks'))
      const cols = readGmtCollections(args)
      const perm = args.integer('perm', 1000)
      if (perm < 1 || perm > MAX_PERMUTATIONS) throw new InputError(`--perm must be an integer from 1 to ${MAX_PERMUTATIONS}, got ${perm}`)
      const minSize = args.integer('min-size', 15)
      const maxSize = args.integer('max-size', 500)
      const r = gseaByCollection(rankGenes(rk.genes, rk.scores), cols, { permutations: perm, seed: args.integer('seed', 1), minSize, maxSize })
      const empty = cols.filter((c) => !r.some((x) => x.collection === c.name))
      const bounds = `between --min-size ${minSize} and --max-size ${maxSize} genes in the ranked list of ${rk.genes.length}`
      if (r.length === 0) throw new InputError(`no gene set has ${bounds}; check the gene identifiers or the size bounds`, cols.map((c) => c.file).join(', '))
      for (const c of empty) process.stderr.write(`warning: ${c.file}: no gene set has ${bounds}; the collection gives no result\n`)
      const several = cols.length > 1
      const out = writeOut(args, [...(several ? ['collection'] : []), 'set', 'size', 'es', 'nes', 'p', 'adjP', 'leadingEdge'], r.map((x) => [...(several ? [x.collection] : []), x.set, x.size, x.es, x.nes, x.p, x.adjP, x.leadingEdge.join(';')]))
      const sig = significant(r)
      fmtFile(args, { sets: r.length, significant: sig, ...(several ? { collections: collectionSummary(cols, r) } : {}), out }, `wrote ${out}: ${r.length} sets${several ? ` in ${cols.length} collections` : ''}, ${sig} with adjusted p < 0.05`)
    },
  },
  {
    name: 'pam',
    summary: 'PAM nearest shrunken centroids: threshold path, k-fold CV, chosen threshold, kept genes',
    usage: 'pam --data FILE --samples FILE --group COL [--folds 10] [--seed 1] [--thresholds 30] [--json]',
    flags: { data: flag.input(), samples: flag.input(), group: flag.string(), folds: flag.int(2, 1000), seed: flag.int(0, 4294967295), thresholds: flag.int(2, 1000) },
    async run(args) {
      const { data: d, group: labels } = dataByGroup(args)
      const r = pamTrainCV(d.data, d.genes, labels, { folds: args.number('folds', 10), seed: args.number('seed', 1), nThreshold: args.number('thresholds', 30) })
      emit(args, r, () =>
        [
          `threshold  genes  cv-errors`,
          ...r.thresholds.map((t, i) => `${t.toFixed(4).padStart(9)}  ${String(r.nonzero[i]).padStart(5)}  ${r.cvErrors[i]}${i === r.chosenIndex ? '  ← chosen' : ''}`),
          `kept ${r.keptGenes.length} genes at threshold ${r.chosenThreshold.toFixed(4)}: ${r.keptGenes.slice(0, 20).map((k) => k.gene).join(', ')}${r.keptGenes.length > 20 ? ', …' : ''}`,
        ].join('\n'),
      )
    },
  },
]

