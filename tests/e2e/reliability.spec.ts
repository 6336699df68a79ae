// Reliability end-to-end (production build): a long cohort job ("Check all images") that is
// interrupted by a reload resumes from its checkpoint and ends with the same result as an
// uninterrupted run; the project survives a reload and travels as one exported file; "wipe
// local data" empties the browser's storage; the app runs the demo with the network off
// after its first visit (service worker); no request ever leaves the origin; and bad files
// picked on the Cohort page give messages naming the file and the row / column / field, a
// failing patient being reported and skipped while the rest of the cohort is checked.
import { test, expect, type Page } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { watch } from './watch.ts'

const BAD = 'tests/fixtures/bad'


async function loadDemo(page: Page, patients: number, seed = 1): Promise<void> {
  await page.fill('[data-input=demo-patients]', String(patients))
  await page.fill('[data-input=demo-seed]', String(seed))
  await page.click('[data-action=load-demo]')
  await expect(page.locator('[data-out=cohort-summary]')).toContainText(`${patients} patients`, { timeout: 60_000 })
}

/** The tumour-volume column of the patient table, in patient order. */
async function tumourColumn(page: Page): Promise<string[]> {
  return page.$$eval('tr[data-patient]', (rows) => rows.map((r) => `${r.getAttribute('data-patient')}:${r.children[r.children.length - 2].textContent}`))
}

const doneCount = async (page: Page): Promise<number> => {
  const msg = (await page.locator('[data-job="image check"] .msg').textContent({ timeout: 1000 }).catch(() => '')) ?? ''
  const m = /(\d+) \/ \d+ patients/.exec(msg)
  return m ? Number(m[1]) : 0
}

const N = 60

test('reload mid-job: the image check resumes from its checkpoint and ends as an uninterrupted run', async ({ page, context, baseURL, browser }) => {
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await loadDemo(page, N)
  await page.click('[data-action=scan-images]')
  // wait for some patients to be checkpointed, then reload while the job is running
  await expect.poll(() => doneCount(page), { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(10)
  const before = await doneCount(page)
  expect(before).toBeLessThan(N)
  await page.reload()
  // the project is restored and the job resumes by itself
  await expect(page.locator('[data-out=header-cohort]')).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('[data-out=scan-status]')).toContainText(new RegExp(`Checked ${N} patients .*\\((\\d+) restored from the checkpoint\\)`), { timeout: 120_000 })
  const restored = Number(/\((\d+) restored/.exec((await page.locator('[data-out=scan-status]').textContent())!)![1])
  expect(restored).toBeGreaterThanOrEqual(before)
  expect(restored).toBeLessThan(N)
  const resumed = await tumourColumn(page)
  const resumedStatus = (await page.locator('[data-out=scan-status]').textContent())!.replace(/ in [\d.]+ s \(\d+ restored from the checkpoint\)/, '')

  // the same check, uninterrupted, in a fresh profile
  const ctx2 = await browser.newContext({ baseURL })
  const p2 = await ctx2.newPage()
  await p2.goto('/')
  await loadDemo(p2, N)
  await p2.click('[data-action=scan-images]')
  await expect(p2.locator('[data-out=scan-status]')).toContainText(`Checked ${N} patients`, { timeout: 120_000 })
  const straight = await tumourColumn(p2)
  const straightStatus = (await p2.locator('[data-out=scan-status]').textContent())!.replace(/ in [\d.]+ s/, '')
  await ctx2.close()

  expect(resumed).toHaveLength(N)
  expect(resumed.filter((r) => /:\d+\.\d$/.test(r)).length).toBe(N)
  expect(resumed).toEqual(straight)
  expect(resumedStatus).toBe(straightStatus)

  // and the results persist: another reload shows them without recomputing
  await page.reload()
  await expect(page.locator('tr[data-patient]')).toHaveCount(N, { timeout: 30_000 })
  await expect.poll(() => tumourColumn(page)).toEqual(straight)
  await expect(page.locator('[data-error=project]')).toHaveCount(0) // every save succeeded
  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
})

test('export the project as one file, import it in a fresh profile; wipe local data', async ({ page, context, baseURL, browser }) => {
  await page.goto('/')
  await loadDemo(page, 8, 3)
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('Checked 8 patients', { timeout: 60_000 })
  const table = await tumourColumn(page)
  const download = page.waitForEvent('download')
  await page.click('[data-action=export-project]')
  const file = path.join(os.tmpdir(), `reliability-${Date.now()}.solab.gz`)
  await (await download).saveAs(file)
  expect(fs.statSync(file).size).toBeGreaterThan(1000)

  const ctx2 = await browser.newContext({ baseURL })
  const p2 = await ctx2.newPage()
  await p2.goto('/')
  await expect(p2.locator('[data-out=cohort-summary]')).toHaveCount(0)
  await p2.setInputFiles('[data-input=import-project]', file)
  await expect(p2.locator('[data-out=project-message]')).toContainText('Imported')
  await expect.poll(() => tumourColumn(p2)).toEqual(table)
  // a file that is not a project: a message naming it
  await p2.setInputFiles('[data-input=import-project]', `${BAD}/clinical_good.csv`)
  await expect(p2.locator('[data-error=project]')).toContainText('clinical_good.csv: not a project file')
  await ctx2.close()
  fs.rmSync(file, { force: true })

  // wipe: the privacy statement is visible, the data goes, a reload starts empty
  await page.click('[data-action=privacy]')
  await expect(page.locator('[data-out=privacy]')).toContainText('Everything stays on this computer')
  page.once('dialog', (d) => d.accept())
  await page.click('[data-action=wipe]')
  await expect(page.locator('[data-out=project-message]')).toContainText('Local data wiped')
  await page.reload()
  await page.waitForTimeout(1000)
  await expect(page.locator('[data-out=cohort-summary]')).toHaveCount(0)
  const stores = await page.evaluate(async () => {
    const dbs = await indexedDB.databases()
    const keys: string[] = []
    for (const d of dbs) {
      const db = await new Promise<IDBDatabase>((ok, err) => {
        const r = indexedDB.open(d.name!)
        r.onsuccess = () => ok(r.result)
        r.onerror = () => err(r.error)
      })
      for (const s of Array.from(db.objectStoreNames))
        keys.push(...(await new Promise<string[]>((ok) => {
          const q = db.transaction(s).objectStore(s).getAllKeys()
          q.onsuccess = () => ok(q.result.map(String))
        })))
      db.close()
    }
    return keys
  })
  expect(stores.filter((k) => k.startsWith('checkpoint:'))).toEqual([])
  void context
})

test('offline after the first visit: the demo runs with the network off; no request leaves the origin', async ({ page, context, baseURL }) => {
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  await expect(page.locator('[data-out=offline-status]')).toContainText('offline ready', { timeout: 60_000 })
  await context.setOffline(true)
  await page.reload()
  await expect(page.locator('h1')).toHaveText('Sarcoma Omics Lab')
  // Debian's Chromium 150 with Playwright 1.65: after a reload under context.setOffline(true)
  // every request still fails, but navigator.onLine reads true until the emulation is sent
  // to the new document again (checked by hand: a fetch fails, onLine stays true); sending it
  // again fires the page's 'offline' event, which is what the status line listens to
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  expect(await page.evaluate(() => fetch(`/not-cached-${Date.now()}`).then(() => 'reached', () => 'failed'))).toBe('failed')
  await expect(page.locator('[data-out=offline-status]')).toContainText('network off')
  await loadDemo(page, 6, 2)
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('Checked 6 patients', { timeout: 60_000 })
  await expect(page.locator('[data-out=scan-status]')).toContainText('all images readable')
  // a viewer of one patient (itk-wasm is not needed for demo volumes; niivue and the worker are)
  await page.locator('[data-action=view]').first().click()
  await expect(page.locator('[data-viewer]')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 })
  // every page opens offline (their code is in the cache) and none reaches out
  const navs = await page.$$eval('nav [data-nav]', (bs) => bs.map((b) => b.getAttribute('data-nav')!))
  expect(navs.length).toBeGreaterThan(5)
  for (const id of navs) {
    await page.click(`[data-nav="${id}"]`)
    await expect(page.locator(`nav [data-nav="${id}"]`)).toHaveClass(/active/)
    await expect(page.locator('main section, main > *').first()).toBeVisible()
  }
  await page.waitForTimeout(500)
  await context.setOffline(false)
  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
})

test('bad files on the Cohort page: messages name file and row/column; a failing patient is skipped', async ({ page, context, baseURL }) => {
  const w = watch(page, context, baseURL!)
  await page.goto('/')
  // a local study of three patients whose second has a truncated image
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-study-'))
  const study = path.join(dir, 'study')
  fs.mkdirSync(study)
  for (const f of ['good_image.nii.gz', 'good_mask.nii.gz', 'truncated.nii.gz', 'wrong_magic.nii']) fs.copyFileSync(path.join(BAD, f), path.join(study, f))
  fs.writeFileSync(
    path.join(study, 'manifest.csv'),
    'patient_id,t1,t2,ce_t1,mask\nP1,good_image.nii.gz,good_image.nii.gz,good_image.nii.gz,good_mask.nii.gz\nP2,good_image.nii.gz,truncated.nii.gz,good_image.nii.gz,good_mask.nii.gz\nP3,good_image.nii.gz,good_image.nii.gz,good_image.nii.gz,good_mask.nii.gz\n',
  )
  await page.setInputFiles('[data-input=import-folder]', study)
  await expect(page.locator('[data-out=import-summary]')).toContainText('3 patients')
  await page.click('[data-action=scan-images]')
  const status = page.locator('[data-out=scan-status]')
  await expect(status).toContainText('Checked 3 patients', { timeout: 60_000 })
  await expect(status).toContainText('1 patient(s) skipped')
  await expect(status).toContainText('truncated.nii.gz: the gzip stream is truncated or corrupt')
  const col = await tumourColumn(page)
  expect(col[1]).toBe('P2:error')
  expect(col[0]).toMatch(/^P1:\d+\.\d$/)
  expect(col[2]).toMatch(/^P3:\d+\.\d$/)

  // tables picked on their own
  const cases: [string, string, string, string][] = [
    ['clinical', 'clinical_duplicate_ids.csv', 'mapping', 'clinical_duplicate_ids.csv, row 4, column patient_id: patient id "P1" also appears in row 2'],
    ['clinical', 'clinical_zero_time.csv', 'mapping', 'clinical_zero_time.csv, row 3, column mfs_time: survival time must be > 0'],
    ['clinical', 'clinical_bad_event.csv', 'mapping', 'clinical_bad_event.csv, row 3, column mfs_event: event must be 0 (censored) or 1 (event), got "2"'],
    ['clinical', 'clinical_non_numeric.csv', 'mapping', 'clinical_non_numeric.csv, row 3, column mfs_time'],
    ['clinical', 'clinical_ragged.csv', 'import', 'clinical_ragged.csv, row 3: has 3 cells but the header has 5'],
    ['counts', 'counts_negative.csv', 'import', 'counts_negative.csv, row 3, column S2'],
    ['counts', 'counts_fractional.csv', 'import', 'counts_fractional.csv, row 2, column S2'],
    ['counts', 'counts_non_numeric.csv', 'import', 'counts_non_numeric.csv, row 2, column S2'],
  ]
  for (const [input, file, where, text] of cases) {
    await page.setInputFiles(`[data-input=${input}]`, path.join(BAD, file))
    await expect(page.locator(`[data-error=${where}]`), file).toContainText(text)
  }
  // a valid but messy table is read
  await page.setInputFiles('[data-input=clinical]', path.join(BAD, 'clinical_semicolon_decimal_comma.csv'))
  await expect(page.locator('[data-out=mapping]')).toContainText('3 clinical rows, 2 events')

  expect(w.foreign).toEqual([])
  expect(w.problems).toEqual([])
  fs.rmSync(dir, { recursive: true, force: true })
})

test('a project whose images were not kept asks for a re-link; choosing the folder again restores them and keeps the results', async ({ page, baseURL, browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-relink-'))
  const study = path.join(dir, 'study')
  fs.mkdirSync(study)
  for (const f of ['good_image.nii.gz', 'good_mask.nii.gz']) fs.copyFileSync(path.join(BAD, f), path.join(study, f))
  fs.writeFileSync(path.join(study, 'manifest.csv'), 'patient_id,t1,t2,ce_t1,mask\nA1,good_image.nii.gz,good_image.nii.gz,good_image.nii.gz,good_mask.nii.gz\nA2,good_image.nii.gz,good_image.nii.gz,good_image.nii.gz,good_mask.nii.gz\n')
  await page.goto('/')
  await page.setInputFiles('[data-input=import-folder]', study)
  await expect(page.locator('[data-out=import-summary]')).toContainText('2 patients')
  await page.click('[data-action=scan-images]')
  await expect(page.locator('[data-out=scan-status]')).toContainText('Checked 2 patients')
  const table = await tumourColumn(page)
  const download = page.waitForEvent('download')
  await page.click('[data-action=export-project]')
  const file = path.join(dir, 'p.solab.gz')
  await (await download).saveAs(file)
  // the same project as it is kept when its images exceed the size limit: bytes left out, re-link listed
  const obj = JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8'))
  for (const p of obj.cohort.patients) for (const src of Object.values(p.images) as { file?: unknown }[]) if (src.file) src.file = null
  obj.relink = ['good_image.nii.gz', 'good_mask.nii.gz']
  const stripped = path.join(dir, 'stripped.solab.gz')
  fs.writeFileSync(stripped, gzipSync(JSON.stringify(obj)))

  const ctx2 = await browser.newContext({ baseURL })
  const p2 = await ctx2.newPage()
  await p2.goto('/')
  await p2.setInputFiles('[data-input=import-project]', stripped)
  await expect(p2.locator('[data-out=relink]')).toContainText('choose the study folder again')
  expect(await tumourColumn(p2)).toEqual(table)
  // the re-link survives a reload
  await p2.waitForTimeout(1000)
  await expect(p2.locator('[data-error=project]')).toHaveCount(0)
  await p2.reload()
  await expect(p2.locator('[data-out=relink]')).toBeVisible({ timeout: 30_000 })
  await p2.setInputFiles('[data-input=import-folder]', study)
  await expect(p2.locator('[data-out=import-summary]')).toContainText('Re-linked the images of 2 patients')
  await expect(p2.locator('[data-out=relink]')).toHaveCount(0)
  expect(await tumourColumn(p2)).toEqual(table)
  // the images are readable again
  await p2.click('[data-action=scan-images]')
  await expect(p2.locator('[data-out=scan-status]')).toContainText('all images readable')
  expect(await tumourColumn(p2)).toEqual(table)
  await ctx2.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
