// CLI commands of the stats engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
