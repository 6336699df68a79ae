// Consensus clustering from the UI on the demo cohort's h-RF-like features: the job runs
// in the worker pool with progress and can be cancelled; a full run renders the ordered
// consensus heatmap, the CDF curves and the other plots, and names the groups A, B…
import { test, expect } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { demoRadiomicFeatures } from '../../src/core/demo/radiomic_features.ts'

test('consensus clustering on the demo cohort: progress, cancel, heatmap and CDF', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  // load the demo cohort (Cohort page), then go to the clustering page
  await page.locator('[data-action="load-demo"]').click()
  await expect(page.locator('[data-job="demo cohort"]')).toHaveCount(0, { timeout: 90_000 })
  await page.locator('[data-nav="cluster"]').click()
  await expect(page.locator('[data-page="cluster"]')).toBeVisible()
  await expect(page.locator('[data-input="source-demo"]')).toBeChecked()

  // more resamplings than the engine's bound are refused before any work
  await page.locator('[data-input="reps"]').fill('200000')
  await page.locator('[data-action="run-consensus"]').click()
  await expect(page.getByText('resamplings must be an integer from 1 to 100,000')).toBeVisible()
  // a long run shows progress, and Cancel stops it
  await page.locator('[data-input="reps"]').fill('100000')
  await page.locator('[data-action="run-consensus"]').click()
  const bar = page.locator('[data-job="consensus clustering"]')
  await expect(bar).toBeVisible()
  await expect(bar.locator('.msg')).toContainText('resampling', { timeout: 60_000 })
  await expect.poll(async () => Number(await bar.locator('progress').getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0)
  await bar.locator('[data-action="cancel"]').click()
  await expect(bar).toHaveCount(0)
  await expect(page.locator('[data-status="cancelled"]')).toBeVisible()
  await expect(page.locator('[data-result="consensus"]')).toHaveCount(0)

  // a complete run renders the results
  await page.locator('[data-input="reps"]').fill('300')
  await page.locator('[data-input="max-k"]').fill('5')
  await page.locator('[data-action="run-consensus"]').click()
  await expect(page.locator('[data-result="consensus"]')).toBeVisible({ timeout: 90_000 })
  await expect(page.locator('[data-result="consensus"]')).toContainText('Suggested k =')
  await expect(page.locator('[data-field="reason"]')).toContainText('PAC')
  await expect(page.locator('tr[data-k]')).toHaveCount(4)
  await expect(page.locator('tr[data-k="2"]')).toContainText('A ')
  for (const name of ['consensus-heatmap', 'consensus-cdf', 'delta-area', 'item-consensus', 'dendrogram'])
    await expect(page.locator(`[data-plot="${name}"]`)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  await expect(page.locator('[data-plot="consensus-heatmap"] .heatmaplayer, [data-plot="consensus-heatmap"] .hm')).not.toHaveCount(0)
  await expect(page.locator('[data-plot="consensus-cdf"] .scatterlayer .trace')).toHaveCount(4)

  // plain hierarchical clustering of the same features: dendrogram with the cut
  await page.locator('[data-input="hclust-k"]').fill('3')
  await page.locator('[data-action="run-hclust"]').click()
  await expect(page.locator('[data-result="hclust"]')).toContainText('cut at k = 3')
  await expect(page.locator('[data-plot="hclust-dendrogram"]')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  expect(errors).toEqual([])
})

test('reps = 10,000 over the browser worker pool equals the CLI single-thread consensus (timing reported)', async ({ page }) => {
  await page.goto('/')
  await page.locator('[data-nav="cluster"]').click()
  await page.locator('[data-input="reps"]').fill('10000')
  await page.locator('[data-action="run-consensus"]').click()
  await expect(page.locator('[data-result="consensus"]')).toBeVisible({ timeout: 120_000 })
  const text = await page.locator('[data-result="consensus"] .hint').first().innerText()
  const seconds = Number(/in ([\d.]+) s/.exec(text)?.[1])
  const workers = await page.evaluate(() => navigator.hardwareConcurrency)
  console.log(`consensus reps=10000, 225 items x 152 features, k=2..6 in the browser pool (${workers} cores): ${seconds} s`)
  test.info().annotations.push({ type: 'timing', description: `${seconds} s on ${workers} cores (goal < 10 s)` })
  expect(text).toContain('10000 resamplings')
  const rows = await page.locator('tr[data-k]').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())))

  // the same features (demo seed 1, 225 patients) and the page's defaults through the CLI in one thread
  const demo = demoRadiomicFeatures(1, 225, 152)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consensus-e2e-'))
  const csv = path.join(dir, 'features.csv')
  const lines = [['id', ...demo.features].join(',')]
  for (let i = 0; i < demo.ids.length; i++) lines.push([demo.ids[i], ...demo.matrix.data.subarray(i * 152, (i + 1) * 152)].join(','))
  fs.writeFileSync(csv, lines.join('\n') + '\n')
  const cli = JSON.parse(execFileSync('npm', ['run', '-s', 'cli', '--', 'consensus', '--data', csv, '--scale', '--reps', '10000', '--max-k', '6', '--seed', '1', '--quiet', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 }))
  const want = Object.entries(cli.k as Record<string, { pac: number; groups: Record<string, string> }>).map(([k, r]) => {
    const sizes = new Map<string, number>()
    for (const g of Object.values(r.groups)) sizes.set(g, (sizes.get(g) ?? 0) + 1)
    return [k, r.pac.toFixed(3), [...sizes].sort(([a], [b]) => a.localeCompare(b)).map(([g, n]) => `${g} ${n}`).join(' · ')]
  })
  // k, PAC (3 decimals, as shown) and every group's size are the single-thread result's
  expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual(want)
  await expect(page.locator('[data-result="consensus"]')).toContainText(`Suggested k = ${cli.suggestedK}`)
})
