// Shared by the e2e tests: records every request of a browser context (page and workers),
// those that leave the app's origin, CSP refusals and page errors.
import type { BrowserContext, Page } from '@playwright/test'

export function watch(page: Page, context: BrowserContext, baseURL: string) {
  const origin = new URL(baseURL).origin
  const requests: string[] = []
  const foreign: string[] = []
  const problems: string[] = []
  context.on('request', (r) => {
    const url = r.url()
    requests.push(url)
    if (/^(data|blob|about|chrome-extension):/.test(url)) return
    if (new URL(url).origin !== origin) foreign.push(url)
  })
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to (connect|load|execute|create)/i.test(m.text())) problems.push(`CSP: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  return { requests, foreign, problems, origin }
}
