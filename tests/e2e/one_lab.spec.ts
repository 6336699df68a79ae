// One lab, not nine pages (issue 17's acceptance), on a 40-patient demo: Radiomics extracts
// the h-RF table → the Clustering page clusters that table (no CSV upload) and keeps its
// groups as the project's h-RF grouping → the Survival page groups by them, and its KM equals
// the `km` command's on the table the page downloads (the clinical table + the grouping
// columns), to 1e-12 → the Study reuses the Radiomics page's features (step log "reused"),
// its zip holds the report, analysis.json, every table and figure shown →
// after a reload the study result and the plan are still there → a run interrupted by a
// reload is offered for resumption and says which steps came from the step cache.
import { test, expect, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { parseTable } from '../../src/core/table/table.ts'

interface CliGroup { group: string; median: number | null; at: { time: number; nRisk: number; surv: number; lower: number | null; upper: number | null }[] }

async function riskTable(page: Page) {
  return page.getByTestId('km-risk-table').evaluate((el) => ({
    times: [...el.querySelectorAll('thead th[data-time]')].map((th) => Number(th.getAttribute('data-time'))),
    groups: [...el.querySelectorAll('tbody tr')].map((tr) => ({
      group: tr.getAttribute('data-group'),
      median: tr.querySelector('td[data-median]')!.getAttribute('data-median'),
      at: [...tr.querySelectorAll('td[data-time]')].map((td) => ({
        nRisk: Number(td.getAttribute('data-nrisk')),
        surv: Number(td.getAttribute('data-surv')),
        lower: td.getAttribute('data-lower'),
        upper: td.getAttribute('data-upper'),
      })),
    })),
  }))
}

test('radiomics → clustering → survival → study reuse → reload keeps the study; an interrupted run resumes', async ({ page }) => {
  test.setTimeout(600_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '40')
  await page.fill('[data-input=demo-seed]', '1')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-out=header-cohort]')).toContainText('40 patients', { timeout: 30_000 })

  // 1. Radiomics: the paper preset on the 40 patients
  await page.click('[data-nav=radiomics]')
  await page.click('[data-action=extract-features]')
  // a long job feels alive: %, the current step and the time left
  const bar = page.locator('.jobbar[data-job="radiomics extraction"]')
  await expect(bar.locator('[data-out=job-pct]')).toHaveText(/^\d+%$/)
  await expect(bar).toContainText(/\d+ (s|min|h)( \d+ (s|min))? left/, { timeout: 120_000 })
  await expect(page.locator('[data-result=radiomics]')).toBeVisible({ timeout: 300_000 })

  // 2. Clustering: the extracted table is the input offered first; no CSV is uploaded
  await page.click('[data-nav=cluster]')
  await expect(page.locator('[data-input=source-radiomics]')).toBeChecked()
  await expect(page.locator('[data-input=source-radiomics]').locator('..')).toContainText('40 patients')
  await page.fill('[data-input=reps]', '100')
  await page.fill('[data-input=max-k]', '4')
  await page.click('[data-action=run-consensus]')
  await expect(page.locator('[data-result=consensus]')).toBeVisible({ timeout: 120_000 })
  await expect(page.getByTestId('cluster-grouping')).toContainText('h-RF groups (Clustering page, k = ')
  const k = Number((await page.getByTestId('cluster-grouping').innerText()).match(/k = (\d+)/)![1])
  const sizes = (await page.locator(`[data-result=consensus] tr[data-k="${k}"] td`).nth(3).innerText()).split(' · ').map((s) => s.split(' ')) // "A 25 · B 15"

  // 3. Survival: group by the h-RF groups; the KM equals the CLI's on the downloaded table
  await page.click('[data-nav=survival]')
  await page.selectOption('[data-input=km-group]', 'hrf_group')
  await page.click('[data-action=run-km]')
  await expect(page.getByTestId('km-risk-table')).toBeVisible({ timeout: 60_000 })
  const ui = await riskTable(page)
  const logrankP = Number(await page.getByTestId('km-logrank').getAttribute('data-p'))
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=survival-download-table]')])
  const csv = test.info().outputPath('survival_table.csv')
  fs.copyFileSync(await dl.path(), csv)
  // the table's h-RF column is the Clustering page's grouping (same group sizes)
  const t = parseTable(fs.readFileSync(csv), 'survival_table.csv')
  const col = t.columns.indexOf('hrf_group')
  const counted = new Map<string, number>()
  for (const r of t.rows) counted.set(String(r[col]), (counted.get(String(r[col])) ?? 0) + 1)
  expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(sizes.map(([g, n]) => [g, Number(n)])))
  const cli = JSON.parse(execFileSync('npm', ['run', '-s', 'cli', '--', 'km', '--data', csv, '--time', 'mfs_time', '--event', 'mfs_event', '--group', 'hrf_group', '--at', ui.times.join(','), '--json'], { encoding: 'utf8' }))
  expect(ui.groups.map((g) => g.group)).toEqual(cli.groups.map((g: CliGroup) => g.group))
  let compared = 0
  cli.groups.forEach((g: CliGroup, i: number) => {
    const u = ui.groups[i]
    expect(u.median === '' ? null : Number(u.median)).toBe(g.median)
    g.at.forEach((a, j) => {
      expect(u.at[j].nRisk).toBe(a.nRisk)
      expect(Math.abs(u.at[j].surv - a.surv)).toBeLessThan(1e-12)
      if (a.lower !== null) expect(Math.abs(Number(u.at[j].lower) - a.lower)).toBeLessThan(1e-12)
      if (a.upper !== null) expect(Math.abs(Number(u.at[j].upper) - a.upper)).toBeLessThan(1e-12)
      compared++
    })
  })
  expect(compared).toBeGreaterThan(4)
  expect(Math.abs(logrankP - cli.logrank.p)).toBeLessThan(1e-12)
  // the grouping is a Cox covariate too (a factor: groups as letters)
  await page.locator('input[type=checkbox][value=hrf_group]').check()
  await page.click('[data-action=run-cox]')
  await expect(page.getByTestId('forest-plot')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 })
  expect(await page.locator('[data-testid="cox-table"] tr[data-term^="hrf_group="]').count()).toBe(k - 1)

  // 4. Study: a fast-like plan on the unprocessed images (as the Radiomics page extracted them)
  await page.click('[data-nav=study]')
  await expect(page.getByTestId('study-reuse')).toContainText('40 patients from the Radiomics page')
  await page.click('[data-action=plan-fast]')
  const set = async (path: string, value: string) => page.fill(`[data-setting="${path}"]`, value)
  await page.locator('[data-setting="preprocess.enabled"]').uncheck()
  await page.locator('[data-setting="deep.enabled"]').uncheck()
  await set('consensus.reps', '20')
  await set('survival.bootstrap', '50')
  await set('pam.folds', '3')
  await expect(page.getByTestId('plan-problems')).toHaveCount(0)
  await page.click('[data-action=study-run]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 300_000 })
  await expect(page.getByTestId('study-error')).toHaveCount(0)
  const imaging = page.locator('[data-testid=study-steps] tr[data-step=imaging]')
  await expect(imaging).toHaveAttribute('data-reused', 'true')
  await expect(imaging).toContainText('reused the features of 40 of 40 patients from the Radiomics page (paper)')
  const summary = await page.getByTestId('study-summary').innerText()
  // one zip: the report, analysis.json, every table shown (CSV) and every figure shown (SVG)
  const shown = async (prefix: string) => (await page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))).map((id) => id.slice(prefix.length))
  const tables = await shown('study-table-')
  const figures = await shown('study-figure-')
  const [zipDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-zip]')])
  const files = unzipSync(new Uint8Array(fs.readFileSync(await zipDl.path())))
  expect(Object.keys(files).sort()).toEqual(['analysis.json', 'report.html', ...tables.map((t) => `tables/${t}.csv`), ...figures.map((f) => `figures/${f}.svg`)].sort())
  expect(tables.length).toBeGreaterThan(3)
  expect(figures).toContain('km-hrf')
  expect(JSON.parse(strFromU8(files['analysis.json'])).steps.find((x: { step: string }) => x.step === 'imaging').reused).toMatch(/^reused the features of 40 of 40 patients/)

  // 5. reload: the result and the plan are still there
  await page.waitForTimeout(500) // the plan is kept 300 ms after an edit
  await page.reload()
  await page.click('[data-nav=study]')
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 30_000 })
  expect((await page.getByTestId('study-summary').innerText()).split(' in ')[0]).toBe(summary.split(' in ')[0])
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveValue('20')
  await expect(page.locator('[data-setting="preprocess.enabled"]')).not.toBeChecked()
  await expect(page.locator('[data-setting="deep.enabled"]')).not.toBeChecked()
  await expect(page.getByTestId('study-interrupted')).toHaveCount(0)

  // 6. a run interrupted by a reload is offered for resumption; the resumed run names what came from the cache
  await set('survival.bootstrap', '60') // invalidates only the survival steps downstream
  await page.click('[data-action=study-run]')
  await expect(page.locator('.jobbar[data-job=study]')).toBeVisible()
  await page.waitForTimeout(300) // the run in progress is noted in IndexedDB
  await page.reload()
  await page.click('[data-nav=study]')
  await expect(page.getByTestId('study-interrupted')).toBeVisible({ timeout: 30_000 })
  await page.click('[data-action=study-resume]')
  await expect(page.getByTestId('study-resumed')).toContainText(/steps came from the step cache \(imaging, hrf-groups/, { timeout: 300_000 })
  await expect(page.locator('[data-setting="survival.bootstrap"]')).toHaveValue('60')
  await expect(page.getByTestId('study-interrupted')).toHaveCount(0)
  expect(errors).toEqual([])
})
