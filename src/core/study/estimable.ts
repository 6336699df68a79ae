// Sub-analyses that cannot be estimated on the data they are given (no events, a singular
// or collinear design, one group only, too few samples …) are caught at the analysis
// boundary, named with their reason, and the study goes on with the others. The engines
// signal these cases with an InputError that names no file (the inputs were already read
// and checked); an InputError naming a file, a cancellation or a programming error still
// stops the study. The list goes to analysis.json ("notEstimable"), the warnings and a
// report table, so a reader sees which result is missing and why.

import { InputError } from '../errors.ts'
import type { ReportTable } from './report/html.ts'

export interface NotEstimable {
  /** the sub-analysis in words, e.g. "survival by RNA group" */
  analysis: string
  /** "not estimable: …", from the engine's message */
  reason: string
}

/** An engine's refusal of degenerate data: an InputError about the data, not about a file. */
export function isNotEstimable(e: unknown): e is InputError {
  return e instanceof InputError && !e.file
}

/** The reason of a refusal, always starting "not estimable: ". */
export function reasonOf(e: InputError): string {
  const m = e.message.replace(/^not estimable:\s*/i, '')
  return `not estimable: ${m}`
}

/** Collects the sub-analyses that could not be estimated. */
export class Estimability {
  readonly list: NotEstimable[] = []

  /** Run `f`; a degenerate-data refusal is recorded under `analysis` and gives null. */
  run<T>(analysis: string, f: () => T): T | null {
    try {
      return f()
    } catch (e) {
      if (!isNotEstimable(e)) throw e
      this.list.push({ analysis, reason: reasonOf(e) })
      return null
    }
  }

  /** The same for an asynchronous step. */
  async runAsync<T>(analysis: string, f: () => Promise<T>): Promise<T | null> {
    try {
      return await f()
    } catch (e) {
      if (!isNotEstimable(e)) throw e
      this.list.push({ analysis, reason: reasonOf(e) })
      return null
    }
  }

  /** Record an analysis left out because one it depends on was not estimable. */
  skip(analysis: string, because: string): void {
    const dep = this.list.find((x) => x.analysis === because)
    this.list.push({ analysis, reason: dep ? `${dep.reason} (in ${because}, on which it depends)` : `not estimable: ${because} was not estimable` })
  }

  /** One warning line per sub-analysis. */
  warnings(): string[] {
    return this.list.map((x) => `${x.analysis}: ${x.reason}`)
  }
}

/** The report's table of the sub-analyses that were not estimated (null when all were). */
export function notEstimableTable(list: NotEstimable[] | undefined): ReportTable | null {
  if (!list?.length) return null
  return {
    id: 'not-estimable',
    title: 'Analyses not estimable on these data',
    columns: ['Analysis', 'Reason'],
    rows: list.map((x) => [x.analysis, x.reason]),
    note: 'These sub-analyses were refused by their engine (as R gives NA or an error); the other results were computed as usual.',
  }
}
