// From a study result to the report's tables (also written as CSV) and figures. Only
// formatting: every number comes from the StudyResult, so the report equals the engines.

import type { StudyResult } from '../run_study.ts'
import type { KaplanMeier } from '../../stats/kaplan_meier.ts'
import type { ContinuousSummary, LevelSummary, Table1 } from '../../stats/table1.ts'
import { barsSvg, forestSvg, heatmapSvg, kmSvg, scatterSvg } from './svg.ts'
import type { ReportFigure, ReportTable } from './html.ts'

const LABEL: Record<string, string> = { hrf: 'h-RF', cae: 'CAE', hscae: 'HSCAE', rna: 'RNA', rna_x_hscae: 'RNA × HSCAE', rna_x_hrf: 'RNA × h-RF' }
export const groupingLabel = (g: string): string => LABEL[g] ?? g

function table1Rows(t: Table1, groups: string[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = []
  for (const r of t.rows) {
    const p = r.test?.p ?? null
    if (r.kind === 'continuous') {
      const cells = groups.map((g) => (r.summaries[g] as ContinuousSummary | undefined)?.text ?? null)
      rows.push([r.variable, '', ...cells, r.test?.test ?? null, p])
    } else {
      const levels = (r.summaries.all as LevelSummary[]).map((l) => l.level)
      levels.forEach((lv, i) => rows.push([i === 0 ? r.variable : '', lv, ...groups.map((g) => (r.summaries[g] as LevelSummary[] | undefined)?.find((x) => x.level === lv)?.text ?? '0'), i === 0 ? (r.test?.test ?? null) : null, i === 0 ? p : null]))
    }
  }
  return rows
}

export function reportTables(r: StudyResult): ReportTable[] {
  const tables: ReportTable[] = []
  const g1 = ['all', ...['train', 'test'].filter((g) => r.table1.all.groups.includes(g)), ...r.table1.all.groups.filter((g) => g !== 'train' && g !== 'test')]
  const t1cols = ['Variable', 'Level', ...g1.map((g) => `${g === 'all' ? 'All' : g === 'train' ? 'Training' : g === 'test' ? 'Testing' : g} (n = ${r.table1.all.counts[g]})`), 'Test (train vs test)', 'p']
  const rows1 = table1Rows(r.table1.all, g1)
  if (r.table1.rna) {
    const rnaRows = table1Rows(r.table1.rna, ['all'])
    t1cols.splice(2 + g1.length, 0, `RNA subset (n = ${r.table1.rna.counts.all})`)
    // align by position: both tables list the same variables and levels of the RNA subset; levels absent there show 0
    const key = (row: (string | number | null)[], i: number, arr: (string | number | null)[][]) => {
      let v = row[0]
      for (let k = i; k >= 0 && !v; k--) v = arr[k][0]
      return `${v}|${row[1]}`
    }
    const rnaMap = new Map(rnaRows.map((row, i) => [key(row, i, rnaRows), row[2]]))
    rows1.forEach((row, i) => row.splice(2 + g1.length, 0, rnaMap.get(key(row, i, rows1)) ?? '0'))
  }
  tables.push({ id: 'table1', title: 'Table 1. Patient characteristics', columns: t1cols, rows: rows1, note: 'mean ± SD [median (range)] for continuous variables, n/N (%) for categories; tests between training and testing cohorts (t-test or Mann–Whitney by Shapiro–Wilk, chi-square or Fisher).' })

  const rows2: (string | number | null)[][] = []
  for (const [g, rows] of Object.entries(r.table2.associations)) for (const a of rows) rows2.push([groupingLabel(g), groupingLabel(a.variable), a.test, a.statistic, a.n, a.p, a.pAdjusted])
  for (const a of r.table2.agreement) rows2.push([groupingLabel(a.a), groupingLabel(a.b), 'adjusted Rand index', a.ari, a.n, null, null])
  tables.push({ id: 'table2', title: 'Table 2. Groupings against clinical, pathological and radiological variables and each other', columns: ['Grouping', 'Variable', 'Test', 'Statistic', 'n', 'p', 'adjusted p (BH)'], rows: rows2 })

  const rows3: (string | number | null)[][] = []
  for (const [g, s] of Object.entries(r.survival)) {
    for (const k of s.km.groups) {
      const at = k.at[0]
      rows3.push([groupingLabel(g), k.group, k.n, k.events, at?.surv ?? null, at?.lower ?? null, at?.upper ?? null, k.group === s.km.groups[0].group ? s.logrankP : null, '', null, null, null, null])
    }
    for (const [kind, terms] of [['univariable', s.univariable], ['multivariable', s.multivariable]] as const)
      for (const t of terms) rows3.push([groupingLabel(g), '', null, null, null, null, null, null, `${kind}: ${t.term}`, t.hr, t.lower, t.upper, t.p])
  }
  if (r.stepwise) rows3.push(['stepwise AIC', `start: ${r.stepwise.start.join(', ')}`, null, null, null, null, null, null, `selected: ${r.stepwise.selected.join(', ') || '(none)'}`, r.stepwise.aic, null, null, null])
  tables.push({ id: 'table3', title: `Table 3. Metastasis-free survival by grouping (${r.plan.survival.horizonMonths}-month MFS, log-rank, Cox models)`, columns: ['Grouping', 'Group', 'n', 'events', 'MFS', 'lower 95%', 'upper 95%', 'log-rank p', 'Cox term', 'HR', 'lower', 'upper', 'p'], rows: rows3, note: `Multivariable models adjust for age, histotype (SARCULATOR categories, reference ${r.plan.coding?.histotype.reference ?? 'M/RC LPS'}), grade III vs I–II, size, chemotherapy, radiotherapy (reference ${r.plan.coding?.radiotherapy.reference ?? 'yes'}) and margins R1–R2 vs R0 (Efron ties).` })

  if (r.complementarity) {
    const c = r.complementarity
    const rows4: (string | number | null)[][] = []
    for (const cv of c.cindex.cv) {
      const terms = c.univariable[cv.model] ?? []
      rows4.push([cv.model, terms.map((t) => `${t.term}: HR ${t.hr.toPrecision(3)} (${t.lower.toPrecision(3)}–${t.upper.toPrecision(3)}), p ${t.p.toPrecision(2)}`).join('; '), cv.mean, cv.lower, cv.upper])
    }
    tables.push({ id: 'table4', title: `Table 4. Models in the RNA subset (n = ${c.n}, ${c.events} events): ${r.plan.survival.cvFolds}-fold cross-validated Harrell's C`, columns: ['Model', 'Cox terms', 'C (mean)', 'lower 95%', 'upper 95%'], rows: rows4, note: `Worst combination: ${c.worstCombination}.` })
    if (c.cindex.bootstrap)
      tables.push({ id: 'table4b', title: `Bootstrap comparison of C-indices (${c.cindex.bootstrap.replicates} replicates)`, columns: ['Model A', 'Model B', 'C(B) − C(A)', 'lower 95%', 'upper 95%', 'p'], rows: c.cindex.bootstrap.pairs.map((p) => [p.a, p.b, p.diff, p.lower, p.upper, p.p]) })
  }
  if (r.profile) {
    const ch = r.profile.characterisation
    tables.push({ id: 'dge', title: `Differential expression, worst combination vs others (|FC| ≥ ${r.plan.dge.foldChange}, BH p < ${r.plan.dge.adjP})`, columns: ['Gene', 'log2 FC', 't', 'p', 'adjusted p', 'direction'], rows: ch.tests.filter((t) => t.significant).sort((a, b) => a.p - b.p).map((t) => [t.gene, t.logFC, t.t, t.p, t.adjP, t.direction]) })
    tables.push({ id: 'enrichment', title: 'Gene-set over-representation among up- and down-regulated genes', columns: ['Gene set', 'direction', 'overlap', 'size', 'p', 'adjusted p'], rows: [...ch.up.map((e) => [e.set, 'up', e.overlap, e.size, e.p, e.adjP] as (string | number)[]), ...ch.down.map((e) => [e.set, 'down', e.overlap, e.size, e.p, e.adjP] as (string | number)[])].filter((row) => (row[5] as number) < 0.25).sort((a, b) => (a[4] as number) - (b[4] as number)) })
    if (r.profile.gsea.length)
      tables.push({ id: 'gsea', title: `Pre-ranked GSEA on the t statistics (${r.plan.enrichment.perm} permutations)`, columns: ['Gene set', 'size', 'ES', 'NES', 'p', 'adjusted p', 'leading edge'], rows: [...r.profile.gsea].sort((a, b) => a.p - b.p).slice(0, 25).map((g) => [g.set, g.size, g.es, g.nes, g.p, g.adjP, g.leadingEdge.slice(0, 8).join(' ')]) })
    tables.push({ id: 'pam', title: `PAM signature (threshold ${ch.pam.chosenThreshold.toPrecision(3)}, ${ch.pam.keptGenes.length} genes)`, columns: ['Gene', ...ch.pam.classes.map((k) => `score ${k}`)], rows: ch.pam.keptGenes.map((g) => [g.gene, ...ch.pam.classes.map((k) => g.scores[k])]) })
  }
  return tables
}

function curve(name: string, km: KaplanMeier) {
  const ct: number[] = [], cs: number[] = []
  km.time.forEach((t, i) => {
    if (km.nCensor[i] > 0) {
      ct.push(t)
      cs.push(km.surv[i])
    }
  })
  return { name, times: km.time, surv: km.surv, censorTimes: ct, censorSurv: cs }
}

function nAt(km: KaplanMeier, t: number): number {
  for (let i = 0; i < km.time.length; i++) if (km.time[i] >= t) return km.nRisk[i]
  return 0
}

export function reportFigures(r: StudyResult): ReportFigure[] {
  const figs: ReportFigure[] = []
  for (const [g, s] of Object.entries(r.survival)) {
    const tmax = Math.max(...s.km.groups.flatMap((k) => k.curve.time))
    const times = [0, 1, 2, 3, 4, 5].map((i) => Math.round((tmax * i) / 5))
    figs.push({
      id: `km-${g}`,
      title: `Kaplan–Meier: ${groupingLabel(g)}`,
      svg: kmSvg(s.km.groups.map((k) => curve(`${k.group} (n = ${k.n})`, k.curve)), `MFS by ${groupingLabel(g)} group`, s.logrankP === null ? '' : `log-rank p = ${s.logrankP < 0.001 ? '< 0.001' : s.logrankP.toPrecision(2)}`, { times, rows: s.km.groups.map((k) => ({ name: k.group, n: times.map((t) => nAt(k.curve, t)) })) }),
    })
  }
  const fg = r.survival.hscae ?? r.survival.hrf
  if (fg) figs.push({ id: 'forest', title: 'Forest plot, multivariable Cox model', svg: forestSvg(fg.multivariable, `Multivariable Cox: ${r.survival.hscae ? 'HSCAE' : 'h-RF'} grouping and clinical covariates`) })
  if (r.complementarity) figs.push({ id: 'cindex', title: 'Figure 2. Cross-validated C-index by model', svg: forestSvg(r.complementarity.cindex.cv.map((c) => ({ term: c.model, hr: c.mean, lower: c.lower, upper: c.upper, p: NaN })), "Harrell's C (mean, 95% CI)").replace('Hazard ratio (95% CI, log scale)', "Harrell's C (95% CI)") })
  if (r.profile) {
    const ch = r.profile.characterisation
    const top = new Set([...ch.tests].filter((t) => t.significant).sort((a, b) => a.p - b.p).slice(0, 12).map((t) => t.gene))
    const pts = ch.tests.filter((t) => Number.isFinite(t.p) && t.p > 0).map((t) => ({ x: t.logFC, y: -Math.log10(t.p), group: t.direction === 'up' ? 2 : t.direction === 'down' ? 1 : 0, label: top.has(t.gene) ? t.gene : undefined }))
    const xmax = Math.max(1, ...pts.map((p) => Math.abs(p.x)))
    figs.push({ id: 'volcano', title: 'Figure 3a. Volcano plot, worst combination vs others', svg: scatterSvg(pts, { min: -xmax, max: xmax, label: 'log2 fold change' }, { min: 0, max: Math.max(1, ...pts.map((p) => p.y)), label: '−log10 p' }, 'Worst combination vs others') })
    const bars = [...ch.up.map((e) => ({ label: e.set, value: -Math.log10(e.adjP), group: 2 })), ...ch.down.map((e) => ({ label: e.set, value: -Math.log10(e.adjP), group: 1 }))].filter((b) => b.value > -Math.log10(0.25)).sort((a, b) => b.value - a.value).slice(0, 20)
    figs.push({ id: 'enrichment-bars', title: 'Figure 3b. Enriched gene sets (red: up, blue: down)', svg: barsSvg(bars, '−log10 adjusted p', 'Gene-set over-representation') })
    const genes = ch.pam.keptGenes.slice(0, 40)
    if (genes.length) {
      const classes = ch.pam.classes
      figs.push({ id: 'pam-heatmap', title: 'Figure 3c. PAM signature: standardised shrunken centroid differences', svg: heatmapSvg(genes.flatMap((g) => classes.map((k) => g.scores[k])), genes.map((g) => g.gene), classes.length, 'PAM genes × classes', classes.map((_, i) => i + 1)) })
    }
  }
  return figs
}
