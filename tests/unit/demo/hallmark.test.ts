// The shipped gene universe is exactly the MSigDB Hallmark GMT of ../shared/data
// (regenerate src/core/demo/hallmark.ts with tests/fixtures/demo/make_gene_list.ts).
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { DEMO_GENES, HALLMARK_SETS } from '../../../src/core/demo/index.ts'
import { HALLMARK_GMT, haveData } from '../shared_data.ts'

describe('Hallmark gene sets module', () => {
  it.skipIf(!haveData('Hallmark gene sets module vs the GMT', HALLMARK_GMT))('matches h.all.v7.5.1.symbols.gmt set by set, and DEMO_GENES is the sorted union', () => {
    const lines = fs.readFileSync(HALLMARK_GMT, 'utf8').split('\n').filter((l) => l.trim())
    expect(Object.keys(HALLMARK_SETS)).toHaveLength(50)
    const union = new Set<string>()
    for (const line of lines) {
      const [name, , ...genes] = line.split('\t')
      const g = genes.map((x) => x.trim()).filter(Boolean)
      expect(HALLMARK_SETS[name]).toEqual(g)
      g.forEach((x) => union.add(x))
    }
    expect(DEMO_GENES).toEqual([...union].sort())
  })
})
