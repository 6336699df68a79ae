// Worker jobs of the foundation engine: thin adapters over src/core.
import type { JobTable } from './types.ts'

export const jobs: JobTable = {}
