// PAM (nearest shrunken centroids) against the R reference written from the published
// formulas (make_fixtures.R, pamr is not in Debian), and pre-ranked GSEA properties.
import { describe, expect, it } from 'vitest'
import { balancedFolds, pamTrainCV } from '../../../src/core/omics/pam.ts'
import { enrichmentScore, gseaPreranked, rankGenes } from '../../../src/core/omics/gsea.ts'
import { parseGmt } from '../../../src/core/omics/gmt.ts'
import { sampleAnnotation, subsetGenes } from '../../../src/core/omics/counts.ts'
import { readFileSync } from 'node:fs'
import { col, matrix, maxAbsDiff, samples, strCol, table } from './fixtures.ts'
import { HALLMARK_GMT, haveData } from '../shared_data.ts'

const S = samples()
const HALLMARK = haveData('PAM without the planted sets, GSEA on the Hallmark sets', HALLMARK_GMT)
const hallmark = HALLMARK ? parseGmt(readFileSync(HALLMARK_GMT, 'utf8')) : []
const planted = new Set(hallmark.filter((s) => s.name === 'HALLMARK_INTERFERON_GAMMA_RESPONSE' || s.name === 'HALLMARK_MYOGENESIS').flatMap((s) => s.genes))

describe('PAM vs the R reference (pamr algorithm from the published formulas)', () => {
  for (const [name, file, labelCol] of [
    ['two classes on ComBat-corrected data without the planted sets (weak signal)', 'combat_par_cov.csv.gz', 'group'],
    ['three classes on voom E', 'voom_E.csv.gz', 'batch'],
  ] as const) {
    // the weak-signal case leaves the planted Hallmark genes out, so it needs the GMT
    it.skipIf(labelCol === 'group' && !HALLMARK)(name, () => {
      let X = matrix(file)
      const prefix = labelCol === 'group' ? 'pam_group' : 'pam_batch'
      if (labelCol === 'group') X = subsetGenes(X, X.genes.map((g) => !planted.has(g)))
      const labels = sampleAnnotation(S, labelCol, X.samples)
      const folds = col(table(`${prefix}_folds.csv`), 'fold')
      const r = pamTrainCV(X.data, X.genes, labels, { foldAssignment: folds })
      const path = table(`${prefix}_path.csv`)
      expect(maxAbsDiff(r.thresholds, col(path, 'threshold'))).toBeLessThan(1e-10)
      expect(r.nonzero).toEqual(col(path, 'nonzero'))
      expect(r.cvErrors).toEqual(col(path, 'errors'))
      const chosen = table(`${prefix}_chosen.csv`)
      expect(r.chosenIndex).toBe(col(chosen, 'chosenIndex')[0])
      expect(r.keptGenes.length).toBeGreaterThan(0)
      expect(r.chosenThreshold).toBeCloseTo(col(chosen, 'chosenThreshold')[0], 10)
      expect(r.s0).toBeCloseTo(col(chosen, 's0')[0], 10)
      const kept = table(`${prefix}_kept.csv`)
      const refGenes = strCol(kept, 'gene')
      expect(r.keptGenes.map((k) => k.gene).sort()).toEqual([...refGenes].sort())
      for (const cls of r.classes) {
        const ref = col(kept, cls)
        refGenes.forEach((g, i) => expect(r.keptGenes.find((k) => k.gene === g)!.scores[cls]).toBeCloseTo(ref[i], 10))
      }
    })
  }
  it('balanced folds are stratified and seeded', () => {
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    const f1 = balancedFolds(y, 3, 7)
    const f2 = balancedFolds(y, 3, 7)
    expect(Array.from(f1)).toEqual(Array.from(f2))
    for (let f = 0; f < 3; f++) {
      const c0 = y.filter((v, i) => v === 0 && f1[i] === f).length
      expect(c0).toBe(2)
      const size = Array.from(f1).filter((v) => v === f).length
      expect(size === 5 || size === 6).toBe(true)
    }
  })
})

describe('pre-ranked GSEA', () => {
  it('enrichment score by hand (unweighted p = 0 → classic KS)', () => {
    // N = 6, hits at positions 0 and 2, all |r| equal: steps +1/2, -1/4, +1/2, -1/4 ×3
    const w = new Float64Array(6).fill(1)
    const [es, peak] = enrichmentScore(Int32Array.from([0, 2]), 6, w)
    expect(es).toBeCloseTo(0.75, 14)
    expect(peak).toBe(2)
    const [es2] = enrichmentScore(Int32Array.from([4, 5]), 6, w)
    expect(es2).toBeCloseTo(-1, 14)
  })
  it('weighted ES uses |r| of the hits', () => {
    // scores 4,3,2,1 ; set = {g1 (4), g3 (2)} → NR = 6; run: +4/6, -1/2, +2/6 → max 4/6
    const [es] = enrichmentScore(Int32Array.from([0, 2]), 4, Float64Array.from([4, 3, 2, 1]))
    expect(es).toBeCloseTo(4 / 6, 14)
  })
  it('finds planted sets, reproducible with a seed, NES sign and leading edge', () => {
    const genes = Array.from({ length: 400 }, (_, i) => `G${i}`)
    const scores = genes.map((_, i) => Math.sin(i * 12.9898) * 0.5)
    const up = genes.filter((_, i) => i % 20 === 0)
    const down = genes.filter((_, i) => i % 20 === 7)
    up.forEach((g) => (scores[genes.indexOf(g)] += 3))
    down.forEach((g) => (scores[genes.indexOf(g)] -= 3))
    const rnd = genes.filter((_, i) => i % 20 === 11)
    const gmt = parseGmt([`UP\tx\t${up.join('\t')}`, `DOWN\tx\t${down.join('\t')}`, `RANDOM\tx\t${rnd.join('\t')}`].join('\n'))
    const ranked = rankGenes(genes, scores)
    const a = gseaPreranked(ranked, gmt, { permutations: 500, seed: 3, minSize: 5 })
    const b = gseaPreranked(ranked, gmt, { permutations: 500, seed: 3, minSize: 5 })
    expect(a).toEqual(b)
    const byName = Object.fromEntries(a.map((r) => [r.set, r]))
    expect(byName.UP.es).toBeGreaterThan(0.9)
    expect(byName.UP.nes).toBeGreaterThan(2)
    expect(byName.UP.p).toBeCloseTo(1 / 501, 2)
    expect(byName.DOWN.es).toBeLessThan(-0.9)
    expect(byName.DOWN.nes).toBeLessThan(-2)
    expect(byName.RANDOM.p).toBeGreaterThan(0.05)
    expect(new Set(byName.UP.leadingEdge)).toEqual(new Set(up))
    expect(new Set(byName.DOWN.leadingEdge)).toEqual(new Set(down))
  })
})

describe('GSEA enrichment scores vs the R formula (make_fixtures.R)', () => {
  it.skipIf(!HALLMARK)('ES of the Hallmark sets on the limma t ranking within 1e-12', () => {
    const lim = table('limma.csv')
    const sets = parseGmt(readFileSync(HALLMARK_GMT, 'utf8'))
    const ref = table('gsea_es.csv')
    const r = gseaPreranked(rankGenes(strCol(lim, 'gene'), col(lim, 't')), sets, { permutations: 0, minSize: 5 })
    expect(r.map((x) => x.set)).toEqual(strCol(ref, 'set'))
    expect(r.map((x) => x.size)).toEqual(col(ref, 'size'))
    expect(maxAbsDiff(r.map((x) => x.es), col(ref, 'es'))).toBeLessThan(1e-12)
  })
})
