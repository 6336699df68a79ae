// Checks a study run on the demo cohort against the planted truth (issue 9 acceptance):
//   npx tsx scripts/check_study_truth.ts --analysis study-out/analysis.json --truth demo-out/truth.json
// Prints one JSON line with each check and its figure; exits 1 when a check fails.
import fs from 'node:fs'
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
const ok = Object.values(checks).every((c) => c.pass)
process.stdout.write(JSON.stringify({ ok, checks }) + '\n')
process.exitCode = ok ? 0 : 1
