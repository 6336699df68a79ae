// The report's building blocks: a table (header, rows, note) and a figure (SVG for the report,
// its specification for plotly in the app). Shared by html.ts (the page) and layout.ts (the order).
import type { FigureSpec } from '../../figures/index.ts'

export interface ReportTable {
  id: string
  title: string
  columns: string[]
  rows: (string | number | null)[][]
  note?: string
  /** at most this many rows in report.html (a long gene list); the CSV keeps every row */
  htmlRows?: number
}
export interface ReportFigure { id: string; title: string; svg: string; caption?: string; /** the figure's specification, drawn with plotly in the app */ spec?: FigureSpec }
