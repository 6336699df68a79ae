// The report's tables and figures beyond Tables 1–4: ST1 (reconstruction error of the deep
// models per cohort), ST2 (univariable Cox model of each covariate), the UPS subgroup, the
// 2- and 5-year MFS, the choice of the h-RF k, and the Fig. 2 Kaplan–Meier curves of the
// imaging groupings inside the RNA sub-cohort and of the binary worst combination vs the
// rest. Only formatting: every number comes from the StudyResult.
import type { StudyResult } from '../run_study.ts'
import type { ReportFigure, ReportTable } from './html.ts'
import { figureSvg, kmSpec } from '../../figures/index.ts'
import type { KmReport } from '../../stats/km_report.ts'
import { termLabel, variableLabel } from '../labels.ts'

const MODEL_LABEL: Record<string, string> = { hrf: 'h-RF', cae: 'CAE', hscae: 'HSCAE', rna: 'RNA', worst_combination: 'worst combination' }

export function supplementTables(r: StudyResult): ReportTable[] {
  const out: ReportTable[] = []
  const h = r.hrfK
  if (h)
    out.push({
      id: 'hrf_k',
      title: `h-RF consensus clustering: k = ${h.k} (${h.criterion === 'plan' ? 'fixed by the plan' : `chosen from the data by ${h.criterion === 'PAC' ? 'PAC' : 'the delta area of the consensus CDF'}`})`,
      columns: ['k', 'PAC', 'delta area', 'CDF area', 'group sizes'],
      rows: h.perK.map((x) => [x.k, x.pac, x.deltaArea, x.cdfArea, x.sizes.join(' / ')]),
      note: `${h.patients} patients (${h.population === 'all' ? 'training and testing together, as the paper' : 'training cohort; testing patients by nearest centroid'}) × ${h.features} features. ${h.reason}`,
    })
  const deep = (['cae', 'hscae'] as const).filter((m) => r.deep[m])
  if (deep.length)
    out.push({
      id: 'st1',
      title: 'Supplementary Table 1. Reconstruction error of the deep models per cohort',
      columns: ['Model', 'MSE train', 'MSE validation', 'MSE test', 'relative MSE train (%)', 'relative MSE validation (%)', 'relative MSE test (%)', 'relative MSE held out, per repeat (%)'],
      rows: deep.map((m) => {
        const d = r.deep[m]!.metrics
        // each repeat's held-out 10 % at its best epoch (absent from results of older runs)
        const h = d.heldOutRelativeMsePercent ?? []
        const perRepeat = h.length ? (h.length <= 5 ? h.map((v) => v.toFixed(3)).join(', ') : `${Math.min(...h).toFixed(3)}–${Math.max(...h).toFixed(3)} over ${h.length} repeats`) : ''
        return [m.toUpperCase(), d.mse.train, d.mse.validation, d.mse.test, d.relativeMsePercent.train, d.relativeMsePercent.validation, d.relativeMsePercent.test, perRepeat]
      }),
      note: 'Mean squared error between the input slice and its reconstruction over the whole input frame, background included (training, cross-validation held-out and testing patients); relative MSE = 100 × MSE / (intensity range of the inputs)², the range being 1 after the tumour intensities are scaled to [0, 1].',
    })
  if (r.st2?.length)
    out.push({
      id: 'st2',
      title: 'Supplementary Table 2. Univariable Cox models of each covariate (metastasis-free survival)',
      columns: ['Variable', 'Term', 'Reference', 'n', 'Events', 'HR', 'Lower 95%', 'Upper 95%', 'p'],
      rows: r.st2.flatMap((v) =>
        v.terms.length ? [...v.terms.map((t, i) => [i === 0 ? variableLabel(v.variable) : '', termLabel(t.term), i === 0 ? v.reference : '', i === 0 ? v.n : null, i === 0 ? v.events : null, t.hr, t.lower, t.upper, t.p]), ...(v.note ? [['', v.note, '', null, null, null, null, null, null]] : [])] : [[variableLabel(v.variable), v.note ?? '', '', v.n, null, null, null, null, null]],
      ),
      note: 'Whole analysed cohort; categorical covariates against the plan\'s reference level (coding), continuous ones per unit; Efron ties.',
    })
  if (r.ups)
    out.push({
      id: 'ups',
      title: `Subgroup: ${r.ups.label} (n = ${r.ups.n}, ${r.ups.events} events)`,
      columns: ['Grouping', 'Groups (n / events)', 'Log-rank p', 'Term', 'HR', 'Lower 95%', 'Upper 95%', 'p'],
      rows: r.ups.groupings.flatMap((g) => {
        const groups = g.groups.map((x) => `${x.group}: ${x.n}/${x.events}`).join(', ')
        return g.terms.length ? [...g.terms.map((t, i) => [i === 0 ? MODEL_LABEL[g.grouping] ?? g.grouping : '', i === 0 ? groups : '', i === 0 ? g.logrankP : null, `${termLabel(t.term)} vs ${g.reference}`, t.hr, t.lower, t.upper, t.p]), ...(g.note ? [['', '', null, g.note, null, null, null, null]] : [])] : [[MODEL_LABEL[g.grouping] ?? g.grouping, groups, g.logrankP, g.note ?? '', null, null, null, null]]
      }),
      note: `Patients whose histotype is coded "${r.ups.category}"; univariable Cox model of each grouping against its best-MFS group (or the plan's reference).`,
    })
  if (r.mfs) {
    const m = r.mfs
    const cells = (at: { surv: number; lower: number | null; upper: number | null }[]) => at.flatMap((a) => [a.surv, a.lower, a.upper])
    out.push({
      id: 'mfs',
      title: `Metastasis-free survival at ${m.times.map((t) => `${t / 12} years`).join(' and ')}`,
      columns: ['Grouping', 'Group', 'n', 'Events', ...m.times.flatMap((t) => [`${t}-month MFS`, 'lower 95%', 'upper 95%'])],
      rows: [['All patients', '', m.overall.n, m.overall.events, ...cells(m.overall.at)], ...Object.entries(m.groupings).flatMap(([g, rows]) => rows.map((x, i) => [i === 0 ? variableLabel(g) : '', x.group, x.n, x.events, ...cells(x.at)]))],
      note: 'Kaplan–Meier estimates with log-transformed 95% confidence intervals.',
    })
  }
  return out
}

function kmFigure(id: string, title: string, variable: string, km: KmReport, caption?: string): ReportFigure {
  const spec = kmSpec({ id, variable, title, logrankP: km.logrank?.p ?? null, groups: km.groups.map((k) => ({ level: k.group, n: k.n, events: k.events, curve: k.curve })) })
  return { id, title, svg: figureSvg(spec), caption: caption ?? spec.caption, spec }
}

/** Fig. 2: KM of the imaging groupings inside the RNA sub-cohort and of the worst combination vs the rest. */
export function supplementFigures(r: StudyResult): ReportFigure[] {
  const c = r.complementarity
  if (!c) return []
  const figs: ReportFigure[] = []
  const letters = 'abc'
  Object.entries(c.subcohortKm ?? {}).forEach(([g, km], i) => figs.push(kmFigure(`km-rna-${g}`, `Fig. 2${letters[i] ?? ''}. MFS by ${MODEL_LABEL[g] ?? g} group in the RNA sub-cohort (n = ${km.groups.reduce((a, k) => a + k.n, 0)})`, `${MODEL_LABEL[g] ?? g} group`, km)))
  if (c.worstKm) figs.push(kmFigure('km-worst', `Fig. 2e. MFS of the worst combination (${c.worstCombination}) vs the rest`, 'worst combination', c.worstKm, `Binary variable: the RNA × imaging combination with the highest event rate (${c.worstCombination}) against all other patients of the RNA sub-cohort.`))
  return figs
}
