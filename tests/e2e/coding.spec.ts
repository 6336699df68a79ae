// The Study page's variable-coding editor: the paper's coding is shown (references M/RC LPS,
// I-II, R0, no, yes), a reference and a rule can be edited, the edit lands in the plan
// (exported JSON = what `study --config` reads), a bad expression is named, and the paper's
// coding comes back with one click.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'

test('coding editor: shown, edited, exported with the plan, reset', async ({ page }) => {
  await page.goto('/')
  await page.click('[data-nav=study]')
  await page.locator('[data-testid=coding-box] > summary').click()
  const ref = (v: string) => page.locator(`[data-coding=${v}] [data-out=reference]`)
  await expect(ref('histotype')).toHaveText('M/RC LPS')
  await expect(ref('grade')).toHaveText('I-II')
  await expect(ref('margins')).toHaveText('R0')
  await expect(ref('chemotherapy')).toHaveText('no')
  await expect(ref('radiotherapy')).toHaveText('yes')
  await page.locator('[data-coding=radiotherapy] > summary').click()
  await page.selectOption('[data-input=coding-radiotherapy-reference]', 'no')
  await expect(ref('radiotherapy')).toHaveText('no')
  await page.fill('[data-input=coding-radiotherapy-match-0]', '(unclosed')
  await page.locator('[data-input=coding-radiotherapy-match-0]').blur()
  await expect(page.getByTestId('coding-radiotherapy-problem')).toContainText('not a valid regular expression')
  await page.fill('[data-input=coding-radiotherapy-match-0]', '^(1|yes|oui)$')
  await page.locator('[data-input=coding-radiotherapy-match-0]').blur()
  await expect(page.getByTestId('coding-radiotherapy-problem')).toHaveCount(0)
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=plan-export]')])
  const plan = JSON.parse(fs.readFileSync((await dl.path())!, 'utf8'))
  expect(plan.coding.radiotherapy.reference).toBe('no')
  expect(plan.coding.radiotherapy.rules[0].match).toBe('^(1|yes|oui)$')
  expect(plan.coding.histotype.reference).toBe('M/RC LPS')
  await page.click('[data-action=coding-radiotherapy-reset]')
  await expect(ref('radiotherapy')).toHaveText('yes')
})
