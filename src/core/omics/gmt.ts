// GMT gene-set files (Broad/MSigDB): one set per line, tab-separated: name, description
// (or URL), then the member genes. Empty trailing fields and duplicated members are dropped.

import { InputError } from '../errors.ts'

export interface GeneSet {
  name: string
  description: string
  genes: string[]
}

export function parseGmt(text: string, file = 'gene sets'): GeneSet[] {
  const sets: GeneSet[] = []
  const names = new Set<string>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return
    const f = line.split('\t')
    if (f.length < 3)
      throw new InputError('a GMT line needs a set name, a description and at least one gene, separated by tabs', file, `line ${i + 1}`)
    const name = f[0].trim()
    if (names.has(name)) throw new InputError(`gene set "${name}" is defined twice`, file, `line ${i + 1}`)
    names.add(name)
    const genes = [...new Set(f.slice(2).map((g) => g.trim()).filter((g) => g.length > 0))]
    sets.push({ name, description: f[1].trim(), genes })
  })
  if (sets.length === 0) throw new InputError('contains no gene sets', file)
  return sets
}
