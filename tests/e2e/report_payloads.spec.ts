// Issue 20 item 5: the study report with a set of HTML/SVG injection payloads in every field
// a user controls (title, cohort, patient ids, clinical levels, gene and gene-set names, file
// names, notes, warnings, methods, settings, software versions, and the labels inside each kind
// of figure), opened from disk in Chromium: it makes zero requests, runs no script, holds no
// element a payload could have introduced (script, iframe, object, form, base, link, a second
// meta http-equiv), no on* attribute, and shows every payload as text (escaped, not stripped).
// The CSP forbids form submission and a <base>; a meta refresh is prevented by escaping.
// Does not need the app build or its server.
import { test, expect } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { reportHtml, type ReportTable } from '../../src/core/study/report/html.ts'
import { figureSvg, kmSpec, forestSpec, volcanoSpec, enrichmentSpec, signatureHeatmapSpec, flowChartSvg } from '../../src/core/figures/index.ts'

const PAYLOADS = [
  `<script>window.__pwned=1;fetch('http://evil.example/s')</script>`,
  `"><img src="http://evil.example/i.png" onerror="window.__pwned=2">`,
  `'><svg onload='window.__pwned=3'>`,
  `<meta http-equiv="refresh" content="0;url=http://evil.example/r">`,
  `<base href="http://evil.example/">`,
  `<form action="http://evil.example/f"><button formaction="http://evil.example/g">go</button></form>`,
  `<iframe src="http://evil.example/if"></iframe>`,
  `<link rel="stylesheet" href="http://evil.example/c.css">`,
  `<style>@import url(http://evil.example/s.css);body{background:url(http://evil.example/b.png)}</style>`,
  `javascript:window.__pwned=4`,
  `</title></style></pre></textarea><script>window.__pwned=5</script>`,
  `]]><![CDATA[<script>window.__pwned=6</script>]]>`,
  `' onmouseover='window.__pwned=7' x='`,
  `<object data="http://evil.example/o"></object><embed src="http://evil.example/e">`,
  `<a href="http://evil.example/a" ping="http://evil.example/p">x</a>`,
  `<svg><use href="http://evil.example/u.svg#x"/></svg>`,
  `<img srcset="http://evil.example/s1.png 1x">`,
  `<video poster="http://evil.example/v.png"></video>`,
]
const P = (i: number) => PAYLOADS[i % PAYLOADS.length]

function payloadReport(): string {
  const n = PAYLOADS.length
  const tables: ReportTable[] = [
    { id: 'table1', title: `Table 1 ${P(0)}`, columns: ['Variable', `Level ${P(1)}`, 'n', 'p'], rows: PAYLOADS.map((p, i) => [p, P(i + 1), i, 0.01 * i]), note: P(2) },
    { id: `table3b${P(3)}`, title: P(4), columns: PAYLOADS.slice(0, 4), rows: [[P(5), P(6), 1.5, 0.2]], note: P(7) },
  ]
  const groups = PAYLOADS.slice(0, 3).map((p, g) => ({ level: p, n: 3, curve: { time: [5 + g, 12 + g, 30 + g], surv: [0.667, 0.333, 0.333], nCensor: [0, 0, 1], nRisk: [3, 2, 1] } }))
  const km = kmSpec({ id: 'km', variable: P(8), groups, logrankP: 0.01, endpoint: P(9), unit: P(10) })
  const forest = forestSpec('forest', P(11), PAYLOADS.slice(0, 6).map((p, i) => ({ label: p, hr: 1 + i / 10, lower: 0.8, upper: 2, p: 0.04 })))
  const volcano = volcanoSpec('volcano', P(12), PAYLOADS.map((p, i) => ({ gene: p, logFC: i % 2 ? 3 + i : -3 - i, p: 1e-6, direction: (i % 2 ? 'up' : 'down') as 'up' | 'down', significant: true })), { contrast: P(13), fcThreshold: 2, labelTop: n })
  const bars = enrichmentSpec('bars', P(14), PAYLOADS.map((p, i) => ({ set: p, adjP: 1e-4 * (i + 1), direction: (i % 2 ? 'up' : 'down') as 'up' | 'down' })))
  const heat = signatureHeatmapSpec('heat', P(15), { genes: PAYLOADS.slice(0, 4), samples: PAYLOADS.slice(4, 10), values: Array.from({ length: 24 }, (_, i) => Math.sin(i)), groups: [P(1), P(1), P(1), P(2), P(2), P(2)], levels: [P(1), P(2)] })
  const flow = flowChartSvg({ screened: 10, included: 8, excluded: [{ reason: P(16), n: 2, patients: [P(17), P(0)], analyses: P(3) }], rna: { included: 4, without: { reason: P(5), n: 4, patients: [P(6)] } } })
  return reportHtml({
    title: `Study ${P(0)}`, cohort: P(1), created: P(2), seed: 1,
    settings: { plan: PAYLOADS, nested: { name: P(3) } },
    versions: Object.fromEntries(PAYLOADS.map((p, i) => [`${p}${i}`, P(i + 1)])),
    checksums: PAYLOADS.map((p) => ({ file: p, sha256: '0'.repeat(64) })),
    methods: PAYLOADS.join(' '),
    tables,
    figures: [
      { id: 'km', title: P(4), svg: figureSvg(km), caption: km.caption },
      { id: 'forest', title: P(5), svg: figureSvg(forest), caption: P(6) },
      { id: 'volcano', title: P(7), svg: figureSvg(volcano), caption: P(8) },
      { id: 'bars', title: P(9), svg: figureSvg(bars), caption: P(10) },
      { id: 'heat', title: P(11), svg: figureSvg(heat), caption: P(12) },
      { id: `flow${P(13)}`, title: P(14), svg: flow, caption: P(15) },
    ],
    warnings: PAYLOADS,
  })
}

test('the report with injection payloads in every user field: zero requests, no script, payloads shown as text', async ({ browser }, testInfo) => {
  const html = payloadReport()
  // the CSP: nothing fetched, no form target, no <base>
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? ''
  for (const d of ["default-src 'none'", "form-action 'none'", "base-uri 'none'"]) expect(csp).toContain(d)
  expect(csp).not.toMatch(/script-src/)
  expect(html.match(/<meta[^>]*http-equiv/gi)).toHaveLength(1) // the CSP only: a payload's meta refresh is escaped
  const file = testInfo.outputPath('report.html')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, html)
  const url = pathToFileURL(file).href

  const context = await browser.newContext()
  const requests: string[] = []
  context.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url())
  })
  const page = await context.newPage()
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  // give a meta refresh, a lazy image or a stylesheet time to fire; hover and click everything
  await page.waitForTimeout(1500)
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const type of ['mouseover', 'click', 'focus']) el.dispatchEvent(new Event(type, { bubbles: true }))
    }
  })
  await page.waitForTimeout(500)
  expect(page.url()).toBe(url) // no refresh, no navigation
  expect(requests).toEqual([])
  expect(dialogs).toEqual([])
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    injected: document.querySelectorAll('script, iframe, object, embed, form, base, link, video, meta[http-equiv="refresh"], a[ping], use, img').length,
    meta: document.querySelectorAll('meta[http-equiv]').length,
    anchors: Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? '').filter((h) => !h.startsWith('#')),
    onAttrs: Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}.${a.name}`)),
    text: document.body.textContent ?? '',
  }))
  expect(state.pwned).toBeUndefined()
  expect(state.injected).toBe(0)
  expect(state.meta).toBe(1)
  expect(state.anchors).toEqual([])
  expect(state.onAttrs).toEqual([])
  // escaped, not stripped: each payload is on the page as text
  for (const p of PAYLOADS) expect(state.text, p).toContain(p)
  expect(errors).toEqual([])
  await context.close()
})
