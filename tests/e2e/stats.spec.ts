// Survival page on the demo cohort: the KM plot with its risk table renders, and its
// numbers (number at risk, survival with CI, median, log-rank) equal the `km` CLI's for
// the same data (the demo clinical table written to CSV and run through the command line).
import { test, expect } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateDemoCohort, demoClinicalTable } from '../../src/core/demo/index.ts'
import { toCsv } from '../../src/core/table/table.ts'

test('KM plot with risk table matches the CLI on the demo cohort', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.locator('[data-action="load-demo"]').click()
  await page.locator('[data-nav="survival"]').click()
  await expect(page.locator('[data-action="run-km"]')).toBeVisible({ timeout: 60_000 })
  await expect(page.locator('[data-input="km-group"]')).toHaveValue('grade')
  await expect(page.locator('[data-input="km-time"]')).toHaveValue('mfs_time')
  await page.locator('[data-action="run-km"]').click()

  const table = page.locator('[data-testid="km-risk-table"]')
  await expect(table).toBeVisible({ timeout: 60_000 })
  await expect(page.locator('[data-testid="km-plot"]')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 })
  // the risk table is drawn in the figure too (annotations under the axis)
  await expect(page.locator('[data-testid="km-plot"] .annotation-text', { hasText: 'Number at risk' })).toHaveCount(1)
  // per group: CI band (2 traces), the curve and the censor ticks
  const nGroups = await table.locator('tbody tr').count()
  expect(nGroups).toBe(3)
  await expect(page.locator('[data-testid="km-plot"] .scatterlayer .trace')).toHaveCount(4 * nGroups)

  const ui = await table.evaluate((el) => {
    const times = [...el.querySelectorAll('thead th[data-time]')].map((th) => Number(th.getAttribute('data-time')))
    const groups = [...el.querySelectorAll('tbody tr')].map((tr) => ({
      group: tr.getAttribute('data-group'),
      median: tr.querySelector('td[data-median]')!.getAttribute('data-median'),
      at: [...tr.querySelectorAll('td[data-time]')].map((td) => ({
        time: Number(td.getAttribute('data-time')),
        nRisk: Number(td.getAttribute('data-nrisk')),
        surv: Number(td.getAttribute('data-surv')),
        lower: td.getAttribute('data-lower'),
        upper: td.getAttribute('data-upper'),
      })),
    }))
    return { times, groups }
  })
  const logrankP = Number(await page.locator('[data-testid="km-logrank"]').getAttribute('data-p'))

  // the same data through the CLI
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-e2e-'))
  const t = demoClinicalTable(generateDemoCohort({ seed: 1, patients: 225 }))
  const csv = path.join(dir, 'clinical.csv')
  fs.writeFileSync(csv, toCsv(t.columns, t.rows))
  const cli = JSON.parse(
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'km', '--data', csv, '--time', 'mfs_time', '--event', 'mfs_event', '--group', 'grade', '--at', ui.times.join(','), '--json'], { encoding: 'utf8' }),
  )
  expect(ui.groups.map((g) => g.group)).toEqual(cli.groups.map((g: { group: string }) => g.group))
  expect(ui.times.length).toBeGreaterThan(2)
  cli.groups.forEach((g: { median: number | null; at: { time: number; nRisk: number; surv: number; lower: number | null; upper: number | null }[] }, i: number) => {
    const u = ui.groups[i]
    expect(u.median === '' ? null : Number(u.median)).toBe(g.median)
    g.at.forEach((a, j) => {
      expect(u.at[j].time).toBe(a.time)
      expect(u.at[j].nRisk).toBe(a.nRisk)
      expect(Math.abs(u.at[j].surv - a.surv)).toBeLessThan(1e-12)
      if (a.lower !== null) expect(Math.abs(Number(u.at[j].lower) - a.lower)).toBeLessThan(1e-12)
      if (a.upper !== null) expect(Math.abs(Number(u.at[j].upper) - a.upper)).toBeLessThan(1e-12)
    })
  })
  expect(Math.abs(logrankP - cli.logrank.p)).toBeLessThan(1e-12)

  // the figure exports as SVG (risk table included: it is part of the figure)
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="km-plot"] ~ .export [data-action="export-svg"]').click()])
  const svg = fs.readFileSync(await download.path(), 'utf8')
  expect(svg).toContain('<svg')
  expect(svg).toContain('Number at risk')

  // Cox model with grade as a factor: forest plot and table render
  await page.locator('[data-input="cox-factors"]').fill('grade')
  await page.locator('[data-action="run-cox"]').click()
  await expect(page.locator('[data-testid="forest-plot"]')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 })
  await expect(page.locator('[data-testid="cox-table"] tr[data-term="grade=3"]')).toHaveCount(1)
  expect(errors).toEqual([])
})
