// From a study result to the report's tables (also written as CSV) and figures. Only
// formatting: every number comes from the StudyResult, so the report equals the engines.

import type { StudyResult } from '../run_study.ts'
import type { Table2Result } from '../analyses.ts'
import type { ContinuousSummary, LevelSummary, Table1 } from '../../stats/table1.ts'
import { cindexSpec, enrichmentSpec, figureSvg, flowChartSvg, forestSpec, kmSpec, signatureHeatmapSpec, volcanoSpec, type FigureSpec } from '../../figures/index.ts'
import type { ReportFigure, ReportTable } from './html.ts'
import { formatP, pLabel } from '../../math/pvalue.ts'
import { groupingName, isBinary, levelLabel, modelLabel, termLabel, variableLabel } from '../labels.ts'
import { DEMO_VARIABLES } from '../study_data.ts'
import { supplementFigures, supplementTables } from './supplement.ts'
import { gradCamFigure } from './cams.ts'
import { lambdaSensitivityTable } from './lambda.ts'

export const groupingLabel = (g: string): string => groupingName(g) ?? g

/** Outcome columns are not patient characteristics: they stay out of Table 1. */
const OUTCOMES = new Set([DEMO_VARIABLES.time, DEMO_VARIABLES.event])

function table1Rows(t: Table1, groups: string[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = []
  for (const r of t.rows) {
    if (OUTCOMES.has(r.variable)) continue
    const p = r.test?.p ?? null
    const name = variableLabel(r.variable)
    if (r.kind === 'continuous') {
      const cells = groups.map((g) => (r.summaries[g] as ContinuousSummary | undefined)?.text ?? null)
      rows.push([name, '', ...cells, r.test?.test ?? null, p])
    } else {
      const levels = (r.summaries.all as LevelSummary[]).map((l) => l.level)
      const binary = isBinary(levels)
      levels.forEach((lv, i) => rows.push([i === 0 ? name : '', levelLabel(lv, binary), ...groups.map((g) => (r.summaries[g] as LevelSummary[] | undefined)?.find((x) => x.level === lv)?.text ?? '0'), i === 0 ? (r.test?.test ?? null) : null, i === 0 ? p : null]))
    }
  }
  return rows
}

const nameOf = (v: string): string => variableLabel(v)

const pct = (l: LevelSummary) => `${l.count} (${l.percent.toFixed(1)}%)`
const meanSd = (c: ContinuousSummary) => (c.n ? `${c.mean.toFixed(1)} ± ${c.n > 1 ? c.sd.toFixed(1) : 'NA'}` : '')

/** Table 2's rows: per variable (and level) the per-group n (%) or mean ± SD, then the test. */
export function table2Report(t2: Table2Result): { columns: string[]; rows: (string | number | null)[][] } {
  const sums = t2.summaries ?? {}
  const groups = [...new Set(Object.values(sums).flatMap((s) => s.groups))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const rows: (string | number | null)[][] = []
  for (const [g, assoc] of Object.entries(t2.associations)) {
    const s = sums[g]
    const cellsOf = (variable: string, level: string | null) => {
      const row = s?.rows.find((x) => x.variable === variable)
      return groups.map((k) => {
        if (!row || !s.groups.includes(k)) return ''
        const v = row.summaries[k]
        if (level === null) return Array.isArray(v) ? '' : meanSd(v)
        const l = Array.isArray(v) ? v.find((x) => x.level === level) : undefined
        return l ? pct(l) : Array.isArray(v) ? '0 (0.0%)' : ''
      })
    }
    for (const a of assoc) {
      const row = s?.rows.find((x) => x.variable === a.variable)
      const all = row?.summaries.all
      const test = [a.test, a.statistic, a.n, a.p, a.pAdjusted]
      if (Array.isArray(all)) {
        const binary = isBinary(all.map((l) => l.level))
        all.forEach((l, i) => rows.push([i === 0 ? nameOf(g) : '', i === 0 ? nameOf(a.variable) : '', levelLabel(l.level, binary), ...cellsOf(a.variable, l.level), ...(i === 0 ? test : [null, null, null, null, null])]))
      } else rows.push([nameOf(g), nameOf(a.variable), row ? 'mean ± SD' : '', ...cellsOf(a.variable, null), ...test])
    }
  }
  for (const a of t2.agreement) rows.push([nameOf(a.a), nameOf(a.b), '', ...groups.map(() => ''), 'adjusted Rand index', a.ari, a.n, null, null])
  return { columns: ['Grouping', 'Variable', 'Level', ...groups.map((k) => `Group ${k}`), 'Test', 'Statistic', 'n', 'p', 'adjusted p (BH)'], rows }
}

export function reportTables(r: StudyResult): ReportTable[] {
  const tables: ReportTable[] = []
  const g1 = ['all', ...['train', 'test'].filter((g) => r.table1.all.groups.includes(g)), ...r.table1.all.groups.filter((g) => g !== 'train' && g !== 'test')]
  const t1cols = ['Variable', 'Level', ...g1.map((g) => `${g === 'all' ? 'All' : g === 'train' ? 'Training' : g === 'test' ? 'Testing' : g} (n = ${r.table1.all.counts[g]})`), 'Test (train vs test)', 'p']
  const rows1 = table1Rows(r.table1.all, g1)
  if (r.table1.rna) {
    const rnaRows = table1Rows(r.table1.rna, ['all'])
    // as the paper's Table 1: All, RNA subset, Training, Testing
    t1cols.splice(3, 0, `RNA subset (n = ${r.table1.rna.counts.all})`)
    // align by position: both tables list the same variables and levels of the RNA subset; levels absent there show 0
    const key = (row: (string | number | null)[], i: number, arr: (string | number | null)[][]) => {
      let v = row[0]
      for (let k = i; k >= 0 && !v; k--) v = arr[k][0]
      return `${v}|${row[1]}`
    }
    const rnaMap = new Map(rnaRows.map((row, i) => [key(row, i, rnaRows), row[2]]))
    rows1.forEach((row, i) => row.splice(3, 0, rnaMap.get(key(row, i, rows1)) ?? '0'))
  }
  tables.push({ id: 'table1', title: 'Table 1. Patient characteristics', columns: t1cols, rows: rows1, note: 'mean ± SD [median (range)] for continuous variables, n/N (%) for categories; tests between training and testing cohorts (t-test or Mann–Whitney by Shapiro–Wilk, chi-square or Fisher).' })

  const t2 = table2Report(r.table2)
  tables.push({ id: 'table2', title: 'Table 2. Groupings against clinical, pathological and radiological variables and each other', columns: t2.columns, rows: t2.rows, note: 'n (%) of the group for categories, mean ± SD for continuous variables; tests across the groups of each grouping (t-test or Mann–Whitney, Kruskal–Wallis, chi-square or Fisher), BH-adjusted per grouping; agreement between groupings by the adjusted Rand index.' })

  const h = r.plan.survival.horizonMonths
  const rows3: (string | number | null)[][] = []
  for (const [g, s] of Object.entries(r.survival))
    for (const k of s.km.groups) {
      const at = k.at[0]
      rows3.push([nameOf(g), k.group, k.n, k.events, at?.surv ?? null, at?.lower ?? null, at?.upper ?? null, k.group === s.km.groups[0].group ? s.logrankP : null])
    }
  tables.push({ id: 'table3', title: `Table 3a. Metastasis-free survival by grouping: Kaplan–Meier and log-rank test`, columns: ['Grouping', 'Group', 'n', 'Events', `${h}-month MFS`, 'Lower 95%', 'Upper 95%', 'Log-rank p'], rows: rows3, note: `MFS at ${h} months (Kaplan–Meier, log-transformed 95% CI); log-rank test across the groups of each grouping.` })
  const rows3b: (string | number | null)[][] = []
  for (const [g, s] of Object.entries(r.survival))
    for (const [kind, terms] of [['Univariable', s.univariable], ['Multivariable', s.multivariable]] as const)
      terms.forEach((t, i) => rows3b.push([i === 0 ? nameOf(g) : '', i === 0 ? kind : '', termLabel(t.term), t.hr, t.lower, t.upper, t.p]))
  if (r.stepwise) {
    rows3b.push(['Stepwise AIC', `start: ${r.stepwise.start.map((t) => termLabel(t)).join(', ')}`, `selected: ${r.stepwise.selected.map((t) => termLabel(t)).join(', ') || '(none)'}`, null, null, null, null])
    for (const st of r.stepwise.steps) rows3b.push(['', st.removed ? `removed ${termLabel(st.removed)}` : 'full model', `AIC ${st.aic.toFixed(2)}`, null, null, null, null])
    if (r.profileGrouping) rows3b.push(['Profiled grouping', groupingLabel(r.profileGrouping.grouping), r.profileGrouping.reason, null, null, null, null])
  }
  tables.push({ id: 'table3b', title: 'Table 3b. Metastasis-free survival by grouping: Cox proportional hazards models', columns: ['Grouping', 'Model', 'Term', 'HR', 'Lower 95%', 'Upper 95%', 'p'], rows: rows3b, note: `Multivariable models adjust for age, histotype (SARCULATOR categories, reference ${r.plan.coding?.histotype.reference ?? 'M/RC LPS'}), grade III vs I–II, size, chemotherapy, radiotherapy (reference ${r.plan.coding?.radiotherapy.reference ?? 'yes'}) and margins R1–R2 vs R0 (Efron ties).` })

  if (r.complementarity) {
    const c = r.complementarity
    const rows4: (string | number | null)[][] = []
    for (const cv of c.cindex.cv) {
      const terms = c.univariable[cv.model] ?? []
      rows4.push([modelLabel(cv.model), terms.map((t) => `${termLabel(t.term)}: HR ${t.hr.toPrecision(3)} (${t.lower.toPrecision(3)}–${t.upper.toPrecision(3)}), ${pLabel(t.p)}`).join('; '), cv.mean, cv.lower, cv.upper])
    }
    tables.push({ id: 'table4', title: `Table 4. Models in the RNA subset (n = ${c.n}, ${c.events} events): ${r.plan.survival.cvFolds}-fold cross-validated Harrell's C`, columns: ['Model', 'Cox terms', 'C (mean)', 'lower 95%', 'upper 95%'], rows: rows4, note: `Worst combination: ${c.worstCombination}.` })
    if (c.cindex.bootstrap)
      tables.push({ id: 'table4b', title: `Bootstrap comparison of C-indices (${c.cindex.bootstrap.replicates} replicates)`, columns: ['Model A', 'Model B', 'C(B) − C(A)', 'lower 95%', 'upper 95%', 'p'], rows: c.cindex.bootstrap.pairs.map((p) => [modelLabel(p.a), modelLabel(p.b), p.diff, p.lower, p.upper, formatP(p.p, { reps: c.cindex.bootstrap!.replicates })]), note: `A bootstrap p from B = ${c.cindex.bootstrap.replicates} replicates cannot be smaller than 1/(B + 1) = ${(1 / (c.cindex.bootstrap.replicates + 1)).toPrecision(2)}.` })
  }
  if (r.profile) {
    const ch = r.profile.characterisation
    tables.push({ id: 'dge', title: `Differential expression, worst combination vs others (|FC| ≥ ${r.plan.dge.foldChange}, BH p < ${r.plan.dge.adjP})`, columns: ['Gene', 'log2 FC', 't', 'p', 'adjusted p', 'direction'], rows: ch.tests.filter((t) => t.significant).sort((a, b) => a.p - b.p).map((t) => [t.gene, t.logFC, t.t, t.p, t.adjP, t.direction]), htmlRows: 50 })
    // one row per set and direction, with its collection (adjusted p within the collection)
    tables.push({ id: 'enrichment', title: 'Gene-set over-representation among up- and down-regulated genes (per collection)', columns: ['Collection', 'Gene set', 'direction', 'overlap', 'size', 'p', 'adjusted p'], rows: [...ch.up.map((e) => [e.collection ?? '', e.set, 'up', e.overlap, e.size, e.p, e.adjP] as (string | number)[]), ...ch.down.map((e) => [e.collection ?? '', e.set, 'down', e.overlap, e.size, e.p, e.adjP] as (string | number)[])].filter((row) => (row[6] as number) < 0.25).sort((a, b) => (a[5] as number) - (b[5] as number)) })
    if (r.profile.gsea.length)
      tables.push({ id: 'gsea', title: `Pre-ranked GSEA on the t statistics (${r.plan.enrichment.perm} permutations; the 25 best sets of each collection)`, columns: ['Collection', 'Gene set', 'size', 'ES', 'NES', 'p', 'adjusted p', 'leading edge'], rows: [...new Set(r.profile.gsea.map((g) => g.collection))].flatMap((c) => r.profile!.gsea.filter((g) => g.collection === c).sort((a, b) => a.p - b.p).slice(0, 25)).map((g) => [g.collection ?? '', g.set, g.size, g.es, g.nes, g.p, g.adjP, g.leadingEdge.slice(0, 8).join(' ')]) })
    tables.push({ id: 'pam', title: `PAM signature (threshold ${ch.pam.chosenThreshold.toPrecision(3)}, ${ch.pam.keptGenes.length} genes)`, columns: ['Gene', ...ch.pam.classes.map((k) => `score ${k}`)], rows: ch.pam.keptGenes.map((g) => [g.gene, ...ch.pam.classes.map((k) => g.scores[k])]), htmlRows: 50 })
  }
  tables.push(...supplementTables(r))
  const lambdaTable = lambdaSensitivityTable(r)
  if (lambdaTable) tables.push(lambdaTable)
  return tables
}

/** A report figure from its specification: the SVG for the report, the specification for the app's plotly view. */
function figure(spec: FigureSpec): ReportFigure {
  return { id: spec.id, title: spec.title, svg: figureSvg(spec), caption: spec.caption, spec }
}

export function reportFigures(r: StudyResult): ReportFigure[] {
  const figs: ReportFigure[] = []
  // Fig. 1: the flow of patients (flow.ts), drawn as SVG in the report and the app
  if (r.flow) figs.push({ id: 'flow', title: 'Fig. 1. Flow of patients: screened, included, excluded (with the reason)', svg: flowChartSvg(r.flow), caption: 'Each exclusion names its reason, count and patients; the warnings give the file and the measured figure (e.g. the fraction of the mask inside the field of view).' })
  for (const [g, s] of Object.entries(r.survival)) {
    const variable = `${groupingLabel(g)} group`
    figs.push(figure(kmSpec({ id: `km-${g}`, variable, title: `Metastasis-free survival by ${variable}`, logrankP: s.logrankP, groups: s.km.groups.map((k) => ({ level: k.group, n: k.n, events: k.events, curve: k.curve })) })))
  }
  const fg = r.survival.hscae ?? r.survival.hrf
  if (fg) figs.push(figure(forestSpec('forest', `Multivariable Cox model: ${r.survival.hscae ? 'HSCAE' : 'h-RF'} group and clinical covariates`, fg.multivariable.map((t) => ({ label: termLabel(t.term), hr: t.hr, lower: t.lower, upper: t.upper, p: t.p })))))
  if (r.complementarity) figs.push(figure(cindexSpec('cindex', 'Fig. 2d. Cross-validated C-index by model (RNA subset)', r.complementarity.cindex.cv.map((c) => ({ model: modelLabel(c.model), mean: c.mean, lower: c.lower, upper: c.upper })), r.plan.survival.cvFolds)))
  if (r.profile) {
    const ch = r.profile.characterisation
    const contrast = 'worst combination vs others'
    figs.push(figure(volcanoSpec('volcano', 'Fig. 3a. Differential expression: worst combination vs others', ch.tests.map((t) => ({ gene: t.gene, logFC: t.logFC, p: t.p, direction: t.direction === 'up' ? 'up' : t.direction === 'down' ? 'down' : 'none', significant: t.significant })), { contrast, fcThreshold: r.plan.dge.foldChange })))
    const several = new Set([...ch.up, ...ch.down].map((e) => e.collection)).size > 1
    const label = (e: { set: string; collection?: string }) => (several && e.collection ? `${e.collection}: ${e.set}` : e.set)
    figs.push(figure(enrichmentSpec('enrichment-bars', 'Fig. 3b. Enriched gene sets among the up- and down-regulated genes', [...ch.up.map((e) => ({ set: label(e), adjP: e.adjP, direction: 'up' as const })), ...ch.down.map((e) => ({ set: label(e), adjP: e.adjP, direction: 'down' as const }))])))
    const sig = r.profile.signature
    if (sig && sig.genes.length) figs.push(figure(signatureHeatmapSpec('pam-heatmap', sig.genes.length < ch.pam.keptGenes.length ? `Fig. 3c. PAM signature: top ${sig.genes.length} of ${ch.pam.keptGenes.length} genes, worst combination vs others` : `Fig. 3c. PAM signature: ${sig.genes.length} genes in the worst combination and the others`, sig)))
  }
  figs.push(...supplementFigures(r))
  const cams = gradCamFigure(r)
  if (cams) figs.push(cams)
  return figs
}

