// Import and validation of RNA-seq count matrices (genes × samples, first column the gene
// id; CSV or TSV, optionally gzip-compressed) and of the sample sheet. Ensembl ids lose
// their version suffix (ENSG00000141510.16 → ENSG00000141510); duplicated gene ids are
// summed (the usual collapse of transcripts/versions onto a gene) or reported.

import { InputError } from '../errors.ts'
import { parseTable, type Table } from '../table/table.ts'
import { isMalformedNumber, numberProblem, strictNumber } from '../table/numbers.ts'
import type { CountMatrix } from '../cohort/cohort.ts'

export interface ImportOptions {
  /** what to do with duplicated gene ids after version stripping: sum them (default) or throw */
  duplicates?: 'sum' | 'error'
  /** require non-negative integers (counts); false accepts any finite number (log-expression) */
  integers?: boolean
}

export interface ImportReport {
  /** gene ids that occurred more than once (after version stripping) and were summed */
  summedDuplicates: string[]
  /** number of ids whose Ensembl version suffix was removed */
  strippedVersions: number
}

const ENSEMBL_VERSION = /^(ENS[A-Z]*[GTPE]\d{6,})\.\d+(_PAR_Y)?$/

/** Gene id without an Ensembl version suffix. */
export function stripEnsemblVersion(id: string): string {
  const m = ENSEMBL_VERSION.exec(id)
  return m ? m[1] + (m[2] ?? '') : id
}

/** Text of a file's bytes: gzip, UTF-8/UTF-16/Latin-1 (core/table/decode.ts). */
export { decodeText } from '../table/decode.ts'

/** Parse a genes × samples matrix (counts by default) from text or (possibly gzipped) bytes. */
export function parseCountMatrix(input: string | Uint8Array, name = 'counts', opts: ImportOptions = {}): CountMatrix & { report: ImportReport } {
  const t = parseTable(input, name)
  return matrixFromTable(t, opts)
}

/** A genes × samples matrix from a parsed table (first column = gene id). */
export function matrixFromTable(t: Table, opts: ImportOptions = {}): CountMatrix & { report: ImportReport } {
  const integers = opts.integers ?? true
  const what = integers ? 'count' : 'value'
  if (t.columns.length < 2) throw new InputError('needs a gene id column followed by one column per sample; check the delimiter', t.name, 'header')
  const samples = t.columns.slice(1)
  const ns = samples.length
  const index = new Map<string, number>()
  const rows: Float64Array[] = []
  const genes: string[] = []
  const dups = new Set<string>()
  let stripped = 0
  for (let r = 0; r < t.rows.length; r++) {
    const raw = t.rows[r][0]
    if (!raw) throw new InputError('has an empty gene id; give every row an id', t.name, `row ${r + 2}`)
    const id = stripEnsemblVersion(raw)
    if (id !== raw) stripped++
    const v = new Float64Array(ns)
    for (let s = 0; s < ns; s++) {
      const cell = t.rows[r][s + 1]
      // canonical decimals only: Number() would read "0x1A" as 26 and " " as 0
      const x = strictNumber(cell)
      if (x === undefined)
        throw new InputError(`${isMalformedNumber(cell) ? numberProblem(cell, t.decimal) : `"${cell}" is not a ${what}`}; expected ${integers ? 'a non-negative integer' : 'a finite number'}`, t.name, `row ${r + 2}, column ${samples[s]}`)
      if (integers && x > Number.MAX_SAFE_INTEGER)
        throw new InputError(`${cell} is beyond 2^53, not a read count that can be held exactly; import raw read counts`, t.name, `row ${r + 2}, column ${samples[s]}`)
      if (integers && (x < 0 || !Number.isInteger(x)))
        throw new InputError(`${cell} is not a non-negative integer count; import raw read counts (not TPM/FPKM or log values)`, t.name, `row ${r + 2}, column ${samples[s]}`)
      v[s] = x
    }
    const prev = index.get(id)
    if (prev !== undefined) {
      if (opts.duplicates === 'error')
        throw new InputError(`gene id "${id}" occurs more than once${id !== raw ? ' after removing the Ensembl version' : ''}; remove or merge the duplicates`, t.name, `row ${r + 2}`)
      dups.add(id)
      const p = rows[prev]
      for (let s = 0; s < ns; s++) p[s] += v[s]
    } else {
      index.set(id, genes.length)
      genes.push(id)
      rows.push(v)
    }
  }
  if (genes.length === 0) throw new InputError('has no gene rows', t.name)
  const data = new Float64Array(genes.length * ns)
  for (let g = 0; g < genes.length; g++) data.set(rows[g], g * ns)
  return { genes, samples, data, report: { summedDuplicates: [...dups], strippedVersions: stripped } }
}

/** Sample sheet: one row per sample, with the sample id in `sampleColumn` (default: "sample" or the first column). */
export interface SampleSheet {
  name: string
  samples: string[]
  columns: Record<string, string[]>
}

export function parseSampleSheet(input: string | Uint8Array, name = 'samples', sampleColumn?: string): SampleSheet {
  const t = parseTable(input, name)
  const col = sampleColumn ?? (t.columns.includes('sample') ? 'sample' : t.columns[0])
  const ci = t.columns.indexOf(col)
  if (ci < 0) throw new InputError(`has no column "${col}"; name the sample id column "sample"`, name, 'header')
  const samples = t.rows.map((r) => r[ci])
  const seen = new Set<string>()
  samples.forEach((s, r) => {
    if (!s) throw new InputError('has an empty sample id', name, `row ${r + 2}, column ${col}`)
    if (seen.has(s)) throw new InputError(`sample "${s}" is listed twice; keep one row per sample`, name, `row ${r + 2}, column ${col}`)
    seen.add(s)
  })
  const columns: Record<string, string[]> = {}
  t.columns.forEach((c, j) => (columns[c] = t.rows.map((r) => r[j])))
  return { name, samples, columns }
}

/**
 * The sheet's column `column` in the order of the matrix samples; every matrix sample
 * must be in the sheet and have a value (sheet rows for absent samples are ignored).
 */
export function sampleAnnotation(sheet: SampleSheet, column: string, matrixSamples: string[], matrixName = 'matrix'): string[] {
  const values = sheet.columns[column]
  if (!values) throw new InputError(`has no column "${column}" (columns: ${Object.keys(sheet.columns).join(', ')}); pick an existing column`, sheet.name, 'header')
  const pos = new Map(sheet.samples.map((s, i) => [s, i]))
  const missing = matrixSamples.filter((s) => !pos.has(s))
  if (missing.length)
    throw new InputError(
      `${missing.length} sample(s) of ${matrixName} are not in the sample sheet (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}); sample ids must match the matrix column names`,
      sheet.name,
    )
  return matrixSamples.map((s) => {
    const v = values[pos.get(s)!]
    if (v === '' || v === 'NA') throw new InputError(`sample "${s}" has no value; fill it in or drop the sample`, sheet.name, `column ${column}`)
    return v
  })
}

/** Column sums (library sizes). */
export function librarySizes(m: CountMatrix): Float64Array {
  const ns = m.samples.length
  const out = new Float64Array(ns)
  for (let g = 0; g < m.genes.length; g++) for (let s = 0; s < ns; s++) out[s] += m.data[g * ns + s]
  return out
}

/** The rows of `m` where keep[g] is true. */
export function subsetGenes(m: CountMatrix, keep: ArrayLike<boolean | number>): CountMatrix {
  const ns = m.samples.length
  const genes: string[] = []
  let k = 0
  for (let g = 0; g < m.genes.length; g++) if (keep[g]) k++
  const data = new Float64Array(k * ns)
  k = 0
  for (let g = 0; g < m.genes.length; g++)
    if (keep[g]) {
      genes.push(m.genes[g])
      data.set(m.data.subarray(g * ns, (g + 1) * ns), k * ns)
      k++
    }
  return { genes, samples: m.samples.slice(), data }
}

/** The columns of `m` at `idx`, in that order. */
export function subsetSamples(m: CountMatrix, idx: number[]): CountMatrix {
  const ns = m.samples.length
  const nk = idx.length
  const data = new Float64Array(m.genes.length * nk)
  for (let g = 0; g < m.genes.length; g++) for (let j = 0; j < nk; j++) data[g * nk + j] = m.data[g * ns + idx[j]]
  return { genes: m.genes.slice(), samples: idx.map((i) => m.samples[i]), data }
}
