// CLI commands of the study engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
