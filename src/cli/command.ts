// The shape of a CLI command. Each engine's file in ./commands exports a list of them.

import type { Args } from './args.ts'
import { jsonReplacer } from '../core/json.ts'

export interface Command {
  name: string
  /** one line for `help` */
  summary: string
  /** flags, for `help <command>` */
  usage: string
  run(args: Args): Promise<void>
}

/** Print a result: JSON with --json, else the text form (or JSON when none is given). */
export function emit(args: Args, result: unknown, text?: () => string): void {
  if (args.flag('json') || !text) process.stdout.write(JSON.stringify(result, jsonReplacer, args.flag('pretty') ? 2 : undefined) + '\n')
  else process.stdout.write(text() + '\n')
}

