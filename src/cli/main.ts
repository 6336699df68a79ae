// `npm run cli -- <command> [flags]`: the Node command line over src/core.
// Bad input ends with exit code 2 and one line naming the file/field; other failures
// exit 1 with one line; `--debug` adds the stack trace.

import { parseArgs } from './args.ts'
import { checkOutputNotInput, planOutputs } from './output.ts'
import { onInputWarning } from '../core/validate/warnings.ts'
import type { Command } from './command.ts'
import { InputError } from '../core/errors.ts'
import { commands as foundation } from './commands/foundation.ts'
import { commands as radiomics } from './commands/radiomics.ts'
import { commands as stats } from './commands/stats.ts'
import { commands as cluster } from './commands/cluster.ts'
import { commands as omics } from './commands/omics.ts'
import { commands as preprocess } from './commands/preprocess.ts'
import { commands as deep } from './commands/deep.ts'
import { commands as study } from './commands/study.ts'
import { commands as dicom } from './commands/dicom.ts'
import { commands as scale } from './commands/scale.ts'
import { commands as ibsi2 } from './commands/ibsi2.ts'

const all: Command[] = [...foundation, ...radiomics, ...stats, ...cluster, ...omics, ...preprocess, ...deep, ...study, ...scale, ...dicom, ...ibsi2]

function help(name?: string): string {
  const c = name ? all.find((x) => x.name === name) : undefined
  if (c) return `${c.name}: ${c.summary}\n\n${c.usage}`
  const width = Math.max(...all.map((x) => x.name.length))
  return ['usage: npm run cli -- <command> [flags] [--json] [--debug]', '', ...all.map((x) => `  ${x.name.padEnd(width)}  ${x.summary}`)].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(help(rest[0]) + '\n')
    return 0
  }
  // "deep train" style sub-commands are registered as "deep train"
  const two = rest.length > 0 ? all.find((x) => x.name === `${name} ${rest[0]}`) : undefined
  const cmd = two ?? all.find((x) => x.name === name)
  if (!cmd) {
    process.stderr.write(`error: unknown command "${name}"; run "npm run cli -- help" for the list\n`)
    return 2
  }
  const argv2 = two ? rest.slice(1) : rest
  if (argv2.includes('--help')) {
    process.stdout.write(help(cmd.name) + '\n')
    return 0
  }
  let inputs: { flag: string; path: string }[] = []
  try {
    // strict: unknown, repeated and out-of-range flags are refused before anything runs
    const args = parseArgs(cmd, argv2, all)
    inputs = args.paths('input')
    checkOutputNotInput(args.paths('output'), args.paths('input'))
    planOutputs(args.paths('output'))
    onInputWarning((w) => process.stderr.write(`warning: ${w}\n`))
    await cmd.run(args)
    return 0
  } catch (e) {
    const err = e as Error
    if (argv2.includes('--debug')) process.stderr.write((err.stack ?? String(err)) + '\n')
    let msg = (err?.message ?? String(err)).replace(/\s*\n\s*/g, ' ')
    // a refusal from the computation (no events, a sample without counts …) names the
    // input it came from when the message does not already name a file or a flag
    if (err instanceof InputError && !err.file && inputs.length && !/--[a-z]/.test(msg) && !inputs.some((i) => msg.includes(i.path)))
      msg = inputs.length === 1 ? `${inputs[0].path}: ${msg}` : `${msg} (inputs: ${inputs.map((i) => `--${i.flag} ${i.path}`).join(', ')})`
    process.stderr.write(`error: ${msg}\n`)
    return err instanceof InputError || (err as { code?: string }).code === 'ENOENT' ? 2 : 1
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
