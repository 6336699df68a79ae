// Variable coding as data: how raw clinical values become the analysis categories of the
// paper's Cox models (Crombé, Lucchesi et al., NPJ Precis Oncol 2024, Methods and Table 3):
// histotype in the SARCULATOR nomogram's categories (Callegaro et al., Lancet Oncol 2016),
// reference myxoid/round cell liposarcoma; FNCLCC grade III vs I–II (reference I–II);
// margins R1–R2 vs R0 (reference R0); chemotherapy and radiotherapy yes/no (references
// "no" and "yes", the latter as the paper). Each variable is an ordered list of rules
// (case-insensitive regular expressions tried on the value with its spacing collapsed; the
// first match gives the category), a category for unmatched values ("" = reject them with
// a message), and the Cox reference level. The plan carries it (plan.coding), so the CLI
// and the app apply the same coding, and analysis.json reports what was applied.

import { InputError } from '../errors.ts'
import { columnIndex, isMissing, type Table } from '../table/table.ts'

export interface CodingRule {
  /** case-insensitive regular expression, tested on the trimmed value with runs of spaces collapsed */
  match: string
  category: string
}

export interface VariableCoding {
  rules: CodingRule[]
  /** category of a value no rule matches; "" rejects such a value with a message */
  otherwise: string
  /** Cox reference level */
  reference: string
}

export const CODED_VARIABLES = ['histotype', 'grade', 'margins', 'chemotherapy', 'radiotherapy'] as const
export type CodedVariable = (typeof CODED_VARIABLES)[number]
export type StudyCoding = Record<CodedVariable, VariableCoding>

/** Name of the derived (coded) column of each variable in the analysis table. */
export const CODED_COLUMN: Record<CodedVariable, string> = {
  histotype: 'histotype_cat',
  grade: 'grade_III',
  margins: 'margins_R1R2',
  chemotherapy: 'chemotherapy_yn',
  radiotherapy: 'radiotherapy_yn',
}

const LPS = '\\b(lps|lipo\\w*|ls)\\b'
const YES = '^(1|yes|y|true|oui|done|neoadjuvant|adjuvant|pre-?operative|post-?operative)$'
const NO = '^(0|no|n|false|non|none|not done)$'

/** A variable with two categories and no fallback (unmatched values are refused). */
function twoLevels(matchA: string, a: string, matchB: string, b: string, reference: string): VariableCoding {
  return { rules: [{ match: matchA, category: a }, { match: matchB, category: b }], otherwise: '', reference }
}

/** The paper's coding. */
export function defaultCoding(): StudyCoding {
  return {
    histotype: {
      rules: [
        { match: `(myxoid|round[ -]?cells?|\\bm ?/? ?rc).*${LPS}|^m ?/? ?rc\\b|^mrcl`, category: 'M/RC LPS' },
        { match: `dedifferentiated ${LPS}|^dedifferentiated$|^ddl?ps$|^dd[ -](lps|ls)$`, category: 'DD LPS' },
        { match: `pleomorphic ${LPS}|^p[ -]?lps$|^pleomorphic liposarcoma`, category: 'pleomorphic LPS' },
        { match: '^ups\\b|undifferentiated|^pleomorphic sarcoma|^mfh$|malignant fibrous histiocytoma', category: 'UPS' },
        { match: '^leiomyo|^lms$', category: 'leiomyosarcoma' },
        { match: '^myxofibro|^mfs$', category: 'myxofibrosarcoma' },
        { match: '^synovial|^ss$', category: 'synovial sarcoma' },
        { match: '^mpnst$|malignant peripheral nerve sheath', category: 'MPNST' },
      ],
      otherwise: 'other',
      reference: 'M/RC LPS',
    },
    grade: twoLevels('^((fnclcc )?(grade )?(g ?)?(3|iii))$', 'III', '^((fnclcc )?(grade )?(g ?)?(1|2|i|ii|i ?- ?ii|1 ?- ?2))$', 'I-II', 'I-II'),
    margins: twoLevels('^r ?0$', 'R0', '^(r ?[12]|r1 ?[-/] ?r2|r1-2)$', 'R1-R2', 'R0'),
    chemotherapy: twoLevels(YES, 'yes', NO, 'no', 'no'),
    radiotherapy: twoLevels(YES, 'yes', NO, 'no', 'yes'),
  }
}

const normalise = (v: string) => v.trim().replace(/\s+/g, ' ')

/** A compiled coding of one variable: raw value → category (null = no rule and no fallback). */
export function compileCoding(c: VariableCoding, where = 'plan coding'): (raw: string) => string | null {
  if (!Array.isArray(c.rules)) throw new InputError('"rules" must be a list of {match, category}', 'plan', where)
  const rules = c.rules.map((r, i) => {
    if (!r || typeof r.match !== 'string' || typeof r.category !== 'string' || !r.category) throw new InputError(`rule ${i + 1} must be {"match": "<regular expression>", "category": "<name>"}`, 'plan', where)
    try {
      return { re: new RegExp(r.match, 'i'), category: r.category }
    } catch (e) {
      throw new InputError(`rule ${i + 1}: "${r.match}" is not a valid regular expression (${(e as Error).message})`, 'plan', where)
    }
  })
  return (raw) => {
    const v = normalise(raw)
    for (const r of rules) if (r.re.test(v)) return r.category
    return c.otherwise || null
  }
}

/** Histotype in the SARCULATOR categories with the paper's coding. */
export function histotypeCategory(h: string, coding: VariableCoding = defaultCoding().histotype): string {
  return compileCoding(coding, 'coding.histotype')(h) ?? ''
}

export interface AppliedCoding {
  variable: CodedVariable
  /** clinical column read, and the analysis column written */
  column: string
  derived: string
  reference: string
  /** each raw value seen, its category and its count */
  values: { raw: string; category: string; n: number }[]
}

/**
 * Code one clinical column for the given rows: the coded values (missing stays "") and the
 * mapping applied. An unmatched value with no fallback is an InputError naming row and column.
 */
export function codeColumn(t: Table, rows: number[], variable: CodedVariable, column: string, c: VariableCoding): { values: string[]; applied: AppliedCoding } {
  const f = compileCoding(c, `coding.${variable}`)
  const j = columnIndex(t, column)
  const seen = new Map<string, { category: string; n: number }>()
  const values = rows.map((r) => {
    const raw = t.rows[r][j]
    if (isMissing(raw)) return ''
    const cat = f(raw)
    if (cat === null) throw new InputError(`value "${raw}" of ${variable} matches no rule of the plan's coding.${variable} (categories: ${[...new Set(c.rules.map((x) => x.category))].join(', ')}); recode it or add a rule`, t.name, `row ${r + 2}, column ${column}`)
    const s = seen.get(raw) ?? { category: cat, n: 0 }
    s.n++
    seen.set(raw, s)
    return cat
  })
  const applied: AppliedCoding = { variable, column, derived: CODED_COLUMN[variable], reference: c.reference, values: [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([raw, s]) => ({ raw, category: s.category, n: s.n })) }
  return { values, applied }
}
