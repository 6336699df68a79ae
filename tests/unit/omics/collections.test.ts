// Several gene-set collections: each collection's ORA and GSEA results are the same run beside
// others as run alone (BH within the collection, the same seed), every row labelled with its
// collection; the CLI takes --gmt repeated or as a comma list and keeps the single-file table;
// the study's methods text names each GMT file read with its SHA-256.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectionName, gseaByCollection, oraByCollection, readCollections } from '../../../src/core/omics/collections.ts'
import { overRepresentation } from '../../../src/core/omics/enrichment.ts'
import { gseaPreranked, rankGenes } from '../../../src/core/omics/gsea.ts'
import { parseGmt } from '../../../src/core/omics/gmt.ts'
import { methodsParagraph } from '../../../src/core/study/report/methods.ts'
import { defaultPlan } from '../../../src/core/study/plan.ts'
import { sha256Hex } from '../../../src/core/math/hash.ts'
import { parseTable } from '../../../src/core/table/table.ts'
import { commands } from '../../../src/cli/commands/omics.ts'
import { runCommand } from '../cli_run.ts'

// a deterministic universe of 400 genes and two GMT collections with overlapping set names
const genes = Array.from({ length: 400 }, (_, i) => `G${i + 1}`)
let state = 7
const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648)
function gmt(prefix: string, nSets: number): string {
  return Array.from({ length: nSets }, (_, s) => {
    const members = genes.filter(() => rand() < 0.08 + 0.02 * (s % 3))
    return [`${prefix}_${s}`, 'na', ...members].join('\t')
  }).join('\n')
}
const textA = gmt('SET', 12) + '\nSHARED\tna\t' + genes.slice(0, 40).join('\t')
const textB = gmt('SET', 9) + '\nSHARED\tna\t' + genes.slice(20, 70).join('\t')
const selected = genes.filter((_, i) => i < 30 || rand() < 0.05)
const scores = genes.map((_, i) => (i < 50 ? 3 - i / 25 : 0) + (rand() - 0.5))

describe('gene-set collections', () => {
  const cols = readCollections([{ file: 'x/a.gmt', text: textA }, { file: 'b.gmt', text: textB }])
  it('are named by file and refused twice', () => {
    expect(cols.map((c) => c.name)).toEqual(['a', 'b'])
    expect(collectionName('../shared/data/genesets/h.all.v7.5.1.symbols.gmt')).toBe('h.all.v7.5.1.symbols')
    expect(() => readCollections([{ file: 'a.gmt', text: textA }, { file: 'y/a.gmt', text: textB }])).toThrow(/given twice/)
  })
  it('ORA per collection = each collection run alone (BH within it)', () => {
    const both = oraByCollection(selected, genes, cols)
    for (const [name, text] of [['a', textA], ['b', textB]] as const) {
      const alone = overRepresentation(selected, genes, parseGmt(text))
      const mine = both.filter((r) => r.collection === name)
      expect(mine.map(({ collection: _c, ...r }) => r)).toEqual(alone)
    }
    // the same set name in two collections stays two rows with their own adjusted p
    expect(both.filter((r) => r.set === 'SHARED').map((r) => r.collection)).toEqual(['a', 'b'])
  })
  it('GSEA per collection = each collection run alone with the same seed', () => {
    const ranked = rankGenes(genes, scores)
    const opts = { permutations: 300, seed: 11, minSize: 5, maxSize: 500 }
    const both = gseaByCollection(ranked, cols, opts)
    for (const [name, text] of [['a', textA], ['b', textB]] as const) {
      const alone = gseaPreranked(ranked, parseGmt(text), opts)
      expect(alone.length).toBeGreaterThan(5)
      expect(both.filter((r) => r.collection === name).map(({ collection: _c, ...r }) => r)).toEqual(alone)
    }
  })
  it('the methods text names each GMT file with its SHA-256 and set count', () => {
    const withSha = readCollections([{ file: 'a.gmt', text: textA, sha256: sha256Hex(textA) }, { file: 'b.gmt', text: textB, sha256: sha256Hex(textB) }])
    const text = methodsParagraph(defaultPlan(), { patients: 10, train: 8, test: 2, rna: 10 }, { deep: false, rna: true, preprocess: false, rnaSteps: ['filterByExpr', 'ComBat-seq on counts', 'TMM', 'voom'], collections: withSha.map((c) => ({ name: c.name, file: c.file, sha256: c.sha256, sets: c.sets.length })) })
    expect(text).toContain(`a.gmt (13 sets, SHA-256 ${sha256Hex(textA)})`)
    expect(text).toContain(`b.gmt (10 sets, SHA-256 ${sha256Hex(textB)})`)
    expect(text).toContain('2 gene-set collections, each tested and Benjamini–Hochberg-adjusted on its own')
    expect(text).toMatch(/in this order, filtered with filterByExpr \(edgeR\), batch-corrected on the counts with ComBat-seq .*, TMM-normalised and transformed to log-CPM with voom/)
  })
})

describe('enrich / gsea CLI with several --gmt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omics-collections-'))
  writeFileSync(`${dir}/a.gmt`, textA)
  writeFileSync(`${dir}/b.gmt`, textB)
  writeFileSync(`${dir}/sel.txt`, selected.join('\n'))
  writeFileSync(`${dir}/uni.txt`, genes.join('\n'))
  writeFileSync(`${dir}/r.rnk`, genes.map((g, i) => `${g}\t${scores[i]}`).join('\n'))
  const run = (line: string) => runCommand(commands, line.split(' '))
  const csv = (f: string) => parseTable(readFileSync(f, 'utf8'), f)
  it('enrich: repeated --gmt and a comma list give the per-collection tables of single runs', async () => {
    await run(`enrich --genes ${dir}/sel.txt --universe ${dir}/uni.txt --gmt ${dir}/a.gmt --out ${dir}/oa.csv`)
    await run(`enrich --genes ${dir}/sel.txt --universe ${dir}/uni.txt --gmt ${dir}/b.gmt --out ${dir}/ob.csv`)
    const j = JSON.parse(await run(`enrich --genes ${dir}/sel.txt --universe ${dir}/uni.txt --gmt ${dir}/a.gmt --gmt ${dir}/b.gmt --out ${dir}/oab.csv --json`))
    expect(j.collections.map((c: { name: string }) => c.name)).toEqual(['a', 'b'])
    await run(`enrich --genes ${dir}/sel.txt --universe ${dir}/uni.txt --gmt ${dir}/a.gmt,${dir}/b.gmt --out ${dir}/oab2.csv`)
    expect(readFileSync(`${dir}/oab2.csv`, 'utf8')).toBe(readFileSync(`${dir}/oab.csv`, 'utf8'))
    const a = csv(`${dir}/oa.csv`), b = csv(`${dir}/ob.csv`), ab = csv(`${dir}/oab.csv`)
    expect(a.columns[0]).toBe('set')
    expect(ab.columns).toEqual(['collection', ...a.columns])
    expect(ab.rows.filter((r) => r[0] === 'a').map((r) => r.slice(1))).toEqual(a.rows)
    expect(ab.rows.filter((r) => r[0] === 'b').map((r) => r.slice(1))).toEqual(b.rows)
  })
  it('gsea: the same per-collection rows as single runs', async () => {
    const flags = `--ranks ${dir}/r.rnk --perm 200 --seed 3 --min-size 5`
    await run(`gsea ${flags} --gmt ${dir}/a.gmt --out ${dir}/ga.csv`)
    await run(`gsea ${flags} --gmt ${dir}/b.gmt --out ${dir}/gb.csv`)
    await run(`gsea ${flags} --gmt ${dir}/a.gmt --gmt ${dir}/b.gmt --out ${dir}/gab.csv`)
    const ab = csv(`${dir}/gab.csv`)
    expect(ab.rows.filter((r) => r[0] === 'a').map((r) => r.slice(1))).toEqual(csv(`${dir}/ga.csv`).rows)
    expect(ab.rows.filter((r) => r[0] === 'b').map((r) => r.slice(1))).toEqual(csv(`${dir}/gb.csv`).rows)
  })
})
