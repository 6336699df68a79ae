// `npm run cli -- …`: runs the bundled CLI (build/cli/main.mjs) with plain node, rebuilding
// it first (esbuild, ~0.1 s) when a source under src/ or package.json is newer than the bundle.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, OUT, buildCli } from './build-cli.mjs'

function newest(dir) {
  let t = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) t = Math.max(t, newest(p))
    else if (/\.(ts|mjs|js|json)$/.test(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs)
  }
  return t
}

const main = path.join(OUT, 'main.mjs')
let built = 0
try {
  built = fs.statSync(main).mtimeMs
} catch {}
const sources = Math.max(newest(path.join(ROOT, 'src/cli')), newest(path.join(ROOT, 'src/core')), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs)
if (sources > built) await buildCli()
await import(pathToFileURL(main).href)
