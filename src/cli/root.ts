// The project's root folder (the one holding package.json), found from this module's
// location so that it is the same whether the CLI runs from src/ (tsx) or from the
// bundle under build/cli/ (scripts/build-cli.mjs).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`)
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))

/** True when this code runs from the esbuild bundle rather than the TypeScript sources. */
export const BUNDLED = !import.meta.url.endsWith('.ts')
