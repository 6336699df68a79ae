// Command-line flags: `--name value`, `--flag`, `--name=value`. Typed getters give
// one-line errors naming the flag, which main.ts prints without a stack trace.

import { InputError } from '../core/errors.ts'

export class Args {
  readonly flags = new Map<string, string | true>()
  readonly positional: string[] = []

  constructor(argv: string[]) {
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

  has(name: string): boolean {
    return this.flags.has(name)
  }

  flag(name: string): boolean {
    const v = this.flags.get(name)
    return v === true || v === 'true' || v === '1'
  }

  string(name: string): string
  string(name: string, fallback: string): string
  string(name: string, fallback?: string): string {
    const v = this.flags.get(name)
    if (v === undefined || v === true) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    return v
  }

  optionalString(name: string): string | undefined {
    const v = this.flags.get(name)
    return v === undefined || v === true ? undefined : v
  }

  number(name: string, fallback?: number): number {
    const v = this.flags.get(name)
    if (v === undefined || v === true) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    const x = Number(v)
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
    return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
  }

  numberList(name: string, fallback?: number[]): number[] {
    const v = this.optionalString(name)
    if (v === undefined) {
      if (fallback !== undefined) return fallback
      throw new InputError(`missing required flag --${name}`)
    }
    return v.split(',').map((s) => {
      const x = Number(s)
      if (!Number.isFinite(x)) throw new InputError(`--${name} must be comma-separated numbers, got "${v}"`)
      return x
    })
  }
}
