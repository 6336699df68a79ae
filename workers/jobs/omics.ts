// Worker jobs of the omics engine: thin adapters over src/core.
import type { JobTable } from './types.ts'

export const jobs: JobTable = {}
