// CLI commands of the cluster engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
