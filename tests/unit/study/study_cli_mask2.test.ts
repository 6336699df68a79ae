// The CLI study with second segmentations (manifest column mask2) on its worker-thread
// imaging pool: an unreadable second mask leaves only itself out of the ICC, with a
// warning naming the file; the patient stays in the analysis (as in the app).
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const CLI = ['--import', 'tsx', 'src/cli/main.ts']

describe('study CLI: second segmentations on the threaded imaging pool', () => {
  it('keeps a patient whose second mask is unreadable and names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-mask2-'))
    execFileSync(process.execPath, [...CLI, 'demo', '--out', dir, '--patients', '8', '--seed', '3'], { stdio: 'ignore' })
    const lines = fs.readFileSync(path.join(dir, 'manifest.csv'), 'utf8').trim().split('\n')
    const bad = 'images/broken_mask2.nii.gz'
    fs.writeFileSync(path.join(dir, bad), 'not an image')
    const rows = lines.slice(1).map((l, i) => {
      const mask = l.split(',')[4]
      return `${l},${i === 2 ? bad : mask}`
    })
    fs.writeFileSync(path.join(dir, 'manifest.csv'), [`${lines[0]},mask2`, ...rows].join('\n') + '\n')
    const config = { preprocess: { enabled: false }, deep: { enabled: false }, icc: { enabled: true }, consensus: { reps: 20, maxK: 3 }, split: { train: 6, test: 2 } }
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(config))
    const out = path.join(dir, 'out')
    execFileSync(process.execPath, [...CLI, 'study', '--manifest', path.join(dir, 'manifest.csv'), '--clinical', path.join(dir, 'clinical.csv'), '--config', path.join(dir, 'plan.json'), '--threads', '2', '--out', out], { stdio: 'ignore' })
    const analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8'))
    expect(analysis.n.patients).toBe(8)
    // beside the report: every figure as SVG and the whole output as one zip (issue 17)
    const figures = fs.readdirSync(path.join(out, 'figures'))
    expect(figures).toContain('km-hrf.svg')
    const zipped = Object.keys(unzipSync(fs.readFileSync(path.join(out, 'study.zip'))))
    expect(zipped).toEqual(expect.arrayContaining(['report.html', 'analysis.json', ...fs.readdirSync(path.join(out, 'tables')).map((t) => `tables/${t}`), ...figures.map((f) => `figures/${f}`)]))
    const warnings: string[] = analysis.warnings
    const patient = lines[3].split(',')[0]
    expect(warnings.some((w) => w.startsWith(`${patient}: second segmentation left out of the ICC`) && w.includes('broken_mask2.nii.gz'))).toBe(true)
    // the other 7 patients' second masks (identical to the first) give the ICC
    expect(warnings.some((w) => /7 of 8 analysed patients have a usable second segmentation/.test(w))).toBe(true)
    fs.rmSync(dir, { recursive: true, force: true })
  }, 240_000)
})
