// The shape of a CLI command. Each engine's file in ./commands exports a list of them.
//
// Every command declares its flags in `flags` with the `flag.*` builders of ./args.ts
// (type, numeric range, input or output path); main.ts parses argv strictly against the
// declaration before the command runs, so an unknown, repeated or out-of-range flag is an
// error naming the flag (tests/unit/reliability/cli_flags.test.ts checks every command).
// To add a flag: add it to `flags` and to `usage`.

import type { Args, FlagSpecs } from './args.ts'
import { jsonReplacer } from '../core/json.ts'

export interface Command {
  name: string
  /** one line for `help` */
  summary: string
  /** flags, for `help <command>` */
  usage: string
  /** every flag the command reads (besides --json, --pretty, --debug, --quiet, --help) */
  flags: FlagSpecs
  /** bare arguments the command takes (e.g. "PART..."); without it any is an error */
  positional?: string
  run(args: Args): Promise<void>
}

/** Print a result: JSON with --json, else the text form (or JSON when none is given). */
export function emit(args: Args, result: unknown, text?: () => string): void {
  if (args.flag('json') || !text) process.stdout.write(JSON.stringify(result, jsonReplacer, args.flag('pretty') ? 2 : undefined) + '\n')
  else process.stdout.write(text() + '\n')
}

