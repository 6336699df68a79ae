// Bundles the Node CLI (src/cli/main.ts) and its worker-thread entry points into ESM files
// under build/cli/ (git-ignored) with esbuild, so `npm run cli` starts with plain node
// instead of compiling TypeScript through tsx on every call. npm packages stay external
// (resolved from node_modules at run time). Run by `npm install` (prepare) and `npm run build`.
import { build } from 'esbuild'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const OUT = path.join(ROOT, 'build/cli')
/** Entry points: the command line and every module a CLI worker thread boots on. */
export const ENTRIES = ['src/cli/main.ts', 'src/cli/imaging_worker.ts']

export async function buildCli() {
  await build({
    entryPoints: ENTRIES.map((e) => path.join(ROOT, e)),
    outdir: OUT,
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
  await buildCli()
}
