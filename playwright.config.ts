// End-to-end tests against the production build served by `vite preview`, in Debian's
// Chromium (Playwright cannot download browsers here). GPU-less: WebGL2 via SwiftShader
// (--use-angle=swiftshader --enable-unsafe-swiftshader; niivue needs it). WebGPU is off by
// default; PW_WEBGPU=1 adds --enable-unsafe-webgpu, which gives a SwiftShader (CPU) WebGPU
// adapter on http://127.0.0.1 (see docs/status/foundation-ui.md).
import { defineConfig } from '@playwright/test'

// PW_PORT lets several checkouts on one machine run their e2e suites side by side.
const port = Number(process.env.PW_PORT ?? 4173)

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 180_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        ...(process.env.PW_WEBGPU ? ['--enable-unsafe-webgpu'] : []),
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
})
