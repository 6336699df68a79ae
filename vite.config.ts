// Vite build of the static app: relative asset paths (deployable under any folder
// of any static host), ES-module workers, and no runtime fetches to other origins:
// the WebAssembly that itk-wasm and tfjs would fetch from a CDN is copied into the
// build by scripts/local-assets.ts and served from the app's own origin. After a build,
// scripts/service-worker.ts writes dist/sw.js, which precaches the build for offline use.
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { localAssets } from './scripts/local-assets.ts'
import { serviceWorker } from './scripts/service-worker.ts'

export default defineConfig({
  base: './',
  plugins: [svelte(), localAssets(), serviceWorker()],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 8000 },
  optimizeDeps: {
    // Dev server (`npm start`): scan the workers too and pre-bundle every heavy dependency at
    // start-up. A dependency first met later (a worker's import, a lazily loaded page part)
    // makes Vite re-optimise and reload the page, which wipes the running job (issue 17).
    entries: ['index.html', 'workers/*.worker.ts'],
    include: [
      'comlink',
      'fflate',
      'papaparse',
      'yaml',
      'dicom-parser',
      '@noble/hashes/sha2.js',
      '@noble/hashes/utils.js',
      '@niivue/niivue',
      'plotly.js-dist-min',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
    ],
    exclude: ['itk-wasm', '@itk-wasm/image-io', '@itk-wasm/dicom'],
  },
  // VITE_CACHE_DIR: where the dev server keeps its pre-bundled dependencies (default
  // node_modules/.vite); the dev-server e2e points it at a fresh empty folder, as on a fresh clone.
  ...(process.env.VITE_CACHE_DIR ? { cacheDir: process.env.VITE_CACHE_DIR } : {}),
  server: { fs: { allow: ['..'] } },
})
