// The usual compositions of the omics engine, shared by the CLI, the worker and the study:
// counts → filter → TMM → voom → lmFit(weights) → eBayes → one contrast's table; and
// counts → TMM log-CPM. Each step is its own module; this file only wires them.

import type { CountMatrix } from '../cohort/cohort.ts'
import { InputError } from '../errors.ts'
import { subsetGenes } from './counts.ts'
import { eBayes, topTable, type EBayesFit, type TopTableRow } from './ebayes.ts'
import { filterGenes, type FilterMethod } from './filter.ts'
import { factorLevels, type Design } from './design.ts'
import { lmFit } from './lmfit.ts'
import { calcNormFactors, effectiveLibSizes, type TmmResult } from './tmm.ts'
import { voom, type VoomResult } from './voom.ts'

/**
 * Design ~ group with `reference` as the baseline level: intercept + one indicator per other
 * level (levels in sorted order), as model.matrix(~ relevel(factor(group), reference)).
 */
export function groupDesign(group: string[], reference?: string): Design {
  const lv = factorLevels(group)
  if (lv.length < 2) throw new InputError(`the group column has only one level (${lv[0] ?? 'none'}); two groups are needed`)
  const ref = reference ?? lv[0]
  if (!lv.includes(ref)) throw new InputError(`group "${ref}" does not occur in the group column (levels: ${lv.join(', ')})`)
  const others = lv.filter((l) => l !== ref)
  const n = group.length
  const p = 1 + others.length
  const data = new Float64Array(n * p)
  for (let i = 0; i < n; i++) {
    data[i * p] = 1
    const j = others.indexOf(group[i])
    if (j >= 0) data[i * p + 1 + j] = 1
  }
  return { n, p, columns: ['(Intercept)', ...others.map((o) => 'group' + o)], data }
}

export interface LimmaRun {
  filtered: CountMatrix
  tmm: TmmResult
  voom: VoomResult
  fit: EBayesFit
  /** results of the contrast (target - reference) */
  table: TopTableRow[]
  contrast: [string, string]
}

/** Filter, TMM, voom, weighted lmFit and eBayes; the table for target vs reference. */
export function limmaVoom(counts: CountMatrix, group: string[], filter: FilterMethod = 'none', contrast?: [string, string]): LimmaRun {
  const keep = filterGenes(counts, filter, group)
  const filtered = subsetGenes(counts, keep)
  if (filtered.genes.length < 2) throw new InputError(`only ${filtered.genes.length} gene(s) pass the "${filter}" filter; use a weaker filter`)
  const tmm = calcNormFactors(filtered)
  const lv = factorLevels(group)
  const [target, reference] = contrast ?? [lv[1], lv[0]]
  const design = groupDesign(group, reference)
  const v = voom(filtered, design, effectiveLibSizes(tmm))
  const fit = eBayes(lmFit(v.E, v.genes, design, v.weights))
  const coef = design.columns.indexOf('group' + target)
  if (coef < 0) throw new InputError(`group "${target}" does not occur in the group column (levels: ${lv.join(', ')})`)
  return { filtered, tmm, voom: v, fit, table: topTable(fit, coef), contrast: [target, reference] }
}
