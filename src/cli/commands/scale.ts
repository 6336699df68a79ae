// Commands for large cohorts and cluster schedulers (docs/scale.md): preprocess-cohort and merge.
import type { Command } from '../command.ts'
import { commands as merge } from './merge.ts'
import { commands as preprocessCohort } from './preprocess_cohort.ts'

export const commands: Command[] = [...preprocessCohort, ...merge]
