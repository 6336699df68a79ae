// The study as one zip: report.html, analysis.json, tables/<id>.csv and figures/<id>.svg,
// the same files the CLI writes beside it (`study --out DIR` → DIR/study.zip).

import { zipSync, strToU8 } from 'fflate'
import { toCsv } from '../../table/table.ts'
import type { ReportFigure, ReportTable } from './html.ts'

export interface StudyFiles { html: string; analysisText: string; tables: ReportTable[]; figures: ReportFigure[] }

/** Path → text of every file of the study's output. */
export function studyFiles(s: StudyFiles): Record<string, string> {
  const files: Record<string, string> = { 'report.html': s.html, 'analysis.json': s.analysisText }
  for (const t of s.tables) files[`tables/${t.id}.csv`] = toCsv(t.columns, t.rows)
  for (const f of s.figures) files[`figures/${f.id}.svg`] = f.svg
  return files
}

/** Path → text, zipped (deflate level 6). */
export function zipTexts(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), { level: 6 })
}

/** The study's files zipped. */
export function studyZip(s: StudyFiles): Uint8Array {
  return zipTexts(studyFiles(s))
}
