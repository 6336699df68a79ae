// End-to-end test against the DEV server (`vite`, what `npm start` runs), not the build:
// a fresh clone's first session must not lose a job to Vite's dependency re-optimisation.
// Run it on a fresh clone (no node_modules/.vite cache): `npm ci && npm run test:dev`.
// PW_PORT picks the port; the dev server is always started fresh (no reuse).
import { defineConfig } from '@playwright/test'
import base from './playwright.config.ts'

const port = Number(process.env.PW_PORT ?? 5199)

export default defineConfig({
  ...base,
  testDir: 'tests/e2e-dev',
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
})
