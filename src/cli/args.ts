// Command-line flags: `--name value`, `--flag`, `--name=value`.
//
// Strict mode (the CLI, `parseArgs(command, argv)`): every command declares its flags in
// `Command.flags` with the `flag.*` builders below; parsing then refuses, before the
// command runs, an unknown flag, a flag of another command, a repeated flag, a stray
// argument, a missing value, and a value outside the declared type or range — each with
// a one-line message naming the flag and listing the valid ones or the allowed range.
// Typed getters give one-line errors naming the flag, which main.ts prints without a
// stack trace. `new Args(argv)` without a declaration is the permissive form some unit
// tests use to call a command directly.

import { InputError } from '../core/errors.ts'

/** How a flag is parsed and bounded. */
export type FlagSpec =
  | { kind: 'bool' }
  | { kind: 'string'; optionalValue?: boolean }
  /** a file or folder the command reads */
  | { kind: 'input' }
  /** files the command reads: the flag may be repeated and takes comma lists (--gmt a.gmt --gmt b.gmt, --gmt a.gmt,b.gmt) */
  | { kind: 'inputs' }
  /** a file or folder the command writes: refused when it is one of the inputs */
  | { kind: 'output' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number; exclusiveMin?: boolean }
  /** comma-separated numbers, each within [min, max]; `count` fixes how many */
  | { kind: 'numbers'; min: number; max: number; exclusiveMin?: boolean; count?: number; integers?: boolean; optionalValue?: boolean }
  | { kind: 'choice'; values: readonly string[] }
  /** comma-separated words */
  | { kind: 'list' }

export type FlagSpecs = Record<string, FlagSpec>

/** Builders for `Command.flags`, e.g. `{ reps: flag.int(1, 100000), out: flag.output() }`. */
export const flag = {
  bool: (): FlagSpec => ({ kind: 'bool' }),
  string: (o: { optionalValue?: boolean } = {}): FlagSpec => ({ kind: 'string', ...o }),
  input: (): FlagSpec => ({ kind: 'input' }),
  inputs: (): FlagSpec => ({ kind: 'inputs' }),
  output: (): FlagSpec => ({ kind: 'output' }),
  int: (min: number, max: number): FlagSpec => ({ kind: 'int', min, max }),
  /** a finite number in [min, max] (or (min, max] with exclusiveMin) */
  number: (min: number, max: number, o: { exclusiveMin?: boolean } = {}): FlagSpec => ({ kind: 'number', min, max, ...o }),
  numbers: (min: number, max: number, o: { exclusiveMin?: boolean; count?: number; integers?: boolean; optionalValue?: boolean } = {}): FlagSpec => ({ kind: 'numbers', min, max, ...o }),
  choice: (values: readonly string[]): FlagSpec => ({ kind: 'choice', values }),
  list: (): FlagSpec => ({ kind: 'list' }),
}

/** Flags every command accepts. */
export const GLOBAL_FLAGS: FlagSpecs = {
  json: flag.bool(),
  pretty: flag.bool(),
  debug: flag.bool(),
  quiet: flag.bool(),
  help: flag.bool(),
}

const fmtNum = (x: number) => (Math.abs(x) > 1e7 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential() : String(x))

/** "from 1 to 100000" / "greater than 0 and at most 50" */
function rangeText(s: { min: number; max: number; exclusiveMin?: boolean }): string {
  const hi = Number.isFinite(s.max) ? fmtNum(s.max) : undefined
  if (s.exclusiveMin) return hi ? `greater than ${fmtNum(s.min)} and at most ${hi}` : `greater than ${fmtNum(s.min)}`
  return hi ? `from ${fmtNum(s.min)} to ${hi}` : `at least ${fmtNum(s.min)}`
}

function inRange(x: number, s: { min: number; max: number; exclusiveMin?: boolean }): boolean {
  return (s.exclusiveMin ? x > s.min : x >= s.min) && x <= s.max
}

/** A strict decimal number (no hex, no "Infinity", no empty string). */
function strictNumber(v: string): number {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim()) ? Number(v) : NaN
}

/** The value of one flag checked against its declaration; returns a message or null. */
export function checkFlagValue(name: string, spec: FlagSpec, v: string | true): string | null {
  if (v === true) {
    if (spec.kind === 'bool' || ((spec.kind === 'string' || spec.kind === 'numbers') && spec.optionalValue)) return null
    return `--${name} needs a value`
  }
  switch (spec.kind) {
    case 'bool':
      return /^(true|false|1|0)$/.test(v) ? null : `--${name} takes no value (got "${v}")`
    case 'string':
    case 'input':
    case 'inputs':
    case 'output':
    case 'list':
      return v.trim() === '' ? `--${name} needs a non-empty value` : null
    case 'choice':
      return spec.values.includes(v) ? null : `--${name} must be ${spec.values.slice(0, -1).join(', ')}${spec.values.length > 1 ? ' or ' : ''}${spec.values[spec.values.length - 1]}, got "${v}"`
    case 'int': {
      const x = strictNumber(v)
      if (!Number.isInteger(x) || !inRange(x, spec)) return `--${name} must be an integer ${rangeText(spec)}, got "${v}"`
      return null
    }
    case 'number': {
      const x = strictNumber(v)
      if (!Number.isFinite(x) || !inRange(x, spec)) return `--${name} must be a number ${rangeText(spec)}, got "${v}"`
      return null
    }
    case 'numbers': {
      const parts = v.split(',')
      const xs = parts.map(strictNumber)
      const what = `${spec.count ? `${spec.count} ` : ''}comma-separated ${spec.integers ? 'integers' : 'numbers'}, each ${rangeText(spec)}`
      if (spec.count !== undefined && xs.length !== spec.count) return `--${name} must be ${what}, got "${v}"`
      if (xs.some((x) => !Number.isFinite(x) || !inRange(x, spec) || (spec.integers && !Number.isInteger(x)))) return `--${name} must be ${what}, got "${v}"`
      return null
    }
  }
}

/** Parse a command's argv strictly against its declared flags (see the header). */
export function parseArgs(command: { name: string; flags: FlagSpecs; positional?: string }, argv: string[], others: { name: string; flags: FlagSpecs }[] = []): Args {
  return new Args(argv, { command: command.name, specs: { ...GLOBAL_FLAGS, ...command.flags }, others, positional: command.positional })
}

interface Strict {
  command: string
  specs: FlagSpecs
  others: { name: string; flags: FlagSpecs }[]
  /** what bare arguments mean ("PART..."), when the command takes any */
  positional?: string
}

export class Args {
  readonly flags = new Map<string, string | true>()
  readonly positional: string[] = []
  private readonly strict?: Strict

  constructor(argv: string[], strict?: Strict) {
    this.strict = strict
    if (strict) this.parseStrict(argv, strict)
    else this.parseLoose(argv)
  }

  private parseLoose(argv: string[]): void {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]
      if (a.startsWith('--')) {
        const eq = a.indexOf('=')
        if (eq > 0) this.flags.set(a.slice(2, eq), a.slice(eq + 1))
        else if (i + 1 < argv.length && !(argv[i + 1].startsWith('--') && !/^--?\d/.test(argv[i + 1]))) this.flags.set(a.slice(2), argv[++i])
        else this.flags.set(a.slice(2), true)
      } else this.positional.push(a)
    }
  }

  private parseStrict(argv: string[], s: Strict): void {
    const valid = () => Object.keys(s.specs).filter((k) => !(k in GLOBAL_FLAGS)).sort().map((k) => `--${k}`).join(', ')
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]
      if (!a.startsWith('--') && s.positional) {
        this.positional.push(a)
        continue
      }
      if (!a.startsWith('--') || a === '--') throw new InputError(`unexpected argument "${a}" for ${s.command}; values follow their flag (--name value); valid flags: ${valid()}`)
      const eq = a.indexOf('=')
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2)
      const spec = s.specs[name]
      if (!spec) {
        const elsewhere = s.others.filter((c) => c.name !== s.command && c.flags && name in c.flags).map((c) => c.name)
        throw new InputError(
          `unknown flag --${name} for ${s.command}${elsewhere.length ? ` (it is a flag of ${elsewhere.slice(0, 4).join(', ')}${elsewhere.length > 4 ? ', …' : ''})` : ''}; valid flags: ${valid()}; see "npm run cli -- help ${s.command}"`,
        )
      }
      if (this.flags.has(name) && spec.kind !== 'inputs') throw new InputError(`--${name} is given more than once; give it once (lists are comma-separated: --${name} a,b)`)
      let value: string | true
      if (eq > 0) value = a.slice(eq + 1)
      else if (spec.kind === 'bool') value = true
      else {
        const next = argv[i + 1]
        // a value may start with "-" (negative numbers) but not with "--" (the next flag)
        const takesNext = next !== undefined && !(next.startsWith('--') && !/^--?\d/.test(next))
        value = takesNext ? argv[++i] : true
      }
      const problem = checkFlagValue(name, spec, value)
      if (problem) throw new InputError(problem)
      const before = this.flags.get(name)
      this.flags.set(name, typeof before === 'string' && typeof value === 'string' ? `${before},${value}` : value)
    }
  }

  /** Declared flags of the command (strict mode), for checks over input/output flags. */
  get specs(): FlagSpecs | undefined {
    return this.strict?.specs
  }

  private declared(name: string): void {
    if (this.strict && !(name in this.strict.specs)) throw new Error(`internal: ${this.strict.command} reads --${name}, which is not in its flags declaration (src/cli/commands)`)
  }

  has(name: string): boolean {
    this.declared(name)
    return this.flags.has(name)
  }

  flag(name: string): boolean {
    this.declared(name)
    const v = this.flags.get(name)
    return v === true || v === 'true' || v === '1'
  }

  string(name: string): string
  string(name: string, fallback: string): string
  string(name: string, fallback?: string): string {
    this.declared(name)
    const v = this.flags.get(name)
    if (v === undefined || v === true) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    return v
  }

  optionalString(name: string): string | undefined {
    this.declared(name)
    const v = this.flags.get(name)
    return v === undefined || v === true ? undefined : v
  }

  number(name: string, fallback?: number): number {
    this.declared(name)
    const v = this.flags.get(name)
    if (v === undefined || v === true) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    const x = strictNumber(v)
    if (!Number.isFinite(x)) throw new InputError(`--${name} must be a number, got "${v}"`)
    return x
  }

  /** a whole number: `--NAME must be an integer, got X` otherwise */
  integer(name: string, fallback?: number): number {
    const v = this.number(name, fallback)
    if (!Number.isInteger(v)) throw new InputError(`--${name} must be an integer, got ${v}`)
    return v
  }

  /** one of `values`: `--NAME must be a, b or c, got "X"` otherwise */
  choice<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const v = this.string(name, fallback)
    if (!(values as readonly string[]).includes(v)) throw new InputError(`--${name} must be ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}, got "${v}"`)
    return v as T
  }

  /** comma-separated list */
  list(name: string, fallback?: string[]): string[] {
    const v = this.optionalString(name)
    if (v === undefined) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    if (v.trim() === '') return [] // an explicitly empty list (e.g. --start "" = the null model)
    const items = v.split(',').map((s) => s.trim())
    if (items.some((s) => s.length === 0)) throw new InputError(`--${name} has an empty item in "${v}"; give comma-separated names without empty entries`)
    const dup = items.find((s, i) => items.indexOf(s) !== i)
    if (dup !== undefined) throw new InputError(`--${name} lists "${dup}" more than once; give each name once`)
    return items
  }

  numberList(name: string, fallback?: number[]): number[] {
    const v = this.optionalString(name)
    if (v === undefined) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    return v.split(',').map((s) => {
      const x = strictNumber(s)
      if (!Number.isFinite(x)) throw new InputError(`--${name} must be comma-separated numbers, got "${v}"`)
      return x
    })
  }

  /** Values of the flags declared as inputs / outputs (strict mode). */
  paths(kind: 'input' | 'output'): { flag: string; path: string }[] {
    const specs = this.strict?.specs ?? {}
    return [...this.flags.entries()].flatMap(([k, v]) => {
      if (typeof v !== 'string') return []
      if (specs[k]?.kind === kind) return [{ flag: k, path: v }]
      return kind === 'input' && specs[k]?.kind === 'inputs' ? this.list(k).map((path) => ({ flag: k, path })) : []
    })
  }
}
