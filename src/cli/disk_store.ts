// Step cache on disk for the CLI (`study --cache DIR`): one file per step key, written
// with Node's structured serialisation (typed arrays kept), so a re-run with a changed
// setting recomputes only the invalidated steps.
import fs from 'node:fs'
import path from 'node:path'
import v8 from 'node:v8'
import type { CacheStore } from '../core/study/step_cache.ts'

export function diskStore(dir: string): CacheStore {
  fs.mkdirSync(dir, { recursive: true })
  const file = (key: string) => path.join(dir, `${key}.bin`)
  return {
    async get(key) {
      try {
        return v8.deserialize(fs.readFileSync(file(key)))
      } catch {
        return undefined
      }
    },
    async set(key, value) {
      const tmp = file(key) + '.tmp'
      fs.writeFileSync(tmp, v8.serialize(value))
      fs.renameSync(tmp, file(key))
    },
  }
}
