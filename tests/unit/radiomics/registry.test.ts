// The registry documents every IBSI tag the engine reports, and docs/features.md is generated from it.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { FAMILY_DOCS, FEATURE_DOCS, featureTableMarkdown } from '../../../src/core/radiomics/registry.ts'
import { parseReference } from '../../../src/core/radiomics/ibsi_reference.ts'

describe('feature registry', () => {
  it('has an entry for every reference tag of the digital phantom', () => {
    const ref = parseReference(fs.readFileSync('../shared/data/ibsi/digital_phantom/reference_values.csv', 'utf8'))
    const base = new Set(FEATURE_DOCS.map((e) => e.tag))
    const variants = FAMILY_DOCS.flatMap((f) => f.variants)
    const missing = ref.map((r) => r.tag).filter((t) => !base.has(t) && !variants.some((v) => t.endsWith(v) && base.has(t.slice(0, -v.length))))
    expect(missing).toEqual([])
  })
  it('docs/features.md is up to date (npx tsx scripts/radiomics_docs.ts)', () => {
    expect(fs.readFileSync('docs/features.md', 'utf8')).toBe(featureTableMarkdown())
  })
})
