// CLI commands of the omics engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
