// CLI commands of the preprocess engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
