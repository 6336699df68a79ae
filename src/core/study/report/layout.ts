// The report's Results in the paper's order (Table 1, Table 2, Kaplan–Meier with Table 3a,
// Cox with Table 3b, C-index with Table 4, then the expression profile), each figure placed
// with the table it illustrates; whatever is not in the plan goes to "Other results".

import type { ReportFigure, ReportTable } from './types.ts'

export interface ReportSection { id: string; title: string; tables: string[]; figures: string[] }

/** The Results in the paper's order, each figure with the table it illustrates. */
export function reportSections(tables: ReportTable[], figures: ReportFigure[]): ReportSection[] {
  const plan: ReportSection[] = [
    { id: 'results-flow', title: 'Flow of patients', tables: [], figures: ['flow'] },
    { id: 'results-patients', title: 'Patient characteristics', tables: ['table1'], figures: [] },
    { id: 'results-groupings', title: 'Groupings against clinical, pathological and radiological variables', tables: ['table2'], figures: [] },
    { id: 'results-km', title: 'Metastasis-free survival by grouping', tables: ['table3'], figures: figures.filter((f) => f.id.startsWith('km-')).map((f) => f.id) },
    { id: 'results-cox', title: 'Cox models', tables: ['table3b'], figures: ['forest'] },
    { id: 'results-cindex', title: 'Complementarity of the groupings: cross-validated C-index', tables: ['table4', 'table4b'], figures: ['cindex'] },
    { id: 'results-dge', title: 'Differential expression of the worst combination', tables: ['dge'], figures: ['volcano'] },
    { id: 'results-enrichment', title: 'Gene-set enrichment', tables: ['enrichment', 'gsea'], figures: ['enrichment-bars'] },
    { id: 'results-pam', title: 'PAM signature', tables: ['pam'], figures: ['pam-heatmap'] },
  ]
  const has = new Set([...tables.map((t) => t.id), ...figures.map((f) => f.id)])
  const sections = plan.map((s) => ({ ...s, tables: s.tables.filter((t) => has.has(t)), figures: s.figures.filter((f) => has.has(f)) })).filter((s) => s.tables.length + s.figures.length > 0)
  const placed = new Set(sections.flatMap((s) => [...s.tables, ...s.figures]))
  const rest = { id: 'results-other', title: 'Other results', tables: tables.filter((t) => !placed.has(t.id)).map((t) => t.id), figures: figures.filter((f) => !placed.has(f.id)).map((f) => f.id) }
  if (rest.tables.length + rest.figures.length) sections.push(rest)
  return sections
}
