// The report's λ sensitivity table (src/core/study/lambda_sensitivity.ts): per λ of the
// plan, the HSCAE groups and their HRs. Only formatting: every number comes from the
// StudyResult.
import type { StudyResult } from '../run_study.ts'
import type { ReportTable } from './html.ts'
import { lambdaTermGroup } from '../lambda_sensitivity.ts'
import { pLabel } from '../../math/pvalue.ts'

const hrText = (t: { hr: number; lower: number; upper: number; p: number }) => `${t.hr.toPrecision(3)} (${t.lower.toPrecision(3)}–${t.upper.toPrecision(3)}), ${pLabel(t.p)}`

export function lambdaSensitivityTable(r: StudyResult): ReportTable | null {
  const s = r.lambdaSensitivity
  if (!s?.rows.length) return null
  const rows: (string | number | null)[][] = []
  for (const x of s.rows) {
    const head = [`${x.lambda}${x.main ? ' (study)' : ''}`, x.cindexTrain, x.relativeMseTestPercent, x.ariWithMain, x.worst ?? '', x.logrankP]
    x.groups.forEach((g, i) => {
      const uni = x.univariable.find((t) => lambdaTermGroup(t.term) === g.group)
      const multi = x.multivariable.find((t) => lambdaTermGroup(t.term) === g.group)
      const ref = g.group === x.reference ? 'reference' : null
      rows.push([...(i === 0 ? head : head.map(() => null)), g.group, `${g.n} (${g.train} / ${g.test})`, g.events, uni ? hrText(uni) : ref ?? x.note ?? '', multi ? hrText(multi) : ref ?? x.note ?? ''])
    })
    if (!x.groups.length) rows.push([...head, '', '', null, x.note ?? '', ''])
  }
  return {
    id: 'lambda_sensitivity',
    title: `HSCAE groups by the weight λ of the Cox loss (sensitivity analysis; the study uses λ = ${s.lambda})`,
    columns: ['λ', 'C-index (train, risk head)', 'relative MSE test (%)', 'ARI with the study HSCAE', 'worst group', 'log-rank p', 'Group', 'n (train / test)', 'Events', 'HR univariable (95% CI), p', 'HR multivariable (95% CI), p'],
    rows,
    note: `The HSCAE (loss = MSE + λ · Cox partial likelihood) trained once per λ with the study's other deep settings and seed; groups by the same clustering of the latent vectors, named A (most numerous), B, …; HRs of each group against its best-MFS group (univariable, and adjusted for the clinical covariates of Table 3b); worst group = highest events per person-time; ARI = adjusted Rand index with the study's HSCAE grouping.`,
  }
}
