// Build of the deep engine's headless-Chromium runner for the CLI (`deep train
// --runner chromium`): workers/deep_runner.ts as one self-contained IIFE script
// (global DeepRunner), written to node_modules/.cache/deep-runner (a build cache, not a
// deliverable; the CLI passes --outDir node_modules/.cache/deep-runner/<hash of the checkout's
// path>, so checkouts sharing node_modules keep their own bundle, and rebuilds it when a
// source is newer).
import { defineConfig } from 'vite'

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'node_modules/.cache/deep-runner',
    emptyOutDir: true,
    minify: false,
    chunkSizeWarningLimit: 20000,
    lib: { entry: 'workers/deep_runner.ts', name: 'DeepRunner', formats: ['iife'], fileName: () => 'deep-runner.js' },
  },
})
