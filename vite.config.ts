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
  optimizeDeps: { exclude: ['itk-wasm', '@itk-wasm/image-io', '@itk-wasm/dicom'] },
  server: { fs: { allow: ['..'] } },
})
