// First session on a fresh clone, against the dev server (`npm start`): the demo is loaded
// at once, then jobs that pull every heavy dependency (worker pool, niivue, plotly, the
// radiomics engine) run to completion. Vite must have pre-bundled all of them at start-up
// (vite.config.ts optimizeDeps): a dependency discovered later makes Vite re-optimise and
// reload the page, which would wipe the running job. The page must load exactly once.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'

test('fresh dev server: demo and first jobs complete without a page reload', async ({ page }) => {
  test.setTimeout(240_000)
  const t0 = Date.now()
  let loads = 0
  const reoptimised: string[] = []
  page.on('load', () => loads++)
  page.on('console', (m) => {
    if (/optimized dependencies changed|new dependencies optimized|reloading/i.test(m.text())) reoptimised.push(m.text())
  })
  await page.goto('/')
  await expect(page.locator('h1')).toHaveText('Sarcoma Omics Lab', { timeout: 60_000 })
  await page.evaluate(() => ((window as unknown as { firstLoad: number }).firstLoad = 1))

  await page.fill('[data-input=demo-patients]', '6')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-table=patients] tbody tr')).toHaveCount(6, { timeout: 60_000 })
  const demoSeconds = (Date.now() - t0) / 1000
  expect(demoSeconds).toBeLessThan(60) // the demo is loaded within the first minute

  // a pooled job (all images checked in workers)
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('Checked 6 patients', { timeout: 90_000 })
  // niivue
  await page.locator('[data-action=view]').first().click()
  await expect(page.locator('[data-viewer]')).toHaveAttribute('data-ready', 'true', { timeout: 90_000 })
  // radiomics extraction (worker pool) and its plotly distribution plot
  await page.click('[data-nav=radiomics]')
  await page.click('[data-action=extract-features]')
  await expect(page.locator('[data-result="radiomics"] .summary')).toContainText(/6 patients × \d+ features/, { timeout: 150_000 })

  // every page mounted once (lazily loaded parts pull their dependencies now)
  for (const nav of await page.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')!))) {
    await page.click(`[data-nav="${nav}"]`)
    await expect(page.locator('[data-nav="' + nav + '"]')).toHaveAttribute('aria-current', 'page')
    await page.waitForTimeout(1500)
  }

  // still the first page load: nothing reloaded it under the running jobs
  expect(await page.evaluate(() => (window as unknown as { firstLoad?: number }).firstLoad)).toBe(1)
  expect(loads).toBe(1)
  expect(reoptimised).toEqual([])
  // the dependency cache this server started from was empty (playwright.dev.config.ts made a new
  // folder); it now holds the heavy dependencies, pre-bundled at start-up, not discovered later
  const cacheDir = process.env.VITE_CACHE_DIR!
  const meta = JSON.parse(fs.readFileSync(path.join(cacheDir, 'deps', '_metadata.json'), 'utf8')) as { optimized: Record<string, unknown>; discovered?: Record<string, unknown> }
  expect(Object.keys(meta.optimized)).toEqual(expect.arrayContaining(['@tensorflow/tfjs', 'plotly.js-dist-min', '@niivue/niivue', 'comlink']))
  console.log(`dependency cache ${cacheDir} (${process.env.PW_VITE_CACHE_FRESH ? 'new, empty at start' : 'given by VITE_CACHE_DIR'}): ${Object.keys(meta.optimized).length} dependencies pre-bundled at start-up`)
  console.log(`fresh dev server: demo loaded after ${demoSeconds.toFixed(1)} s, all jobs done after ${((Date.now() - t0) / 1000).toFixed(1)} s, page loads: ${loads}`)
})
