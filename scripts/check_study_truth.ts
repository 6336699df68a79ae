// Checks a study run on the demo cohort against the planted truth (issue 9 acceptance):
//   npx tsx scripts/check_study_truth.ts --analysis study-out/analysis.json --truth demo-out/truth.json
// Prints one JSON line with each check and its figure; exits 1 when a check fails.
// Beside the planted truth it checks that the run carries the paper's outputs (issue 15):
// analysis.json flow, the ten models, mfs, coding, hrfK, profile.grouping; tables/ beside it
// with table1–4, st1, st2 and ups; report.html with Fig. 1–4 and the Grad-CAM images.
import fs from 'node:fs'
import path from 'node:path'
import { adjustedRandIndex } from '../src/core/cluster/ari.ts'

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) throw new Error(`missing --${name}`)
  return process.argv[i + 1]
}
const a = JSON.parse(fs.readFileSync(arg('analysis'), 'utf8'))
const truth = JSON.parse(fs.readFileSync(arg('truth'), 'utf8'))

const ids = Object.keys(truth.rnaGroup).filter((id) => a.groups.rna?.[id])
const ari = adjustedRandIndex(ids.map((id) => truth.rnaGroup[id]), ids.map((id) => a.groups.rna[id]))

// a worse-MFS imaging group: some non-reference level of h-RF or HSCAE with HR > 1 and p < 0.05
const worse: { grouping: string; term: string; hr: number; p: number }[] = []
for (const g of ['hrf', 'hscae']) for (const t of a.survival[g]?.univariable ?? []) worse.push({ grouping: g, term: t.term, hr: t.hr, p: t.p })
// with A as reference a protective B has HR < 1: the worse group is then A, HR 1/HR vs B
const worseGroup = worse.find((t) => (t.hr > 1 || t.hr < 1) && t.p < 0.05)

const cRna = a.cindex?.rna?.mean
const combo = Object.entries(a.cindex ?? {}).filter(([m]) => m.startsWith('rna+') || m.startsWith('rna*')) as [string, { mean: number }][]
const bestCombo = combo.sort((x, y) => y[1].mean - x[1].mean)[0]

const up: string[] = truth.pathways.up, down: string[] = truth.pathways.down
const enriched = (set: string, dir: string) => (a.enrichment ?? []).some((e: { set: string; direction: string; adjP: number }) => e.set === set && e.direction === dir && e.adjP < 0.05)
const pathways = [...up.map((s) => ({ set: s, planted: 'up' })), ...down.map((s) => ({ set: s, planted: 'down' }))].map((p) => ({ ...p, up: enriched(p.set, 'up'), down: enriched(p.set, 'down') }))
// the worst combination holds the worse-prognosis molecular group, where the planted 'up' sets are up
const pathwaysFound = pathways.filter((p) => (p.planted === 'up' ? p.up : p.down)).length

const checks = {
  rnaAri: { value: ari, pass: ari >= 0.8 },
  worseImagingGroup: { value: worseGroup ?? null, hrBeyondOne: worseGroup ? Math.max(worseGroup.hr, 1 / worseGroup.hr) : null, pass: !!worseGroup },
  comboAboveRna: { rna: cRna, combo: bestCombo ? { model: bestCombo[0], mean: bestCombo[1].mean } : null, pass: !!bestCombo && bestCombo[1].mean > cRna },
  plantedPathways: { found: pathwaysFound, of: pathways.length, detail: pathways, worstCombination: a.worstCombination, pass: pathwaysFound >= Math.ceil(pathways.length / 2) },
}
const MODEL_IDS = ['rna', 'hrf', 'cae', 'hscae', 'rna+hrf', 'rna+hscae', 'rna*hscae', 'worst', 'sarculator', 'sarculator+hscae+rna']
const dir = path.dirname(arg('analysis'))
const tables = fs.existsSync(path.join(dir, 'tables')) ? fs.readdirSync(path.join(dir, 'tables')) : []
const html = fs.existsSync(path.join(dir, 'report.html')) ? fs.readFileSync(path.join(dir, 'report.html'), 'utf8') : ''
const modelIds = (a.models ?? []).map((m: { id: string }) => m.id)
const fields = { flow: !!a.flow, models: MODEL_IDS.every((id) => modelIds.includes(id)), mfs: !!a.mfs, coding: Array.isArray(a.coding) && a.coding.length > 0, hrfK: Number.isInteger(a.hrfK?.k), profileGrouping: typeof a.profile?.grouping === 'string' }
const wantTables = ['table1', 'table2', 'table3', 'table4', 'st1', 'st2', 'ups'].filter((t) => !tables.includes(`${t}.csv`))
const figures = { fig1: /id="flow"/.test(html), fig2: /Fig\. 2a\./.test(html) && /id="km-worst"/.test(html), fig3: /Fig\. 3a\./.test(html), fig4: /id="gradcam"/.test(html) && /data:image\/png;base64,/.test(html) }
const outputs = { fields, missingModels: MODEL_IDS.filter((id) => !modelIds.includes(id)), missingTables: wantTables, figures, hrfK: a.hrfK ? { k: a.hrfK.k, criterion: a.hrfK.criterion } : null, profile: a.profile ?? null }
Object.assign(checks, { paperOutputs: { ...outputs, pass: Object.values(fields).every(Boolean) && wantTables.length === 0 && Object.values(figures).every(Boolean) } })
const ok = Object.values(checks).every((c) => c.pass)
process.stdout.write(JSON.stringify({ ok, checks }) + '\n')
process.exitCode = ok ? 0 : 1
