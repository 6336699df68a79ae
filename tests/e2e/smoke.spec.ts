import { test, expect } from '@playwright/test'

test('app shell loads with the privacy statement', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await expect(page.locator('h1')).toHaveText('Sarcoma Omics Lab')
  await expect(page.locator('.privacy')).toContainText('never leaves')
  expect(errors).toEqual([])
})

test('the page forbids other origins and the WebAssembly is served by the app itself', async ({ page, request }) => {
  await page.goto('/')
  const csp = (await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content')) ?? ''
  for (const directive of ["default-src 'self'", "connect-src 'self' blob: data:", "worker-src 'self' blob:", "'wasm-unsafe-eval'"]) expect(csp).toContain(directive)
  // itk-wasm pipelines and tfjs WASM binaries, copied from node_modules into the build
  for (const asset of ['itk/image-io/nifti-read-image.js', 'itk/image-io/nifti-read-image.wasm.zst', 'itk/dicom/read-image-dicom-file-series.wasm.zst', 'tfjs/tfjs-backend-wasm-simd.wasm', 'tfjs/tfjs-backend-wasm.wasm']) {
    const res = await request.get(asset)
    expect(res.status(), asset).toBe(200)
    expect((await res.body()).length, asset).toBeGreaterThan(10_000)
  }
  // the app's scripts use relative URLs (deployable under any folder)
  const html = await (await request.get('/')).text()
  expect(html).toMatch(/src="\.\/assets\//)
})
