import { test, expect } from '@playwright/test'

test('app shell loads with the privacy statement', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await expect(page.locator('h1')).toHaveText('Sarcoma Omics Lab')
  await expect(page.locator('.privacy')).toContainText('never leaves')
  expect(errors).toEqual([])
})
