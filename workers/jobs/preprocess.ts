// Worker jobs of the preprocess engine: thin adapters over src/core.
import type { JobTable } from './types.ts'

export const jobs: JobTable = {}
