// CLI contract of the omics commands (flags, output files and JSON shapes), run in-process.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'fflate'
import { commands } from '../../../src/cli/commands/omics.ts'
import { parseTable } from '../../../src/core/table/table.ts'
import { col, maxAbsDiff, table, DIR } from './fixtures.ts'
import { runCommand } from '../cli_run.ts'
import { DATA, haveData } from '../shared_data.ts'

const dir = mkdtempSync(join(tmpdir(), 'omics-cli-'))
const F = DIR
const GMT = `${DATA}/genesets/h.all.v7.5.1.symbols.gmt`

const run = (line: string): Promise<string> => runCommand(commands, line.split(' '))
const csv = (file: string) => parseTable(readFileSync(file, 'utf8'), file)
afterEach(() => vi.restoreAllMocks())

describe('omics CLI', () => {
  it('tmm --json gives normFactors and libSizes by sample', async () => {
    const j = JSON.parse(await run(`tmm --counts ${F}counts.csv --json`))
    const ref = table('tmm_all.csv')
    expect(Object.keys(j)).toEqual(['normFactors', 'libSizes'])
    expect(maxAbsDiff(Object.values(j.normFactors) as number[], col(ref, 'normFactor'))).toBeLessThan(1e-6)
    expect(j.libSizes.S01).toBe(col(ref, 'libSize')[0])
  })
  it('voom writes P.E.csv and P.weights.csv; limma writes gene,logFC,t,p,adjP', async () => {
    await run(`voom --counts ${F}counts.csv --samples ${F}samples.csv --group group --filter expr --out-prefix ${dir}/v`)
    const E = csv(`${dir}/v.E.csv`)
    expect(E.columns[0]).toBe('gene')
    expect(E.rows.length).toBe(616)
    expect(csv(`${dir}/v.weights.csv`).rows.length).toBe(616)
    await run(`limma --counts ${F}counts.csv --samples ${F}samples.csv --group group --filter expr --out ${dir}/l.csv`)
    const l = csv(`${dir}/l.csv`)
    expect(l.columns).toEqual(['gene', 'logFC', 't', 'p', 'adjP'])
    expect(maxAbsDiff(col(l, 't'), col(table('limma.csv'), 't'))).toBeLessThan(1e-9) // as pipeline.test.ts: limma's algorithms, measured ≤ 1e-13
  })
  it.skipIf(!haveData('omics CLI enrich/gsea', GMT))('ttest, combat, enrich, gsea, pam', async () => {
    writeFileSync(`${dir}/E.csv`, gunzipSync(readFileSync(`${F}voom_E.csv.gz`)))
    await run(`ttest --data ${dir}/E.csv --samples ${F}samples.csv --group group --contrast B-A --welch --out ${dir}/t.csv`)
    const t = csv(`${dir}/t.csv`)
    expect(t.columns).toEqual(['gene', 'logFC', 't', 'p', 'adjP'])
    expect(maxAbsDiff(col(t, 't'), col(table('ttest_welch.csv'), 't'))).toBeLessThan(1e-8)
    await run(`combat --data ${dir}/E.csv --samples ${F}samples.csv --batch batch --covariates group --out ${dir}/c.csv`)
    const c = csv(`${dir}/c.csv`)
    const ref = parseTable(new TextDecoder().decode(gunzipSync(readFileSync(`${F}combat_par_cov.csv.gz`))), 'ref')
    expect(maxAbsDiff(col(c, 'S05'), col(ref, 'S05'))).toBeLessThan(1e-4)
    await run(`enrich --genes ${F}ora_selected.txt --universe ${F}ora_universe.txt --gmt ${GMT} --out ${dir}/o.csv`)
    const o = csv(`${dir}/o.csv`)
    expect(maxAbsDiff(col(o, 'p'), col(table('ora.csv'), 'p'))).toBeLessThan(1e-10)
    writeFileSync(`${dir}/r.rnk`, t.rows.map((r) => `${r[0]}\t${r[2]}`).join('\n'))
    await run(`gsea --ranks ${dir}/r.rnk --gmt ${GMT} --perm 200 --seed 5 --min-size 5 --out ${dir}/g.csv`)
    const g = csv(`${dir}/g.csv`)
    expect(g.columns).toEqual(['set', 'size', 'es', 'nes', 'p', 'adjP', 'leadingEdge'])
    const j = JSON.parse(await run(`pam --data ${dir}/c.csv --samples ${F}samples.csv --group group --folds 10 --seed 3 --json`))
    expect(j.classes).toEqual(['A', 'B'])
    expect(j.thresholds.length).toBe(30)
    expect(j.keptGenes.length).toBeGreaterThan(0)
    expect(j.chosenThreshold).toBe(j.thresholds[j.chosenIndex])
  })
})

describe('combat-seq CLI', () => {
  it('writes the counts sva::ComBat_seq gives, from a batch file and a group file or from a sample sheet', async () => {
    const fx = JSON.parse(readFileSync(`${F}combat_seq.json`, 'utf8')) as { genes: string[]; samples: string[]; counts: number[][]; cases: { id: string; samples: string[]; batch: string[]; group: string[] | null; adjusted: number[][] }[] }
    const c = fx.cases.find((x) => x.id === 'threeg')!
    writeFileSync(`${dir}/cs_counts.csv`, ['gene,' + fx.samples.join(','), ...fx.genes.map((g, i) => `${g},${fx.counts[i].join(',')}`)].join('\n'))
    writeFileSync(`${dir}/cs_batch.csv`, ['sample,batch', ...c.samples.map((s, i) => `${s},${c.batch[i]}`)].join('\n'))
    writeFileSync(`${dir}/cs_group.csv`, ['sample,group', ...c.samples.map((s, i) => `${s},${c.group![i]}`)].join('\n'))
    writeFileSync(`${dir}/cs_sheet.csv`, ['sample,run,cond', ...c.samples.map((s, i) => `${s},${c.batch[i]},${c.group![i]}`)].join('\n'))
    const j = JSON.parse(await run(`combat-seq --counts ${dir}/cs_counts.csv --batch ${dir}/cs_batch.csv --group ${dir}/cs_group.csv --out ${dir}/cs_out.csv --json`))
    expect(j).toMatchObject({ genes: 40, samples: 18, batches: ['b1', 'b2', 'b3'], model: 'full', unadjusted: 1 })
    const got = csv(`${dir}/cs_out.csv`).rows.map((r) => r.slice(1).map(Number))
    expect(got).toEqual(c.adjusted)
    await run(`combat-seq --counts ${dir}/cs_counts.csv --samples ${dir}/cs_sheet.csv --batch run --group cond --out ${dir}/cs_out2.csv`)
    expect(readFileSync(`${dir}/cs_out2.csv`, 'utf8')).toBe(readFileSync(`${dir}/cs_out.csv`, 'utf8'))
  })
})
