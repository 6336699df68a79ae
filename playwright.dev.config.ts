// End-to-end test against the DEV server (`vite`, what `npm start` runs), not the build:
// a fresh clone's first session must not lose a job to Vite's dependency re-optimisation.
// The dev server always starts fresh (no reuse) with an EMPTY dependency cache: a new folder
// under the system's temp dir (VITE_CACHE_DIR, read by vite.config.ts), exactly as a fresh
// clone has no node_modules/.vite. Run on a fresh clone: `npm ci && npm run test:dev`.
// PW_PORT picks the port.
import { defineConfig } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import base from './playwright.config.ts'

const port = Number(process.env.PW_PORT ?? 5199)
// made once, in the runner; its workers inherit the variable (and so the same folder)
if (!process.env.VITE_CACHE_DIR) {
  process.env.VITE_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'vite-deps-'))
  process.env.PW_VITE_CACHE_FRESH = '1'
}
const cacheDir = process.env.VITE_CACHE_DIR

export default defineConfig({
  ...base,
  testDir: 'tests/e2e-dev',
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${port} --strictPort`,
    env: { VITE_CACHE_DIR: cacheDir },
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 180_000,
  },
})
