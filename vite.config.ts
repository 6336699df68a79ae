// Vite build of the static app: relative asset paths (deployable under any folder
// of any static host), ES-module workers, and no runtime fetches to other origins.
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

export default defineConfig({
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 8000 },
  optimizeDeps: { exclude: ['itk-wasm', '@itk-wasm/image-io', '@itk-wasm/dicom'] },
  server: { fs: { allow: ['..'] } },
})
