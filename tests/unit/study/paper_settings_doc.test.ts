// docs/status/study.md's comparison table (paper | project | where in code) against the code:
// every `path: value` setting the project column writes equals defaultPlan() ("Paper's
// settings", what `study --print-plan` prints), and the sentence on --fast lists exactly the
// settings fastPlan() changes. A doc that drifts from the plan fails here.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { defaultPlan, fastPlan } from '../../../src/core/study/plan.ts'

const doc = fs.readFileSync(new URL('../../../docs/status/study.md', import.meta.url), 'utf8')
const table = doc.slice(doc.indexOf('| Step | Paper |'), doc.indexOf('## The 175 features'))
const plan = defaultPlan() as unknown as Record<string, unknown>

function at(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' && k in (o as object) ? (o as Record<string, unknown>)[k] : undefined), obj)
}

/** `a.b: value` spans of the table whose path starts at a top-level plan key, with their parsed value */
function settings(): { span: string; path: string[]; value: unknown }[] {
  const out: { span: string; path: string[]; value: unknown }[] = []
  for (const m of table.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z]+)*): ([^`]+)`/g)) {
    const path = m[1].split('.')
    if (!(path[0] in plan)) continue
    // the spans are JS literals (unquoted keys, single-quoted strings)
    const value = new Function(`return (${m[2]})`)()
    out.push({ span: m[0], path, value })
  }
  return out
}

/** every leaf of `want` equals the plan's value at the same path */
function leaves(want: unknown, path: string[], out: [string, unknown, unknown][] = []): [string, unknown, unknown][] {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) for (const [k, v] of Object.entries(want)) leaves(v, [...path, k], out)
  else out.push([path.join('.'), want, at(plan, path)])
  return out
}

describe("docs/status/study.md = Paper's settings", () => {
  const s = settings()
  it('reads the settings of the table', () => {
    // split, preprocess ×2, radiomics, icc, consensus ×2, deep ×2, rna ×2, coding ×5, sarculator, profile, survival ×2, dge, pam, enrichment
    expect(s.length).toBeGreaterThanOrEqual(23)
    const covered = new Set(s.map((x) => x.path[0]))
    for (const k of ['split', 'preprocess', 'radiomics', 'icc', 'consensus', 'deep', 'rna', 'sarculator', 'survival', 'dge', 'enrichment', 'pam', 'profile', 'coding']) expect(covered, k).toContain(k)
  })
  it('every value the table writes is defaultPlan()’s', () => {
    const diff = s.flatMap((x) => leaves(x.value, x.path)).filter(([, want, got]) => JSON.stringify(want) !== JSON.stringify(got))
    expect(diff).toEqual([])
  })
  it('the --fast sentence lists exactly what fastPlan() changes', () => {
    const changed: string[] = []
    const walk = (a: unknown, b: unknown, path: string[]) => {
      if (a !== null && typeof a === 'object' && !Array.isArray(a)) for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k])
      else if (JSON.stringify(a) !== JSON.stringify(b)) changed.push(path.join('.'))
    }
    const f = fastPlan()
    walk(defaultPlan(), f, [])
    expect(changed.sort()).toEqual(['consensus.reps', 'deep.batch', 'deep.crop', 'deep.epochs', 'deep.lambda', 'deep.repeats', 'deep.size', 'deep.views', 'enrichment.perm', 'pam.folds', 'preprocess.n4Iterations', 'preprocess.n4Levels', 'survival.bootstrap'])
    const sentence = doc.slice(doc.indexOf('`--fast`'), doc.indexOf('| Step | Paper |'))
    for (const w of [`N4 ${f.preprocess.n4Levels} level × ${f.preprocess.n4Iterations} iterations`, `${f.consensus.reps} consensus resamplings`, `${f.deep.size} × ${f.deep.size} slices with ${f.deep.epochs} epochs, ${f.deep.repeats} repeat`, `batch ${f.deep.batch}, ${f.deep.views} view`, `λ = ${f.deep.lambda}`, `crop '${f.deep.crop}'`, `${f.survival.bootstrap} bootstrap`, `${f.enrichment.perm} GSEA permutations`, `${f.pam.folds} PAM folds`])
      expect(sentence.replace(/\s+/g, ' '), w).toContain(w)
  })
})
