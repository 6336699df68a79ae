// Bundles the Node CLI (src/cli/main.ts) and its worker-thread entry points into ESM files
// under build/cli/ (git-ignored) with esbuild, so `npm run cli` starts with plain node
// instead of compiling TypeScript through tsx on every call. npm packages stay external
// (resolved from node_modules at run time). Run by `npm install` (prepare) and `npm run build`.
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const OUT = path.join(ROOT, 'build/cli')
/** Entry points: the command line and every module a CLI worker thread boots on. */
export const ENTRIES = ['src/cli/main.ts', 'src/cli/imaging_worker.ts', 'src/cli/resample_worker.ts']

/** Build into `outdir` (default build/cli; it must lie inside the project, where node_modules resolves). */
export async function buildCli(outdir = OUT) {
  // chunk names carry content hashes: drop the previous build's
  fs.rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true })
  await build({
    entryPoints: ENTRIES.map((e) => path.join(ROOT, e)),
    outdir,
    outbase: path.join(ROOT, 'src/cli'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    logLevel: 'warning',
  })
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // optional argument: another output folder inside the project (tests build their own copy)
  await buildCli(process.argv[2] ? path.resolve(process.argv[2]) : OUT)
}
