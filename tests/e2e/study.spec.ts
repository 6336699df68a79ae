// Study end-to-end: a 40-patient demo cohort → the analysis plan with fast-like settings
// → ONE worker job runs the whole study → every table and figure of the paper is shown,
// with the example cases and their Grad-CAM → a re-run reuses the cached steps → the HTML report and
// analysis.json download; the report opens offline with zero requests, and its numbers are
// the engines' (a sample recomputed from analysis.json) → no cross-origin request at all.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import { cell } from '../../src/core/study/report/html.ts'
import { watch } from './watch.ts'


const TABLES = ['table1', 'table2', 'table3', 'table4', 'table4b']
const FIGURES = ['km-hrf', 'km-cae', 'km-hscae', 'km-rna', 'km-rna_x_hscae', 'forest', 'cindex', 'volcano', 'enrichment-bars', 'pam-heatmap']

test('study: demo cohort → fast plan → tables, figures, example cases → offline report', async ({ page, context, baseURL, browser }, testInfo) => {
  test.setTimeout(300_000)
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await page.fill('[data-input=demo-patients]', '40')
  await page.fill('[data-input=demo-seed]', '1')
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-out=header-cohort]')).toContainText('40 patients', { timeout: 30_000 })

  await page.click('[data-nav=study]')
  await expect(page.getByTestId('study-cohort')).toContainText(/RNA-seq for (1[89]|2[0-2])\b/)
  // the paper's settings are the defaults
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveValue('10000')
  await expect(page.locator('[data-setting="survival.bootstrap"]')).toHaveValue('1000')
  await page.click('[data-action=plan-fast]')
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveValue('200')
  // fast-like settings, lighter still for this shared 2-core machine
  const set = async (path: string, value: string) => page.fill(`[data-setting="${path}"]`, value)
  await set('consensus.reps', '20')
  await set('deep.size', '32')
  await set('deep.epochs', '1')
  await set('deep.repeats', '1')
  await set('survival.bootstrap', '50')
  await set('preprocess.n4Levels', '1')
  await set('preprocess.n4Iterations', '5')
  await set('preprocess.spacing.0', '2')
  await set('preprocess.spacing.1', '2')
  await set('preprocess.spacing.2', '6')
  await set('pam.folds', '3')
  await expect(page.locator('[data-setting="preprocess.enabled"]')).toBeChecked()
  await expect(page.getByTestId('plan-problems')).toHaveCount(0)
  // the form's bounds are the plan schema's (the ones `study --config` enforces): past one, the
  // setting is listed by name and the run is disabled
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveAttribute('max', '100000')
  await set('consensus.reps', '0')
  await page.locator('[data-setting="consensus.reps"]').blur()
  await expect(page.locator('[data-problem="consensus.reps"]')).toHaveText('resamplings: must be a whole number from 1 to 100000, got 0')
  await expect(page.locator('[data-action=study-run]')).toBeDisabled()
  await set('consensus.reps', '20')
  await page.locator('[data-setting="consensus.reps"]').blur()
  await expect(page.getByTestId('plan-problems')).toHaveCount(0)
  // the plan exports as JSON with the edited values
  const [planDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=plan-export]')])
  const plan = JSON.parse(fs.readFileSync(await planDl.path(), 'utf8'))
  expect(plan.consensus.reps).toBe(20)
  expect(plan.preprocess.spacing).toEqual([2, 2, 6])

  // a plan file with an unknown setting is refused with a message naming it; the exported plan re-imports
  await page.setInputFiles('[data-input=plan-import]', { name: 'bad-plan.json', mimeType: 'application/json', buffer: Buffer.from('{"consensus":{"repz":5}}') })
  await expect(page.getByTestId('plan-import-error')).toContainText('unknown setting "consensus.repz"')
  await page.click('[data-action=plan-paper]')
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveValue('10000')
  await page.setInputFiles('[data-input=plan-import]', { name: 'study-plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) })
  await expect(page.getByTestId('plan-import-error')).toHaveCount(0)
  await expect(page.locator('[data-setting="consensus.reps"]')).toHaveValue('20')
  await expect(page.locator('[data-setting="preprocess.spacing.2"]')).toHaveValue('6')

  // Cancel stops the job at once (its worker is terminated) without an error
  await page.click('[data-action=study-run]')
  const bar = page.locator('.jobbar[data-job=study]')
  await expect(bar).toBeVisible()
  await bar.locator('[data-action=cancel]').click()
  await expect(bar).toHaveCount(0)
  await expect(page.getByTestId('study-error')).toHaveCount(0)

  const t0 = Date.now()
  await page.click('[data-action=study-run]')
  await expect(page.locator('.jobbar[data-job=study]')).toBeVisible()
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 240_000 })
  const firstRun = (Date.now() - t0) / 1000
  await expect(page.getByTestId('study-error')).toHaveCount(0)
  await expect(page.getByTestId('study-summary')).toHaveAttribute('data-patients', '40')
  await expect(page.getByTestId('study-backend')).toHaveText(/^(webgpu|webgl|cpu)$/)
  const backend = await page.getByTestId('study-summary').innerText()
  const firstSteps = await page.getByTestId('study-steps').innerText()

  for (const t of TABLES) {
    const el = page.getByTestId(`study-table-${t}`)
    await expect(el).toBeVisible()
    expect(Number(await el.getAttribute('data-rows')), t).toBeGreaterThan(0)
  }
  for (const t of ['dge', 'enrichment', 'pam']) await expect(page.getByTestId(`study-table-${t}`)).toBeVisible()
  for (const f of FIGURES) {
    const fig = page.getByTestId(`study-figure-${f}`)
    await expect(fig).toBeVisible()
    // plotly loads on first use: under load that takes longer than the default 5 s (study_figures.spec.ts waits the same way)
    await expect(fig.getByTestId(`plot-${f}`)).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
    await expect(fig.locator('svg').first()).toBeVisible()
  }
  // KM figures carry their numbers-at-risk table
  await expect(page.getByTestId('study-figure-km-hrf')).toContainText('Number at risk')
  // example cases: two patients in opposite groups, their slices painted by the worker
  const worse = page.getByTestId('example-worse'), better = page.getByTestId('example-better')
  await expect(worse.locator('canvas[data-rendered=true]')).toHaveCount(2)
  await expect(better.locator('canvas[data-rendered=true]')).toHaveCount(2)
  expect(await worse.getAttribute('data-patient')).not.toBe(await better.getAttribute('data-patient'))
  // …with the HSCAE's Grad-CAM (risk head) over the model input: coloured where the map is
  // positive, varied pixels, exportable as PNG
  for (const ex of [worse, better]) {
    const cam = ex.getByTestId('example-cam')
    await expect(cam).toHaveAttribute('data-model', 'hscae')
    await expect(cam).toHaveAttribute('data-target', 'risk')
    await expect(cam).toContainText('Grad-CAM of the HSCAE risk head')
    await expect(cam).toContainText('encoder block 3')
    const stats = () => cam.locator('canvas[data-canvas=deep-cam]').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      const colours = new Set<number>()
      let tinted = 0
      for (let i = 0; i < d.length; i += 4) {
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2])
        if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) tinted++
      }
      return { colours: colours.size, tinted: tinted / (d.length / 4) }
    })
    await expect.poll(async () => (await stats()).colours).toBeGreaterThan(20)
    expect((await stats()).tinted).toBeGreaterThan(0)
  }
  const [camPng] = await Promise.all([page.waitForEvent('download'), worse.locator('[data-action=export-cam-png]').click()])
  expect(camPng.suggestedFilename()).toBe(`study-gradcam-hscae-${await worse.getAttribute('data-patient')}.png`)
  expect(fs.readFileSync(await camPng.path()).subarray(1, 4).toString()).toBe('PNG')
  await expect(page.getByTestId('study-methods')).toContainText('20 resamplings')
  await expect(page.locator('[data-testid=study-steps] tr[data-step=imaging][data-cached=false]')).toHaveCount(1)
  // interactive KM (plotly) of a chosen grouping
  await page.getByTestId('study-km-interactive').locator('summary').click()
  await page.selectOption('[data-input=study-km-grouping]', 'hscae')
  await expect(page.getByTestId('study-km-interactive').getByTestId('km-plot')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 })
  await page.screenshot({ path: 'test-results/study-page.png', fullPage: true })

  // a re-run with one survival setting changed reuses every cached step
  await set('survival.bootstrap', '40')
  await page.click('[data-action=study-run]')
  await expect(page.locator('[data-testid=study-steps] tr[data-step=imaging][data-cached=true]')).toHaveCount(1, { timeout: 120_000 })
  for (const s of ['hrf-groups', 'deep-cae', 'deep-hscae', 'rna-expression', 'rna-groups']) await expect(page.locator(`[data-testid=study-steps] tr[data-step="${s}"]`)).toHaveAttribute('data-cached', 'true')

  // downloads: the report and analysis.json
  const [reportDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-report]')])
  const reportPath = testInfo.outputPath('report.html')
  await reportDl.saveAs(reportPath)
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=study-download-json]')])
  const analysis = JSON.parse(fs.readFileSync(await jsonDl.path(), 'utf8'))
  for (const g of ['hrf', 'cae', 'hscae', 'rna']) expect(Object.keys(analysis.groups[g]).length, g).toBeGreaterThan(0)
  expect(analysis.plan.survival.bootstrap).toBe(40)
  const html = fs.readFileSync(reportPath, 'utf8')
  // a sample of the report's numbers recomputed from the engines' output (analysis.json)
  for (const g of ['hrf', 'hscae']) {
    const p = analysis.survival[g].logrankP
    if (p !== null) expect(html).toContain(`<td>${cell(p, 'log-rank p')}</td>`)
    const hr = analysis.survival[g].univariable[0]
    expect(html).toContain(`<td>${cell(hr.hr, 'HR')}</td>`)
  }
  for (const [model, c] of Object.entries(analysis.cindex as Record<string, { mean: number }>)) expect(html, model).toContain(`<td>${cell(c.mean, 'C (mean)')}</td>`)

  // the report opens offline: every table and figure renders, and it makes no request
  const offline = await browser.newContext({ offline: true })
  const requests: string[] = []
  await offline.route('**', (r) => {
    if (r.request().url().startsWith('file:')) return r.continue()
    requests.push(r.request().url())
    return r.abort()
  })
  offline.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url())
  })
  const rp = await offline.newPage()
  await rp.goto('file://' + reportPath)
  for (const t of TABLES) await expect(rp.locator(`section#${t} table tbody tr`).first()).toBeVisible()
  for (const f of FIGURES) await expect(rp.locator(`figure#${f} svg`)).toBeVisible()
  await expect(rp.locator('#methods')).toContainText('Seed 1')
  await rp.waitForTimeout(500)
  expect(requests).toEqual([])
  await offline.close()

  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
  console.log(`study e2e: first run ${firstRun.toFixed(0)} s; backend ${backend}\n${firstSteps}`)
})
