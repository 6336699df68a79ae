// Several gene-set collections (e.g. MSigDB Hallmark, C2, C7, an immune-cell signature file),
// each tested on its own: over-representation (./enrichment.ts, hypergeometric, BH within the
// collection) and pre-ranked GSEA (./gsea.ts, permutation p and BH within the collection, the
// same seed for every collection), every result row labelled with its collection — so a
// collection's results are the same whether it is run alone or beside others
// (Subramanian et al. 2005 PNAS; Liberzon et al. 2015 Cell Syst for the collections).

import { InputError } from '../errors.ts'
import type { JobContext } from '../job.ts'
import { subContext } from '../job.ts'
import { parseGmt, type GeneSet } from './gmt.ts'
import { overRepresentation, type EnrichmentOptions, type EnrichmentRow } from './enrichment.ts'
import { gseaPreranked, type GseaOptions, type GseaRow, type RankedList } from './gsea.ts'

export interface GeneSetCollection {
  /** label of the collection in results: the file name without folder and ".gmt" */
  name: string
  /** the file it was read from */
  file: string
  /** SHA-256 of the file's bytes, when known */
  sha256?: string
  sets: GeneSet[]
}

export type CollectionEnrichmentRow = EnrichmentRow & { collection: string }
export type CollectionGseaRow = GseaRow & { collection: string }

/** "…/h.all.v7.5.1.symbols.gmt" → "h.all.v7.5.1.symbols" */
export function collectionName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file
  return base.replace(/\.gmt$/i, '') || base
}

/** Parse GMT texts into collections; two files with the same name are refused. */
export function readCollections(files: { file: string; text: string; sha256?: string }[]): GeneSetCollection[] {
  const out: GeneSetCollection[] = []
  for (const f of files) {
    const name = collectionName(f.file)
    if (out.some((c) => c.name === name)) throw new InputError(`gene-set collection "${name}" is given twice; give each GMT file once`, f.file)
    out.push({ name, file: f.file, ...(f.sha256 ? { sha256: f.sha256 } : {}), sets: parseGmt(f.text, f.file) })
  }
  return out
}

/** One collection holding plain sets (a caller with a single unnamed set list). */
export function singleCollection(sets: GeneSet[], name = 'gene sets'): GeneSetCollection[] {
  return sets.length ? [{ name, file: name, sets }] : []
}

/** ORA of `selected` within `universe`, collection by collection. */
export function oraByCollection(selected: string[], universe: string[], collections: GeneSetCollection[], opts: EnrichmentOptions = {}): CollectionEnrichmentRow[] {
  return collections.flatMap((c) => overRepresentation(selected, universe, c.sets, opts).map((r) => ({ ...r, collection: c.name })))
}

/** Pre-ranked GSEA collection by collection (each with the same options and seed). */
export function gseaByCollection(ranked: RankedList, collections: GeneSetCollection[], opts: GseaOptions, ctx?: JobContext): CollectionGseaRow[] {
  return collections.flatMap((c, i) =>
    gseaPreranked(ranked, c.sets, opts, subContext(ctx, i / collections.length, (i + 1) / collections.length)).map((r) => ({ ...r, collection: c.name })),
  )
}
