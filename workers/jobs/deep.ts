// Worker jobs of the deep engine: thin adapters over src/core.
import type { JobTable } from './types.ts'

export const jobs: JobTable = {}
