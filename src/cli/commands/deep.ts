// CLI commands of the deep engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
