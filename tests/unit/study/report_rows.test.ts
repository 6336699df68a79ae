// report.html shows at most `htmlRows` rows of a long table (the PAM and DGE gene lists) and
// says where the rest is; the CSV (tables/<id>.csv in the zip) keeps every row.
import { describe, expect, it } from 'vitest'
import { readableDate, tableHtml } from '../../../src/core/study/report/html.ts'
import type { ReportTable } from '../../../src/core/study/report/types.ts'

describe('long report tables', () => {
  const t: ReportTable = { id: 'pam', title: 'PAM signature', columns: ['Gene', 'score worst'], rows: Array.from({ length: 880 }, (_, i) => [`G${i}`, 1 / (i + 1)]), htmlRows: 50 }
  it('the HTML shows the first 50 of 880 rows and names the CSV', () => {
    const html = tableHtml(t)
    expect(html.match(/<tr>/g)!.length).toBe(1 + 50)
    expect(html).toContain('<td>G49</td>')
    expect(html).not.toContain('<td>G50</td>')
    expect(html).toContain('The first 50 of 880 rows; all 880 are in tables/pam.csv.')
  })
  it('a short table is shown whole, without the note', () => {
    const html = tableHtml({ ...t, rows: t.rows.slice(0, 12) })
    expect(html.match(/<tr>/g)!.length).toBe(13)
    expect(html).not.toContain('rows-cut')
  })
})

describe('title page date', () => {
  it('an ISO timestamp reads as date, hour and minute in UTC', () => {
    expect(readableDate('2026-12-04T20:23:38.979Z')).toBe('2026-12-04 20:23 UTC')
    expect(readableDate('2026-12-04')).toBe('2026-12-04')
  })
})
