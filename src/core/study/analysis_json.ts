// analysis.json: every result of a study run, with the summary fields that scripts and
// independent checks read at the top level (groups, survival, cindex, comparisons, dge,
// enrichment, pam) and the full records under "details".

import type { StudyResult } from './run_study.ts'
import type { MfsSummary } from './mfs.ts'

/** analysis.json `models`: one entry per fitted Table 4 model (ids of analyses.ts paperModels). */
export function modelEntries(r: StudyResult) {
  const c = r.complementarity
  if (!c) return []
  return Object.keys(c.models).map((id) => {
    const fit = c.fits?.[id]
    const cv = c.cindex.cv.find((x) => x.model === id)
    const column = (name: string) => name.split('=')[0]
    return {
      id,
      covariates: c.models[id],
      n: fit?.n ?? c.n,
      events: fit?.events ?? c.events,
      terms: (c.univariable[id] ?? []).map((t) => ({ name: t.term, hr: t.hr, lower: t.lower, upper: t.upper, p: t.p, reference: fit?.references[column(t.term)] ?? null })),
      cindex: cv ? { mean: cv.mean, lower: cv.lower, upper: cv.upper, folds: c.cindex.folds, repeats: c.cindex.repeats } : null,
    }
  })
}

/** analysis.json `mfs`: the 2- and 5-year MFS (KM estimate, 95% CI, number at risk) overall and per group. */
function mfsJson(m: MfsSummary | undefined) {
  if (!m) return null
  const at = (a: { time: number; surv: number; lower: number | null; upper: number | null; nRisk: number }[]) => Object.fromEntries(a.map((x) => [`${x.time}`, { surv: x.surv, lower: x.lower, upper: x.upper, nRisk: x.nRisk }]))
  return {
    months: m.times,
    overall: { n: m.overall.n, events: m.overall.events, at: at(m.overall.at) },
    groupings: Object.fromEntries(Object.entries(m.groupings).map(([g, rows]) => [g, rows.map((x) => ({ group: x.group, n: x.n, events: x.events, at: at(x.at) }))])),
  }
}

const term = (t: { term: string; hr: number; lower: number; upper: number; p: number; coef?: number; se?: number }) => ({ term: t.term, hr: t.hr, lower: t.lower, upper: t.upper, p: t.p, coef: t.coef, se: t.se })

export function analysisJson(r: StudyResult, meta: { versions: Record<string, string>; checksums: { file: string; sha256: string }[]; created: string }) {
  const survival: Record<string, unknown> = {}
  for (const [g, s] of Object.entries(r.survival))
    survival[g] = {
      n: s.n,
      events: s.events,
      logrankP: s.logrankP,
      reference: s.reference ?? null,
      mfsAtHorizon: s.km.groups.map((k) => ({ group: k.group, n: k.n, events: k.events, ...(k.at[0] ?? {}) })),
      univariable: s.univariable.map(term),
      multivariable: s.multivariable.map(term),
    }
  const cindex: Record<string, { mean: number; lower: number; upper: number }> = {}
  const comparisons: { a: string; b: string; diff: number; p: number }[] = []
  if (r.complementarity) {
    for (const c of r.complementarity.cindex.cv) cindex[c.model] = { mean: c.mean, lower: c.lower, upper: c.upper }
    for (const p of r.complementarity.cindex.bootstrap?.pairs ?? []) comparisons.push({ a: p.a, b: p.b, diff: p.diff, p: p.p })
  }
  const ch = r.profile?.characterisation
  return {
    created: meta.created,
    seed: r.plan.seed,
    n: r.n,
    flow: r.flow ?? null,
    groups: r.groups,
    survival,
    cindex,
    comparisons,
    dge: ch ? { up: ch.tests.filter((t) => t.direction === 'up').length, down: ch.tests.filter((t) => t.direction === 'down').length, tested: ch.tests.length, contrast: ch.contrast } : null,
    enrichment: ch
      ? [...ch.up.map((e) => ({ set: e.set, collection: e.collection, p: e.p, adjP: e.adjP, direction: 'up' as const, overlap: e.overlap, size: e.size })), ...ch.down.map((e) => ({ set: e.set, collection: e.collection, p: e.p, adjP: e.adjP, direction: 'down' as const, overlap: e.overlap, size: e.size }))].sort((a, b) => a.p - b.p)
      : [],
    gsea: r.profile ? r.profile.gsea.map((g) => ({ set: g.set, collection: g.collection, nes: g.nes, p: g.p, adjP: g.adjP })) : [],
    /** the gene-set collections read, one per GMT file (results above carry their collection) */
    geneSetCollections: r.geneSetCollections ?? [],
    pam: ch ? { threshold: ch.pam.chosenThreshold, genes: ch.pam.keptGenes.map((g) => g.gene) } : null,
    worstCombination: r.complementarity?.worstCombination ?? null,
    deep: { cae: r.deep.cae?.metrics ?? null, hscae: r.deep.hscae?.metrics ?? null },
    stepwise: r.stepwise,
    coding: r.coding ?? [],
    models: modelEntries(r),
    mfs: mfsJson(r.mfs),
    hrfK: r.hrfK ?? null,
    profile: r.profileGrouping ? { grouping: r.profileGrouping.grouping, reason: r.profileGrouping.reason, worstCombination: r.profileGrouping.worstCombination } : null,
    st2: r.st2 ?? [],
    ups: r.ups ?? null,
    steps: r.steps,
    warnings: r.warnings,
    notEstimable: r.notEstimable ?? [],
    versions: meta.versions,
    inputs: meta.checksums,
    plan: r.plan,
    details: { hrf: r.hrf, rna: r.rna, table1: r.table1, table2: r.table2, survival: r.survival, complementarity: r.complementarity, profile: r.profile, imaging: { ...r.imaging, featureMatrix: undefined } },
  }
}
