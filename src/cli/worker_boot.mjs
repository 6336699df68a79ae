// Boots a worker thread on a TypeScript module (tsx loader), for the CLI's worker pools.
import { register } from 'tsx/esm/api'
import { workerData } from 'node:worker_threads'

register()
await import(workerData.module)
