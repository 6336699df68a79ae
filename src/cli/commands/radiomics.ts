// CLI commands of the radiomics engine.
import type { Command } from '../command.ts'

export const commands: Command[] = []
