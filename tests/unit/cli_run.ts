// Runs a CLI command in-process (as main.ts would, without the exit-code mapping) and
// returns what it wrote on stdout; an error it throws propagates to the test.
import { vi } from 'vitest'
import { parseArgs } from '../../src/cli/args.ts'
import type { Command } from '../../src/cli/command.ts'

export async function runCommand(commands: Command[], argv: string[]): Promise<string> {
  const [name, ...rest] = argv
  const cmd = commands.find((c) => c.name === name)
  if (!cmd) throw new Error(`no command "${name}"`)
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true))
  try {
    await cmd.run(parseArgs(cmd, rest, commands))
  } finally {
    spy.mockRestore()
  }
  return out
}
