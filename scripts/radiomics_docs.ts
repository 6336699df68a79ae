// Writes docs/features.md from the radiomics feature registry: `npx tsx scripts/radiomics_docs.ts`.
import fs from 'node:fs'
import { featureTableMarkdown } from '../src/core/radiomics/registry.ts'

fs.writeFileSync('docs/features.md', featureTableMarkdown())
console.log('wrote docs/features.md')
