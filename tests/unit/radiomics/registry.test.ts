// The registry documents every IBSI tag the engine reports, and docs/features.md is generated from it.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { FAMILY_DOCS, FEATURE_DOCS, featureTableMarkdown } from '../../../src/core/radiomics/registry.ts'
import { parseReference } from '../../../src/core/radiomics/ibsi_reference.ts'
import { DATA, haveData } from '../shared_data.ts'

describe('feature registry', () => {
  it.skipIf(!haveData('registry vs the IBSI digital phantom tags', 'ibsi/digital_phantom/reference_values.csv'))('has an entry for every reference tag of the digital phantom', () => {
    const ref = parseReference(fs.readFileSync(`${DATA}/ibsi/digital_phantom/reference_values.csv`, 'utf8'))
    const base = new Set(FEATURE_DOCS.map((e) => e.tag))
    const variants = FAMILY_DOCS.flatMap((f) => f.variants)
    const missing = ref.map((r) => r.tag).filter((t) => !base.has(t) && !variants.some((v) => t.endsWith(v) && base.has(t.slice(0, -v.length))))
    expect(missing).toEqual([])
  })
  it('docs/features.md is up to date (npx tsx scripts/radiomics_docs.ts)', () => {
    expect(fs.readFileSync('docs/features.md', 'utf8')).toBe(featureTableMarkdown())
  })
})

describe('IBSI reference comparison rule', () => {
  it('tolerance 0 means equal after rounding like the reference (3 significant digits or as written)', async () => {
    const { compareWithReference, lastDigitHalfUnit, parseReference } = await import('../../../src/core/radiomics/ibsi_reference.ts')
    expect(lastDigitHalfUnit('2.15')).toBeCloseTo(0.005, 15)
    expect(lastDigitHalfUnit('1490')).toBe(5)
    expect(lastDigitHalfUnit('125256')).toBe(0.5)
    expect(lastDigitHalfUnit('6.98E-05')).toBeCloseTo(5e-8, 20)
    const ref = parseReference('reference value;tolerance;tag\n2.15;0;a\n0.961;0.001;b\n125256;0;c\n;;d\n')
    expect(ref.map((r) => r.tag)).toEqual(['a', 'b', 'c'])
    expect(compareWithReference({ a: 2.1549, b: 0.962, c: 125256 }, ref).misses).toEqual([])
    expect(compareWithReference({ a: 2.1551, b: 0.9621, c: 125257 }, ref).misses.map((m) => m.tag)).toEqual(['a', 'b', 'c'])
  })
})
