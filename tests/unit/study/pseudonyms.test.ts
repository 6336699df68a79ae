// Pseudonyms: stable under one secret, different under another, whole-id replacement only.
import { describe, it, expect } from 'vitest'
import { newPseudonymKey, pseudonymise, replaceIds, replaceIdsDeep } from '../../../src/core/study/pseudonyms.ts'

describe('pseudonyms', () => {
  it('are stable for a secret, differ between secrets, and are recorded in the key', async () => {
    const k = newPseudonymKey()
    const a = await pseudonymise(k, ['P1', 'P10'])
    const b = await pseudonymise({ secret: k.secret, pseudonyms: {} }, ['P10', 'P1'])
    expect(a.get('P1')).toBe(b.get('P1'))
    expect(a.get('P1')).toMatch(/^PSN-[0-9a-f]{10}$/)
    expect(a.get('P1')).not.toBe(a.get('P10'))
    expect(k.pseudonyms).toEqual({ P1: a.get('P1'), P10: a.get('P10') })
    const other = await pseudonymise(newPseudonymKey(), ['P1'])
    expect(other.get('P1')).not.toBe(a.get('P1'))
  })

  it('replaces whole ids in CSV, JSON, HTML and file names, not inside longer ids', () => {
    const m = new Map([['P1', 'PSN-a'], ['P10', 'PSN-b']])
    expect(replaceIds('patient_id,x\nP1,3\nP10,4\nSP1,5\n', m)).toBe('patient_id,x\nPSN-a,3\nPSN-b,4\nSP1,5\n')
    expect(replaceIds('{"ids":["P1","P10"]} <td>P1</td> P1/ce_t1.nii.gz P10_t2.nii.gz', m)).toBe('{"ids":["PSN-a","PSN-b"]} <td>PSN-a</td> PSN-a/ce_t1.nii.gz PSN-b_t2.nii.gz')
  })
})

describe('pseudonyms in structured exports (the app: tables, project snapshot)', () => {
  it('replaces ids in strings and keys at any depth; typed arrays, numbers and Blobs untouched', () => {
    const m = new Map([['P1', 'PSN-a'], ['P10', 'PSN-b']])
    const data = new Float64Array([1, 2])
    const blob = new Blob(['P1'])
    const v = { ids: ['P1', 'P10'], groups: { P1: 'A', P10: 'B' }, rows: [['P1', 3, null]], name: 'images/P10_t1.nii.gz', data, blob, n: 10 }
    const r = replaceIdsDeep(v, m)
    expect(r).toEqual({ ids: ['PSN-a', 'PSN-b'], groups: { 'PSN-a': 'A', 'PSN-b': 'B' }, rows: [['PSN-a', 3, null]], name: 'images/PSN-b_t1.nii.gz', data, blob, n: 10 })
    expect(r.data).toBe(data)
    expect(r.blob).toBe(blob)
    expect(v.ids).toEqual(['P1', 'P10'])
  })
})

describe('study --pseudonymise (outputs of a study folder)', () => {
  it('rewrites tables, analysis.json and report.html; the key is written apart and reused', async () => {
    const fs = await import('node:fs'), os = await import('node:os'), path = await import('node:path')
    const { pseudonymiseOutputs } = await import('../../../src/cli/commands/study.ts')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psn-'))
    const out = path.join(dir, 'out')
    fs.mkdirSync(path.join(out, 'tables'), { recursive: true })
    const write = () => {
      fs.writeFileSync(path.join(out, 'tables', 'table1.csv'), 'patient_id,group\nSTS_001,a\nSTS_010,b\n')
      fs.writeFileSync(path.join(out, 'analysis.json'), '{"ids":["STS_001","STS_010"]}')
      fs.writeFileSync(path.join(out, 'report.html'), '<td>STS_001</td><td>STS_010</td> STS_001/ce_t1.nii.gz')
    }
    write()
    const key = path.join(dir, 'key.json')
    await expect(pseudonymiseOutputs(out, path.join(out, 'key.json'), ['STS_001'])).rejects.toThrow(/must not be written into the results folder/)
    await pseudonymiseOutputs(out, key, ['STS_001', 'STS_010'])
    const all = () => ['tables/table1.csv', 'analysis.json', 'report.html'].map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n')
    const first = all()
    expect(first).not.toMatch(/STS_0/)
    const k = JSON.parse(fs.readFileSync(key, 'utf8'))
    expect(Object.keys(k.pseudonyms)).toEqual(['STS_001', 'STS_010'])
    expect(first).toContain(k.pseudonyms.STS_001)
    // a second run with the same key gives the same pseudonyms
    write()
    await pseudonymiseOutputs(out, key, ['STS_001', 'STS_010'])
    expect(all()).toBe(first)
  })
})
