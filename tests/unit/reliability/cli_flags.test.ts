// The strict CLI: every command declares the flags it reads (src/cli/command.ts), and
// parsing refuses unknown, repeated, foreign and out-of-range flags before the command
// runs, naming the flag and listing the valid ones or the allowed range.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs, checkFlagValue, flag } from '../../../src/cli/args.ts'
import type { Command } from '../../../src/cli/command.ts'
import { InputError } from '../../../src/core/errors.ts'

// the command files registered in main.ts, so a command added there is covered here
const main = fs.readFileSync('src/cli/main.ts', 'utf8')
const files = [...main.matchAll(/from '\.\/(commands\/[\w-]+\.ts)'/g)].map((m) => m[1])
const all: Command[] = []
for (const f of files) all.push(...((await import(`../../../src/cli/${f}`)) as { commands: Command[] }).commands)

describe('every command declares its flags', () => {
  it('finds the commands', () => expect(all.length).toBeGreaterThan(20))
  for (const c of all) {
    it(`${c.name}: usage and declaration agree`, () => {
      expect(c.flags, `${c.name} has no flags declaration`).toBeTypeOf('object')
      // flags of other commands quoted as `npm run cli -- other --flag` do not count
      const own = c.usage.replace(/npm run cli -- [a-z-]+( --[a-z-]+)*/g, '')
      const inUsage = new Set([...own.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]))
      for (const g of ['json', 'pretty', 'debug', 'quiet', 'help']) inUsage.delete(g)
      for (const f of inUsage) expect(Object.keys(c.flags), `${c.name}: --${f} is in the usage but not declared`).toContain(f)
      for (const f of Object.keys(c.flags)) expect([...inUsage], `${c.name}: --${f} is declared but not in the usage`).toContain(f)
    })
  }
  it('every flag a command file reads is declared by a command of that file', () => {
    for (const f of files) {
      const src = fs.readFileSync(path.join('src/cli', f), 'utf8')
      const cmds = all.filter((c) => src.includes(`name: '${c.name}'`))
      const declared = new Set(cmds.flatMap((c) => Object.keys(c.flags)).concat(['json', 'pretty', 'debug', 'quiet', 'help']))
      const read = [...src.matchAll(/args\.(?:has|flag|string|optionalString|number|integer|choice|list|numberList)(?:<[^>]*>)?\('([a-z0-9-]+)'/g)].map((m) => m[1])
      for (const r of read) expect([...declared], `${f} reads --${r}`).toContain(r)
    }
  })
})

const byName = (n: string) => all.find((c) => c.name === n)!
const parse = (n: string, argv: string[]) => parseArgs(byName(n), argv, all)
const message = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return (e as Error).message
  }
  throw new Error('expected an InputError')
}

describe('strict parsing', () => {
  it('an unknown flag names itself and lists the valid ones', () => {
    const m = message(() => parse('cox', ['--data', 'x.csv', '--bogus-flag', '3']))
    expect(m).toMatch(/unknown flag --bogus-flag for cox/)
    expect(m).toMatch(/valid flags: .*--covariates.*--data/)
  })
  it('a flag of another command says whose it is', () => {
    expect(message(() => parse('cox', ['--curves']))).toMatch(/--curves.*flag of km/)
    expect(message(() => parse('radiomics', ['--reps', '10']))).toMatch(/--reps.*flag of consensus/)
  })
  it('a repeated flag is refused', () => expect(message(() => parse('cox', ['--time', 'a', '--time', 'b']))).toMatch(/--time is given more than once/))
  it('a stray argument is refused', () => expect(message(() => parse('info', ['--image', 'a.nii', 'b.nii']))).toMatch(/unexpected argument "b\.nii"/))
  it('a boolean with a value is refused', () => expect(message(() => parse('hclust', ['--scale=maybe']))).toMatch(/--scale takes no value/))
  it('a flag without its value is refused', () => expect(message(() => parse('cox', ['--data']))).toMatch(/--data needs a value/))
  it('numeric bounds give the allowed range', () => {
    expect(message(() => parse('consensus', ['--reps', '1e8']))).toMatch(/--reps must be an integer from 1 to 100000, got "1e8"/)
    expect(message(() => parse('gsea', ['--perm', '0']))).toMatch(/--perm must be an integer from 1 to /)
    expect(message(() => parse('consensus', ['--p-item', '0']))).toMatch(/--p-item must be a number greater than 0 and at most 1/)
    expect(message(() => parse('preprocess', ['--resample', '0.001,1,1']))).toMatch(/--resample must be 3 comma-separated numbers, each from 0\.01 to 100/)
    expect(message(() => parse('preprocess', ['--resample', 'NaN,1,1']))).toMatch(/--resample/)
    expect(message(() => parse('cindex-cv', ['--folds', '0x10']))).toMatch(/--folds must be an integer/)
    expect(message(() => parse('cindex-cv', ['--bootstrap', 'Infinity']))).toMatch(/--bootstrap/)
  })
  it('valid values pass, negative numbers are values', () => {
    const a = parse('preprocess', ['--image', 'a.nii', '--rescale', '-10000,10000', '--resample', '--out', 'b.nii'])
    expect(a.numberList('rescale')).toEqual([-10000, 10000])
    expect(a.flags.get('resample')).toBe(true)
  })
  it('reading an undeclared flag is a programming error', () => expect(() => parse('info', []).string('nope', 'x')).toThrow(/not in its flags declaration/))
  it('checkFlagValue covers each kind', () => {
    expect(checkFlagValue('k', flag.choice(['a', 'b']), 'c')).toMatch(/must be a or b/)
    expect(checkFlagValue('k', flag.numbers(0, 1, { integers: true }), '1,0.5')).toMatch(/integers/)
    expect(checkFlagValue('k', flag.string(), '')).toMatch(/non-empty/)
    expect(checkFlagValue('k', flag.int(1, 3), '2')).toBeNull()
  })
})
